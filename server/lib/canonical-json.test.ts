import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('lists array-index keys first, by number, as a JavaScript object lists them (existing chains were hashed so)', () => {
    expect(canonicalJson({ b: 1, 10: 1, a: 1, 2: 1, '02': 1, '4294967295': 1, '4294967294': 1 })).toBe(
      '{"2":1,"10":1,"4294967294":1,"02":1,"4294967295":1,"a":1,"b":1}',
    );
  });

  it('sorts keys at every depth, drops undefined, writes bigint and dates as strings', () => {
    expect(
      canonicalJson({ b: 1n, a: [undefined, { d: new Date(0), c: undefined }], e: -0, f: Number.NaN }),
    ).toBe('{"a":[null,{"d":"1970-01-01T00:00:00.000Z"}],"b":"1","e":0,"f":null}');
  });
});
