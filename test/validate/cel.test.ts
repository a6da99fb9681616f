/**
 * The Kubernetes CEL library functions this engine adds, value by value against the apiserver:
 * one field per function with a rule on it, each candidate value checked by both.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSchema } from '@gen-operator/runtime';
import { type ControlPlane, installCrds, startControlPlane } from '@gen-operator/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { dryRunCreate, mapLimit } from './apiserver.js';
import type { Crd } from './corpus.js';

const str = { type: 'string', maxLength: 64 };
const ints = { type: 'array', maxItems: 8, items: { type: 'integer' } };
const strs = { type: 'array', maxItems: 8, items: { type: 'string', maxLength: 16 } };
const FIELDS: Record<string, [Record<string, unknown>, string, unknown[]]> = {
  ip: [str, 'isIP(self)', ['10.0.0.1', 'fe80::1', '010.0.0.1', '10.0.0.1%eth0', 'nope']],
  cidr: [str, 'isCIDR(self)', ['10.0.0.0/8', '10.0.0.1/8', 'fe80::/64', '10.0.0.0/33', '10.0.0.0']],
  url: [str, 'isURL(self)', ['https://example.com/a', '/path', 'example.com', 'http://', 'a b']],
  quantity: [str, 'isQuantity(self)', ['1Gi', '500m', '1.5', '1e3', 'lots', '1GB']],
  sorted: [ints, 'self.isSorted()', [[1, 2, 2], [2, 1], []]],
  sum: [ints, 'self.sum() < 10', [[1, 2], [5, 6], []]],
  min: [
    ints,
    'self.min() > 0',
    [
      [1, 2],
      [0, 3],
    ],
  ],
  index: [strs, "self.indexOf('a') == 0", [['a', 'b'], ['b', 'a'], []]],
  last: [
    strs,
    "self.lastIndexOf('a') == 1",
    [
      ['a', 'a'],
      ['a', 'b'],
    ],
  ],
  text: [
    str,
    "self.lowerAscii().split(',').size() <= 2 && !self.startsWith('x') && self.substring(0, 1) != 'y'",
    ['A,B', 'a,b,c', 'xa', 'ya'],
  ],
  every: [str, "duration(self) < duration('1h')", ['30m', '2h', '1h']],
  regex: [str, "self.matches('^[a-z]+$')", ['abc', 'aBc']],
};

const field = (k: string) => k;
const schema = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      properties: Object.fromEntries(
        Object.entries(FIELDS).map(([k, [s, rule]]) => [
          field(k),
          { ...s, 'x-kubernetes-validations': [{ rule, messageExpression: `'${k} failed'` }] },
        ]),
      ),
    },
  },
};
const crd: Crd = { file: '', name: 'cels.test.io', group: 'test.io', kind: 'Cel', plural: 'cels', namespaced: true, versions: [], raw: {} };

let plane: ControlPlane;
beforeAll(async () => {
  plane = await startControlPlane();
  const file = join(mkdtempSync(join(tmpdir(), 'cel-')), 'crd.yaml');
  writeFileSync(
    file,
    stringify({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'cels.test.io' },
      spec: {
        group: 'test.io',
        scope: 'Namespaced',
        names: { kind: 'Cel', plural: 'cels', singular: 'cel', listKind: 'CelList' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
      },
    }),
  );
  await installCrds(plane, [file]);
});
afterAll(async () => {
  await plane?.stop();
});

it('evaluates the Kubernetes CEL library functions as the apiserver does', async () => {
  const compiled = compileSchema(schema, { namespaced: true });
  const cases = Object.entries(FIELDS).flatMap(([k, [, , values]]) => values.map((value) => ({ field: k, value })));
  const docs = cases.map(({ field: f, value }) => ({
    apiVersion: 'test.io/v1',
    kind: 'Cel',
    metadata: { name: 'c' },
    spec: { [f]: value },
  }));
  const theirs = await mapLimit(docs, 6, (doc) => dryRunCreate(plane, crd, 'v1', doc));
  const ours = docs.map((d) => compiled.check(d));
  const differences = cases
    .map((c, i) => ({
      ...c,
      ours: ours[i]!.valid,
      apiserver: theirs[i]!.valid,
      message: theirs[i]!.message.slice(0, 160),
      skipped: ours[i]!.skipped.length,
    }))
    .filter((c) => c.ours !== c.apiserver || c.skipped > 0);
  expect(differences).toEqual([]);
  // messageExpression: the apiserver's message and ours carry the same text.
  const failed = cases.findIndex((c) => c.field === 'sum' && JSON.stringify(c.value) === '[5,6]');
  expect(theirs[failed]!.message).toContain('sum failed');
  expect(ours[failed]!.issues.map((i) => i.message)).toEqual(['Invalid value: sum failed']);
});
