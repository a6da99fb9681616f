import { describe, expect, it } from 'vitest';
import { MAX_DEPTH } from './limits.js';
import { parseFile } from './parse.js';

const nested = (levels: number) => `x: ${'['.repeat(levels - 1)}1${']'.repeat(levels - 1)}\n`;
const jsonNested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('nesting limit', () => {
  it('takes exactly MAX_DEPTH levels of maps and lists, in YAML and JSON', () => {
    expect(parseFile('ok.yaml', nested(MAX_DEPTH)).diagnostics).toEqual([]);
    expect(parseFile('ok.json', jsonNested(MAX_DEPTH)).diagnostics).toEqual([]);
  });

  it('refuses one more, located', () => {
    expect(parseFile('deep.yaml', nested(MAX_DEPTH + 1)).diagnostics).toMatchObject([{ code: 'too-deep', line: 1 }]);
    expect(parseFile('deep.json', jsonNested(MAX_DEPTH + 1)).diagnostics).toMatchObject([
      { code: 'too-deep', line: 1, col: MAX_DEPTH + 1 },
    ]);
  });
});

describe('aliases', () => {
  it('become separate copies, as go-yaml decodes them: changing one leaves the other', () => {
    const { documents, diagnostics } = parseFile('a.yaml', 'a: &x { size: 1 }\nb: *x\nc: { <<: *x, label: 2 }\n');
    expect(diagnostics).toEqual([]);
    const value = documents[0]!.value as Record<string, Record<string, number>>;
    expect(value).toEqual({ a: { size: 1 }, b: { size: 1 }, c: { size: 1, label: 2 } });
    expect(value.a).not.toBe(value.b);
  });

  it('are refused past go-yaml budget (over 99 % of 1 000+ nodes from aliases), allowed under it', () => {
    // 10 aliases of a 100-item list: 1 000 expanded nodes from 100 written ones.
    const list = `[${Array(100).fill('1').join(', ')}]`;
    const under = `a: &x ${list}\nb: [${Array(10).fill('*x').join(', ')}]\n`;
    expect(parseFile('under.yaml', under).diagnostics).toEqual([]);
    // 200 aliases of a list of 1 000 items: 200 000 expanded nodes, 99.5 % of them from aliases.
    const big = `[${Array(1000).fill('1').join(', ')}]`;
    const over = `a: &x ${big}\nb: [${Array(200).fill('*x').join(', ')}]\n`;
    expect(parseFile('over.yaml', over).diagnostics).toMatchObject([{ code: 'yaml-aliases' }]);
  });

  it('keep __proto__ an own key when copied', () => {
    const { documents } = parseFile('p.yaml', 'a: &x { __proto__: { polluted: 1 } }\nb: *x\n');
    const b = (documents[0]!.value as Record<string, object>).b!;
    expect(Object.keys(b)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(b)).toBe(Object.prototype);
  });
});
