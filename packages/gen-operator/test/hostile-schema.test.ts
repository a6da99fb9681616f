/**
 * Hostile CRDs and documents through the CLI (generate --dry-run and validate), built at test time:
 * patterns that backtrack in defaults and in the sample object, fields named after Object.prototype
 * members, and CEL rules the apiserver refuses (cost, syntax). Each run has a time bound far above
 * its normal cost; the outcome is a verdict with exit 0 or 1, never a hang or exit 3.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Diagnostic } from '../src/diagnostics.js';
import { runCli, workDir } from './helpers.js';

const BOUND = 60_000;
const dir = mkdtempSync(join(workDir, 'hostile-schema-'));

function crdFile(name: string, spec: object): string {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'hostiles.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { kind: 'Hostile', plural: 'hostiles', singular: 'hostile', listKind: 'HostileList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: { spec, status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
            },
          },
        },
      ],
    },
  };
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify(crd));
  return file;
}

async function generate(file: string) {
  const run = await runCli([file, '--json', '--dry-run', '--out', join(dir, 'never')]);
  expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  return { code: run.code, diagnostics: (JSON.parse(run.stdout) as { diagnostics: Diagnostic[] }).diagnostics };
}
const errors = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity === 'error');

describe('patterns that backtrack', () => {
  const evil = '(x+x+)+y';

  it(
    'a default checked against them is judged, not hung',
    async () => {
      const file = crdFile('pattern-default', {
        type: 'object',
        properties: { name: { type: 'string', pattern: evil, default: 'x'.repeat(40) } },
      });
      const { code, diagnostics } = await generate(file);
      expect(code).toBe(1);
      expect(errors(diagnostics).map((d) => [d.code, d.message])).toEqual([
        ['default-invalid', `default is invalid: Invalid value: "${'x'.repeat(40)}": should match '${evil}'`],
      ]);
    },
    BOUND,
  );

  it(
    'the sample object tries its candidates against them',
    async () => {
      const file = crdFile('pattern-sample', {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string', pattern: evil, minLength: 40 } },
      });
      expect((await generate(file)).code).toBe(0);
    },
    BOUND,
  );

  it(
    'a pattern that is not RE2 is refused as the apiserver refuses it',
    async () => {
      const file = crdFile('pattern-lookahead', { type: 'object', properties: { name: { type: 'string', pattern: '^(?=a)a$' } } });
      const { code, diagnostics } = await generate(file);
      expect(code).toBe(1);
      expect(errors(diagnostics).map((d) => d.code)).toEqual(['pattern']);
    },
    BOUND,
  );
});

describe('fields named after Object.prototype members', () => {
  const names = ['__proto__', 'constructor', 'toString', 'valueOf'];
  // Object.fromEntries makes `__proto__` an own key (a literal `__proto__:` would set the prototype).
  const spec = {
    type: 'object',
    required: ['toString'],
    properties: {
      ...Object.fromEntries(names.map((n) => [n, { type: 'string', maxLength: 10 }])),
      nested: { type: 'object', properties: { constructor: { type: 'string' } }, default: { constructor: 'c' } },
    },
    'x-kubernetes-validations': [{ rule: "self.constructor != 'x' && self.toString != ''" }],
  };

  it(
    'generate judges them without an internal error',
    async () => {
      const { code, diagnostics } = await generate(crdFile('prototype-names', spec));
      expect(code).not.toBe(3);
      expect(diagnostics.filter((d) => d.code === 'default-invalid' || d.code === 'required-unknown')).toEqual([]);
    },
    BOUND,
  );

  it(
    'a default missing a required prototype-named field is an error',
    async () => {
      const withDefault = {
        type: 'object',
        properties: {
          inner: {
            type: 'object',
            required: ['toString'],
            properties: { toString: { type: 'string' } },
            default: {},
          },
        },
      };
      const { code, diagnostics } = await generate(crdFile('prototype-required-default', withDefault));
      expect(code).toBe(1);
      expect(errors(diagnostics).map((d) => d.message)).toEqual(['default is invalid: Required value: field "toString" is missing']);
    },
    BOUND,
  );

  it(
    'validate gives verdicts on documents with those keys',
    async () => {
      const crd = crdFile('prototype-validate', spec);
      const docs = join(dir, 'prototype-docs.yaml');
      const doc = (name: string, spec: string) =>
        `{"apiVersion": "example.com/v1", "kind": "Hostile", "metadata": {"name": "${name}"}, "spec": ${spec}}`;
      writeFileSync(
        docs,
        [doc('good', '{"toString": "a", "__proto__": "b", "constructor": "c"}'), doc('bad', '{"constructor": "x"}')].join('\n---\n'),
      );
      const run = await runCli(['validate', docs, '--crd', crd, '--json']);
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as { resources: { object: string; valid: boolean; findings: Diagnostic[] }[] };
      expect(report.resources.map((r) => [r.object, r.valid, r.findings.map((f) => [f.path, f.message])])).toEqual([
        ['Hostile good', true, []],
        [
          'Hostile bad',
          false,
          [
            ['spec.toString', 'Required value'],
            [
              'spec',
              "Invalid value: failed rule: self.constructor != 'x' && self.toString != '' (rule: self.constructor != 'x' && self.toString != '')",
            ],
          ],
        ],
      ]);
    },
    BOUND,
  );
});

describe('CEL rules the apiserver refuses', () => {
  it.each([
    [
      'cost over an unbounded list',
      { type: 'array', items: { type: 'string' }, 'x-kubernetes-validations': [{ rule: 'self.all(a, self.all(b, a == b))' }] },
      'estimated rule cost exceeds budget by factor of more than 100x',
    ],
    [
      'a rule that does not parse',
      { type: 'object', properties: { a: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.a >' }] },
      'compilation failed: ',
    ],
    [
      'an undeclared field',
      { type: 'object', properties: { a: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.b > 0' }] },
      "compilation failed: undefined field 'b'",
    ],
  ])(
    '%s: exit 1 at the rule',
    async (label, spec, message) => {
      const file = crdFile(`rule-${label.replace(/\W+/g, '-')}`, spec);
      const { code, diagnostics } = await generate(file);
      expect(code).toBe(1);
      const hit = errors(diagnostics).find((d) => d.code === 'validations' && d.message.includes(message));
      expect(hit?.line).toBeGreaterThan(1);
      // validate refuses the CRD too: no document is checked against a CRD the apiserver would not have.
      const run = await runCli(['validate', file, '--json']);
      expect(run.code).toBe(1);
    },
    BOUND,
  );

  it(
    'the same rule over a bounded list is accepted',
    async () => {
      const spec = {
        type: 'array',
        maxItems: 64,
        items: { type: 'string', maxLength: 63 },
        'x-kubernetes-validations': [{ rule: 'self.all(a, self.exists_one(b, a == b))' }],
      };
      const { code, diagnostics } = await generate(crdFile('rule-bounded', spec));
      expect([code, errors(diagnostics)]).toEqual([0, []]);
    },
    BOUND,
  );
});
