import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../http/errors.js';
import { createCnHolidaySource } from './cn-holiday-source.js';
import { parseIcsNotice } from './ics-notice.js';

const ics = (...events: string[][]) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    ...events.flatMap((lines) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT']),
    'END:VCALENDAR',
  ].join('\r\n');

function messages(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.fields.map((f) => `${f.path}: ${f.message.en}`);
    throw err;
  }
  throw new Error('expected a DomainError');
}

describe('ICS notice import', () => {
  it.each([2024, 2025, 2026])(
    'reads the chinese-days %i feed back into exactly the dataset’s days',
    (year) => {
      const path = createRequire(import.meta.url).resolve(`chinese-days/dist/years/${year}.ics`);
      const notice = parseIcsNotice(readFileSync(path, 'utf8'), { year });
      expect(notice.days).toEqual(createCnHolidaySource().rulesFor(year).days);
    },
  );

  it('follows the convention: 班 in SUMMARY = working day, DTEND exclusive, names without 休/班 notes', () => {
    const text = ics(
      ['DTSTART;VALUE=DATE:20271001', 'DTEND;VALUE=DATE:20271008', 'SUMMARY:国庆节（休）'],
      ['DTSTART:20270926', 'SUMMARY:国庆节调休上班'],
      ['DTSTART;VALUE=DATE:20270101', 'SUMMARY:元旦'],
    );
    const notice = parseIcsNotice(text, { year: 2027, source: 'admin upload' });
    expect(notice.source).toBe('admin upload');
    expect(notice.days[0]).toEqual({ date: '2027-01-01', kind: 'off', name: '元旦' });
    expect(notice.days[1]).toEqual({ date: '2027-09-26', kind: 'work', name: '国庆节' });
    expect(notice.days.filter((d) => d.kind === 'off' && d.name === '国庆节')).toHaveLength(7);
  });

  it('unfolds long lines, unescapes text and accepts LF line ends', () => {
    const text = ics(['DTSTART;VALUE=DATE:20270405', 'SUMMARY:清明\\, 扫', ' 墓(休)']).replaceAll(
      '\r\n',
      '\n',
    );
    expect(parseIcsNotice(text, { year: 2027 }).days).toEqual([
      { date: '2027-04-05', kind: 'off', name: '清明, 扫墓' },
    ]);
  });

  it('keeps one year of a multi-year feed, with the 元旦 days of the December before', () => {
    const text = ics(
      // A made-up feed shaped like the 2019 notice (元旦 on a Tuesday: Sat 29 Dec worked, 30 Dec–1 Jan off).
      ['DTSTART;VALUE=DATE:20291230', 'DTEND;VALUE=DATE:20300102', 'SUMMARY:元旦(休)'],
      ['DTSTART;VALUE=DATE:20291229', 'SUMMARY:元旦(班)'],
      ['DTSTART;VALUE=DATE:20291001', 'DTEND;VALUE=DATE:20291008', 'SUMMARY:国庆节(休)'],
    );
    expect(parseIcsNotice(text, { year: 2030 }).days.map((d) => `${d.date} ${d.kind}`)).toEqual([
      '2029-12-29 work',
      '2029-12-30 off',
      '2029-12-31 off',
      '2030-01-01 off',
    ]);
  });

  it('merges overlapping events of the same kind', () => {
    const text = ics(
      ['DTSTART;VALUE=DATE:20251001', 'DTEND;VALUE=DATE:20251009', 'SUMMARY:国庆节(休)'],
      ['DTSTART;VALUE=DATE:20251006', 'SUMMARY:中秋节(休)'],
    );
    expect(parseIcsNotice(text, { year: 2025 }).days.find((d) => d.date === '2025-10-06')?.name).toBe(
      '国庆节、中秋节',
    );
  });

  it.each([
    [
      'a date-time start',
      ['DTSTART:20271001T090000', 'SUMMARY:国庆节'],
      'VEVENT[0]: DTSTART must be an all-day DATE value like 20261001, got "20271001T090000"',
    ],
    ['no start', ['SUMMARY:国庆节'], 'VEVENT[0]: DTSTART is missing'],
    ['no summary', ['DTSTART;VALUE=DATE:20271001'], 'VEVENT[0]: SUMMARY is missing'],
    [
      'an end before the start',
      ['DTSTART;VALUE=DATE:20271001', 'DTEND;VALUE=DATE:20271001', 'SUMMARY:国庆节'],
      'VEVENT[0]: DTEND must be after DTSTART (DTEND is exclusive)',
    ],
    [
      'an impossible date',
      ['DTSTART;VALUE=DATE:20270230', 'SUMMARY:春节'],
      'VEVENT[0]: DTSTART 20270230 is not a real date',
    ],
  ])('rejects %s, naming the event', (_, lines, message) => {
    expect(messages(() => parseIcsNotice(ics(lines), { year: 2027 }))).toEqual([message]);
  });

  it('rejects a day that is both off and worked', () => {
    const text = ics(
      ['DTSTART;VALUE=DATE:20271002', 'SUMMARY:国庆节(休)'],
      ['DTSTART;VALUE=DATE:20271002', 'SUMMARY:国庆节(班)'],
    );
    expect(messages(() => parseIcsNotice(text, { year: 2027 }))).toEqual([
      'VEVENT[1]: 2027-10-02 is both a day off (国庆节) and a working day (国庆节)',
    ]);
  });

  it('rejects a file without events, or without days of the year', () => {
    expect(messages(() => parseIcsNotice('BEGIN:VCALENDAR\r\nEND:VCALENDAR', { year: 2027 }))).toEqual([
      ': no VEVENT found in the ICS file',
    ]);
    expect(
      messages(() => parseIcsNotice(ics(['DTSTART;VALUE=DATE:20261001', 'SUMMARY:国庆节']), { year: 2027 })),
    ).toEqual([': the ICS file has no days for 2027']);
  });

  it('applies the notice rules after import (a working weekday is refused)', () => {
    expect(
      messages(() =>
        parseIcsNotice(ics(['DTSTART;VALUE=DATE:20270927', 'SUMMARY:国庆节(班)']), { year: 2027 }),
      ),
    ).toEqual(["days.0.date: 2027-09-27 is a weekday; a 'work' day must be a Saturday or Sunday"]);
  });
});
