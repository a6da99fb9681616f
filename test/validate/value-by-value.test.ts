/**
 * Rules checked value by value against the apiserver, one small CRD each: the string formats it
 * enforces, ObjectMeta (names, generateName, labels, annotations, finalizers, owner references), and
 * the Kubernetes CEL library functions with messageExpression. Each candidate document is checked by
 * the schema engine and by a server-side dry-run create; the verdicts must be the same.
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

const VALUES: Record<string, string[]> = {
  'date-time': [
    '2024-02-29T12:30:00Z',
    '2024-02-29T12:30:00.123456789+02:00',
    '2024-02-29t12:30:00z',
    '2023-02-29T12:30:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01 12:00:00Z',
    '2024-01-01T12:00:00',
    '2024-01-01',
    'yesterday',
    '',
  ],
  date: ['2024-02-29', '2023-02-29', '2024-1-01', '2024-01-01T00:00:00Z', ''],
  byte: ['aGVsbG8=', 'aGVsbG8', 'aGVs\nbG8=', 'a', '!!!!', '', 'aGVsbG8=\n', 'aG Vs'],
  duration: [
    '1h30m',
    '90s',
    '1.5h',
    '-1m',
    '3 days',
    '1d',
    '2w',
    'P1D',
    'PT1H30M',
    'P1Y2M',
    'P',
    'PT',
    '1',
    '0',
    'ten',
    '',
    '1 h',
    '5 minutes',
    '1hour',
  ],
  ipv4: ['10.0.0.1', '010.0.0.1', '0010.0.0.1', '256.0.0.1', '1.2.3', '::1', '1.2.3.4.5', ''],
  ipv6: ['fe80::1', '::ffff:10.0.0.1', '10.0.0.1', 'fe80::1%eth0', 'gggg::1', ''],
  cidr: ['10.0.0.0/8', '10.0.0.1/32', 'fe80::/64', '10.0.0.0/33', '10.0.0.0', ''],
  uri: ['https://example.com/a?b=c', '/relative/path', 'mailto:a@b.c', 'not a uri', 'example.com', ''],
  email: ['a@example.com', 'a.b+c@example.co', 'not-an-email', 'a@', ''],
  hostname: [
    'example.com',
    'a',
    'a-b.c',
    'a-b.cd',
    '-bad',
    'bad-',
    'bad_host',
    'x'.repeat(64),
    'x'.repeat(63),
    'a.b.c.example',
    'ex.123',
    '',
  ],
  uuid: ['123e4567-e89b-12d3-a456-426614174000', '123e4567e89b12d3a456426614174000', 'not-a-uuid', ''],
  mac: ['00:1a:2b:3c:4d:5e', '00-1A-2B-3C-4D-5E', '001a.2b3c.4d5e', '00:1a:2b', ''],
  hexcolor: ['#fff', '#a0b0c0', 'fff', '#ffff', ''],
  quantity: ['1Gi', 'lots'],
  int32: ['abc'],
};

const field = (format: string) => `f${format.replace(/[^a-z0-9]/gi, '')}`;
const formatSchema = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: { type: 'object', properties: Object.fromEntries(Object.keys(VALUES).map((f) => [field(f), { type: 'string', format: f }])) },
  },
};
const name = (n: string) => ({ name: n });
const CASES: Record<string, Record<string, unknown>> = {
  'dotted name': name('a.b.c'),
  'upper-case name': name('Abc'),
  'leading dash': name('-abc'),
  'trailing dot': name('abc.'),
  'name of 253': name('a'.repeat(253)),
  'name of 254': name('a'.repeat(254)),
  'label-sized segment 64 in name': name(`${'a'.repeat(64)}.b`),
  'generateName with dash': { generateName: 'job-' },
  'generateName ending in dot': { generateName: 'job.' },
  'generateName upper case': { generateName: 'Job-' },
  'generateName of 300': { generateName: `${'g'.repeat(300)}-` },
  'generateName single dash': { generateName: '-' },
  'label key prefixed': { name: 'a', labels: { 'app.kubernetes.io/name': 'x' } },
  'label key upper-case prefix': { name: 'a', labels: { 'Example.com/x': 'y' } },
  'label key 63': { name: 'a', labels: { ['k'.repeat(63)]: 'v' } },
  'label key 64': { name: 'a', labels: { ['k'.repeat(64)]: 'v' } },
  'label key with two slashes': { name: 'a', labels: { 'a/b/c': 'v' } },
  'label key empty prefix': { name: 'a', labels: { '/x': 'v' } },
  'label value with dots and dashes': { name: 'a', labels: { k: 'a.b-c_d' } },
  'label value leading dash': { name: 'a', labels: { k: '-a' } },
  'label value 63': { name: 'a', labels: { k: 'v'.repeat(63) } },
  'label value 64': { name: 'a', labels: { k: 'v'.repeat(64) } },
  'annotation key upper case': { name: 'a', annotations: { 'Example.COM/Key': 'v' } },
  'annotation key with space': { name: 'a', annotations: { 'bad key': 'v' } },
  'annotation value huge': { name: 'a', annotations: { k: 'x'.repeat(262_000) } },
  'annotations over the total': { name: 'a', annotations: { k1: 'x'.repeat(140_000), k2: 'x'.repeat(140_000) } },
  'finalizer with domain': { name: 'a', finalizers: ['example.com/cleanup'] },
  'finalizer plain': { name: 'a', finalizers: ['cleanup'] },
  'finalizer with space': { name: 'a', finalizers: ['clean up'] },
  'finalizer upper case': { name: 'a', finalizers: ['Example.com/Cleanup'] },
  'owner reference complete': { name: 'a', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'c', uid: 'u' }] },
  'owner reference without uid': { name: 'a', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'c' }] },
  'labels not strings': { name: 'a', labels: { k: 1 } },
  'labels a list': { name: 'a', labels: ['x'] },
  'generation a string': { name: 'a', generation: 'one' },
  'unknown metadata field': { name: 'a', nickname: 'x' },
  'creationTimestamp null, as kubectl writes it': { name: 'a', creationTimestamp: null },
  'every other field null': Object.fromEntries(
    ['generateName', 'namespace', 'uid', 'resourceVersion', 'generation', 'deletionTimestamp', 'deletionGracePeriodSeconds']
      .concat(['labels', 'annotations', 'finalizers', 'ownerReferences', 'managedFields', 'selfLink'])
      .map((k) => [k, null])
      .concat([['name', 'a']]),
  ),
};

const metadataSchema = {
  type: 'object',
  properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } },
};
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

const celSchema = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      properties: Object.fromEntries(
        Object.entries(FIELDS).map(([k, [s, rule]]) => [
          k,
          { ...s, 'x-kubernetes-validations': [{ rule, messageExpression: `'${k} failed'` }] },
        ]),
      ),
    },
  },
};
/** A namespaced test CRD `<plural>.test.io` of the given kind and schema. */
function testCrd(kind: string, schema: object) {
  const plural = `${kind.toLowerCase()}s`;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.test.io` },
    spec: {
      group: 'test.io',
      scope: 'Namespaced',
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    },
  };
}

const crdOf = (kind: string): Crd => {
  const plural = `${kind.toLowerCase()}s`;
  return { file: '', name: `${plural}.test.io`, group: 'test.io', kind, plural, namespaced: true, versions: [], raw: {} };
};

let plane: ControlPlane;
beforeAll(async () => {
  plane = await startControlPlane();
  const dir = mkdtempSync(join(tmpdir(), 'value-by-value-'));
  const files = (
    [
      ['Format', formatSchema],
      ['Meta', metadataSchema],
      ['Cel', celSchema],
    ] as const
  ).map(([kind, schema]) => {
    const file = join(dir, `${kind}.yaml`);
    writeFileSync(file, stringify(testCrd(kind, schema)));
    return file;
  });
  await installCrds(plane, files);
});
afterAll(async () => {
  await plane?.stop();
});

it('accepts and refuses the same format values as the apiserver', async () => {
  const compiled = compileSchema(formatSchema, { namespaced: true });
  const cases = Object.entries(VALUES).flatMap(([format, values]) => values.map((value) => ({ format, value })));
  const docs = cases.map(({ format, value }) => ({
    apiVersion: 'test.io/v1',
    kind: 'Format',
    metadata: { name: 'f' },
    spec: { [field(format)]: value },
  }));
  const theirs = await mapLimit(docs, 6, (doc) => dryRunCreate(plane, crdOf('Format'), 'v1', doc));
  const differences = cases
    .map((c, i) => ({ ...c, ours: compiled.check(docs[i]).valid, apiserver: theirs[i]!.valid }))
    .filter((c) => c.ours !== c.apiserver);
  expect(differences).toEqual([]);
});

it('judges metadata as the apiserver does on create', async () => {
  const compiled = compileSchema(metadataSchema, { namespaced: true });
  const cases = Object.entries(CASES);
  const docs = cases.map(([, metadata]) => ({ apiVersion: 'test.io/v1', kind: 'Meta', metadata }));
  const theirs = await mapLimit(docs, 6, (doc) => dryRunCreate(plane, crdOf('Meta'), 'v1', doc));
  const differences = cases
    .map(([label], i) => ({
      label,
      ours: compiled.check(docs[i]).valid,
      apiserver: theirs[i]!.valid,
      message: theirs[i]!.message.slice(0, 200),
    }))
    .filter((c) => c.ours !== c.apiserver);
  expect(differences).toEqual([]);
});

it('evaluates the Kubernetes CEL library functions as the apiserver does', async () => {
  const compiled = compileSchema(celSchema, { namespaced: true });
  const cases = Object.entries(FIELDS).flatMap(([k, [, , values]]) => values.map((value) => ({ field: k, value })));
  const docs = cases.map(({ field: f, value }) => ({
    apiVersion: 'test.io/v1',
    kind: 'Cel',
    metadata: { name: 'c' },
    spec: { [f]: value },
  }));
  const theirs = await mapLimit(docs, 6, (doc) => dryRunCreate(plane, crdOf('Cel'), 'v1', doc));
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
