import { describe, expect, it } from 'vitest';
import { defaultJudge } from './default-value.js';

const EMOJI = '\u{1F600}';
const issuesOf = (node: Record<string, unknown>) =>
  defaultJudge()
    .check(node)
    .issues.map((i) => `${i.path}|${i.rule}|${i.message}`);

// Each row: a schema node with a default, and the apiserver's verdict on it when the CRD is written
// (the differential test test/validate/defaults.e2e.test.ts asks a real apiserver the same).
describe('defaultJudge: a default as the apiserver judges it in a CRD', () => {
  it.each([
    ['lengths in runes: 3 emoji fit maxLength 3', { type: 'string', maxLength: 3, default: EMOJI.repeat(3) }],
    ['RE2: . is one rune', { type: 'string', pattern: '^.{3}$', default: `a${EMOJI}b` }],
    ['RE2: Unicode classes', { type: 'string', pattern: '^\\p{Greek}+$', default: 'αβγ' }],
    [
      'enum: objects equal whatever their key order',
      { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'integer' } }, enum: [{ a: 1, b: 2 }], default: { b: 2, a: 1 } },
    ],
    ['unknown fields below preserve-unknown-fields', { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, default: { x: 1 } }],
    [
      'a transition rule with oldSelf bound to the default',
      { type: 'string', default: 'x', 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }] },
    ],
    ['null: no default at all', { type: 'string', default: null }],
  ])('accepts: %s', (_name, node) => {
    expect(issuesOf(node)).toEqual([]);
  });

  it.each([
    ['wrong type', { type: 'integer', default: 'x' }, ['|type|Invalid value: "string": must be of type integer']],
    [
      'maxLength in runes',
      { type: 'string', maxLength: 3, default: EMOJI.repeat(4) },
      ['|maxLength|Too long: may not be more than 3 bytes'],
    ],
    [
      'minLength in runes',
      { type: 'string', minLength: 3, default: EMOJI.repeat(2) },
      [`|minLength|Invalid value: "${EMOJI.repeat(2)}": should be at least 3 chars long`],
    ],
    [
      'RE2: $ does not match before a final newline',
      { type: 'string', pattern: '^abc$', default: 'abc\n' },
      ['|pattern|Invalid value: "abc\\n": should match \'^abc$\''],
    ],
    [
      'an unknown field',
      { type: 'object', properties: { a: { type: 'object', properties: {} } }, default: { a: { b: 1 } } },
      ['a.b|unknown-field|must not have unknown fields'],
    ],
    [
      'a required field with a default of its own (nested defaults are not applied)',
      { type: 'object', required: ['a'], properties: { a: { type: 'string', default: 'x' } }, default: {} },
      ['a|required|Required value'],
    ],
    [
      'a nested null',
      { type: 'object', properties: { a: { type: 'string' } }, default: { a: null } },
      ['a|type|Invalid value: "null": must be of type string'],
    ],
    [
      'a CEL rule of a nested field',
      {
        type: 'object',
        properties: { a: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self < 3', message: 'small' }] } },
        default: { a: 5 },
      },
      ['a|self < 3|Invalid value: small'],
    ],
    [
      'a transition rule that needs a change',
      { type: 'string', default: 'x', 'x-kubernetes-validations': [{ rule: 'self != oldSelf' }] },
      ['|self != oldSelf|Invalid value: failed rule: self != oldSelf'],
    ],
  ])('refuses: %s', (_name, node, expected) => {
    expect(issuesOf(node)).toEqual(expected);
  });

  it('runs CEL only once the schema holds, as the apiserver does', () => {
    expect(issuesOf({ type: 'integer', maximum: 1, default: 5, 'x-kubernetes-validations': [{ rule: 'self < 3' }] })).toEqual([
      '|maximum|Invalid value: 5: must be less than or equal to 1',
    ]);
  });

  it('keeps list-type duplicates apart: the CRD is accepted, objects that get the default are not', () => {
    const verdict = defaultJudge().check({
      type: 'array',
      items: { type: 'string' },
      'x-kubernetes-list-type': 'set',
      default: ['a', 'a'],
    });
    expect(verdict.issues).toEqual([]);
    expect(verdict.objectIssues.map((i) => i.path)).toEqual(['[1]']);
  });
});
