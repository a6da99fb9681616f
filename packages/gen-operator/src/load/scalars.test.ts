import { describe, expect, it } from 'vitest';
import { buildModels } from '../model/index.js';
import { parseFile } from './parse.js';
import { resolvePlain } from './scalars.js';

// What go-yaml v2 (through sigs.k8s.io/yaml, as kubectl and the apiserver use it) makes of a plain scalar.
const TABLE: [string, unknown][] = [
  // YAML 1.1 booleans, in exactly the spellings go-yaml knows
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s): [string, unknown] => [s, true]),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s): [string, unknown] => [s, false]),
  // other case mixes are strings
  ['yEs', 'yEs'],
  ['oN', 'oN'],
  ['tRUE', 'tRUE'],
  ['nO', 'nO'],
  ['Y.', 'Y.'],
  // null
  ['~', null],
  ['null', null],
  ['Null', null],
  ['NULL', null],
  ['nULL', 'nULL'],
  // integers: decimal, signs, `_` separators, 0x / 0o / 0b, YAML 1.1 leading-zero octal
  ['0', 0],
  ['42', 42],
  ['+42', 42],
  ['-42', -42],
  ['1_000_000', 1_000_000],
  ['0x1F', 31],
  ['0X1f', 31],
  ['-0x10', -16],
  ['0o17', 15],
  ['0777', 511],
  ['-0777', -511],
  ['0b101', 5],
  ['-0b101', -5],
  ['08', 8], // not octal: go-yaml falls back to a float
  ['0x', '0x'],
  ['0xG', '0xG'],
  ['0x1FFFFFFFFFFFFFFFF', '0x1FFFFFFFFFFFFFFFF'], // beyond uint64: stays a string
  ['18446744073709551615', 2 ** 64], // uint64 max, as near as a JS number gets
  ['99999999999999999999', 1e20], // beyond uint64 but decimal: a float
  // floats
  ['1.5', 1.5],
  ['1.', 1],
  ['.5', 0.5],
  ['-.5', -0.5],
  ['+.5', 0.5],
  ['1e3', 1000],
  ['1E-2', 0.01],
  ['1_0.5', 10.5],
  ['1e400', '1e400'], // overflows: go-yaml keeps the text
  ['.nan', Number.NaN],
  ['.Inf', Number.POSITIVE_INFINITY],
  ['-.INF', Number.NEGATIVE_INFINITY],
  ['.iNf', '.iNf'],
  // strings that look like something else
  ['1.2.3', '1.2.3'],
  ['2024-01-02', '2024-01-02'], // timestamps stay strings when decoded into interface{}
  ['1:30', '1:30'], // no base-60
  ['NaN', 'NaN'],
  ['Infinity', 'Infinity'],
  ['+', '+'],
  ['-', '-'],
  ['_1', '_1'],
  ['None', 'None'],
  ['v1', 'v1'],
];

describe('plain scalars as the apiserver reads them', () => {
  it.each(TABLE)('%s', (text, expected) => {
    expect(resolvePlain(text)).toEqual(expected);
  });

  it('gives the same values through the loader, and quoted scalars stay strings', () => {
    // `k: -` would open a sequence, so that row is checked on resolvePlain alone.
    const finite = TABLE.filter(([s, v]) => s !== '-' && (typeof v !== 'number' || Number.isFinite(v)));
    const text = finite.map(([s], i) => `k${i}: ${s}\nq${i}: "${s}"\n`).join('');
    const { documents, diagnostics } = parseFile('table.yaml', text);
    expect(diagnostics).toEqual([]);
    const value = documents[0]?.value as Record<string, unknown>;
    finite.forEach(([s, expected], i) => {
      expect(value[`k${i}`], s).toEqual(expected);
      expect(value[`q${i}`], s).toBe(s);
    });
  });

  it('reads YAML 1.1 keys as JSON keys and still locates them', () => {
    const { documents } = parseFile('keys.yaml', 'a:\n  y: 1\n  off: 2\n  0x10: 3\n  "yes": 4\n');
    const doc = documents[0];
    expect(doc?.value).toEqual({ a: { true: 1, false: 2, 16: 3, yes: 4 } });
    expect(doc?.locate(['a', 'true'])).toEqual({ file: 'keys.yaml', line: 2, col: 3 });
    expect(doc?.locate(['a', 'false'])).toEqual({ file: 'keys.yaml', line: 3, col: 3 });
    expect(doc?.locate(['a', '16'])).toEqual({ file: 'keys.yaml', line: 4, col: 3 });
    expect(doc?.locate(['a', 'yes'])).toEqual({ file: 'keys.yaml', line: 5, col: 3 });
  });

  it('reports keys that become the same JSON key as duplicates', () => {
    const { diagnostics } = parseFile('dup.yaml', 'a:\n  y: 1\n  on: 2\n');
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([['yaml-syntax', 3]]);
  });

  it('refuses values JSON cannot hold, located', () => {
    const { documents, diagnostics } = parseFile('bad.yaml', 'spec:\n  ratio: .inf\n  ok: ".nan"\n~: 1\n');
    expect(documents).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.line, d.col])).toEqual([
      ['yaml-not-json', 2, 10],
      ['yaml-not-json', 4, 1],
    ]);
    expect(diagnostics[0]?.message).toContain('.inf');
    expect(diagnostics[0]?.hint).toContain('quote');
  });

  it('takes `served: yes` / `storage: on` as the apiserver does', () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }
  versions:
    - name: v1
      served: yes
      storage: on
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: y
`;
    const { documents, diagnostics } = parseFile('widget.yaml', crd);
    expect(diagnostics).toEqual([]);
    const models = buildModels(documents);
    expect(models.diagnostics).toEqual([]);
    const version = models.resources[0]?.versions[0];
    expect(version?.served).toBe(true);
    expect(version?.storage).toBe(true);
    expect(documents[0]?.locate(['spec', 'versions', 0, 'served'])).toEqual({ file: 'widget.yaml', line: 11, col: 7 });
  });
});
