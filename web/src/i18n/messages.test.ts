import { describe, expect, it } from 'vitest';
import { format } from './i18n';
import { en, zhCN, type MessageKey } from './messages';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the dictionaries', () => {
  it('use the same placeholders in zh-CN and English for every key', () => {
    for (const key of Object.keys(zhCN) as MessageKey[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]));
    }
  });

  it('have no empty strings', () => {
    for (const [key, text] of [...Object.entries(zhCN), ...Object.entries(en)])
      expect(text.trim(), key).not.toBe('');
  });
});

describe('format', () => {
  it('substitutes placeholders and leaves unknown ones visible', () => {
    expect(format('下午好，{name}', { name: '王小明' })).toBe('下午好，王小明');
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});
