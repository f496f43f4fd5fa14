import { describe, expect, it } from 'vitest';
import { lineOfPath, syntaxErrorLine, valueLines } from './json-lines';

const text = JSON.stringify(
  {
    id: 'event-tickets',
    windows: { refund: { days: 7, note: 'a "quoted" }, text' } },
    list: [1, { x: true }],
  },
  null,
  2,
);

describe('valueLines', () => {
  it('finds the line of each value by its dotted path', () => {
    const lines = valueLines(text);
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(lines.get('id')).toBe(lineOf('"id"'));
    expect(lines.get('windows.refund.days')).toBe(lineOf('"days"'));
    expect(lines.get('windows.refund.note')).toBe(lineOf('"note"'));
    expect(lines.get('list.1.x')).toBe(lineOf('"x"'));
    expect(lines.get('list.0')).toBe(lineOf('"list"') + 1);
  });

  it('answers nothing for text that is not JSON', () => {
    expect(valueLines('{"a": ').size).toBe(0);
  });
});

describe('lineOfPath', () => {
  it('falls back to the nearest ancestor for a missing key', () => {
    const lines = valueLines(text);
    expect(lineOfPath(lines, 'windows.refund.missing')).toBe(lines.get('windows.refund'));
    expect(lineOfPath(lines, '')).toBe(1);
  });
});

describe('syntaxErrorLine', () => {
  it.each([
    ['Unexpected token } in JSON at position 9', 2],
    ["Expected ',' or '}' after property value in JSON at position 9 (line 2 column 4)", 2],
    ['Unexpected end of JSON input', undefined],
  ])('%s → %s', (message, line) => {
    expect(syntaxErrorLine('{\n  "a": 1 }', new SyntaxError(message))).toBe(line);
  });
});
