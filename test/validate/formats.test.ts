/**
 * The string formats the apiserver enforces, value by value: a small CRD with one field per format,
 * each candidate value checked by the schema engine and by a dry-run create on a real apiserver.
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
const schema = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: { type: 'object', properties: Object.fromEntries(Object.keys(VALUES).map((f) => [field(f), { type: 'string', format: f }])) },
  },
};
const crd: Crd = {
  file: '',
  name: 'formats.test.io',
  group: 'test.io',
  kind: 'Format',
  plural: 'formats',
  namespaced: true,
  versions: [],
  raw: {},
};

let plane: ControlPlane;
beforeAll(async () => {
  plane = await startControlPlane();
  const file = join(mkdtempSync(join(tmpdir(), 'formats-')), 'crd.yaml');
  writeFileSync(
    file,
    stringify({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'formats.test.io' },
      spec: {
        group: 'test.io',
        scope: 'Namespaced',
        names: { kind: 'Format', plural: 'formats', singular: 'format', listKind: 'FormatList' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
      },
    }),
  );
  await installCrds(plane, [file]);
});
afterAll(async () => {
  await plane?.stop();
});

it('accepts and refuses the same format values as the apiserver', async () => {
  const compiled = compileSchema(schema, { namespaced: true });
  const cases = Object.entries(VALUES).flatMap(([format, values]) => values.map((value) => ({ format, value })));
  const docs = cases.map(({ format, value }) => ({
    apiVersion: 'test.io/v1',
    kind: 'Format',
    metadata: { name: 'f' },
    spec: { [field(format)]: value },
  }));
  const theirs = await mapLimit(docs, 6, (doc) => dryRunCreate(plane, crd, 'v1', doc));
  const differences = cases
    .map((c, i) => ({ ...c, ours: compiled.check(docs[i]).valid, apiserver: theirs[i]!.valid }))
    .filter((c) => c.ours !== c.apiserver);
  expect(differences).toEqual([]);
});
