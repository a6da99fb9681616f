import { describe, expect, it } from 'vitest';
import { jsonSafe, printable } from './diagnostics.js';

describe('printable', () => {
  it.each([
    ['\u001b[31mred', '\\x1b[31mred'],
    ['bell\u0007', 'bell\\x07'],
    ['two\nlines\r\n', 'two\\nlines\\r\\n'],
    ['tab\t', 'tab\\t'],
    ['del\u007f c1\u009b', 'del\\x7f c1\\x9b'],
    ['rtl\u202eoverride \u2066isolate\u2069', 'rtl\\u202eoverride \\u2066isolate\\u2069'],
    ['line\u2028sep', 'line\\u2028sep'],
    ['lone \ud800 and \udc00', 'lone \\ud800 and \\udc00'],
    ['not a char \uffff', 'not a char \\uffff'],
  ])('escapes %j', (raw, shown) => {
    expect(printable(raw)).toBe(shown);
  });

  it('leaves other text alone, pairs of surrogates included', () => {
    const text = 'é 中 😀 \u00a0 plain ascii ~!@#';
    expect(printable(text)).toBe(text);
  });
});

describe('jsonSafe', () => {
  it('escapes what JSON.stringify leaves raw, and stays the same JSON', () => {
    const value = { s: 'a\u0085b\u2028c\u202ed\u007f', n: 1 };
    const text = jsonSafe(JSON.stringify(value, null, 2));
    expect(text).not.toMatch(/[\u007f-\u009f\u2028\u202e]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
