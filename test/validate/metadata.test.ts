/**
 * ObjectMeta rules value by value: names, generateName, labels, annotations, finalizers and owner
 * references, each checked by the schema engine and by a dry-run create on a real apiserver.
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
};

const schema = { type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } } };
const crd: Crd = {
  file: '',
  name: 'metas.test.io',
  group: 'test.io',
  kind: 'Meta',
  plural: 'metas',
  namespaced: true,
  versions: [],
  raw: {},
};

let plane: ControlPlane;
beforeAll(async () => {
  plane = await startControlPlane();
  const file = join(mkdtempSync(join(tmpdir(), 'metadata-')), 'crd.yaml');
  writeFileSync(
    file,
    stringify({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'metas.test.io' },
      spec: {
        group: 'test.io',
        scope: 'Namespaced',
        names: { kind: 'Meta', plural: 'metas', singular: 'meta', listKind: 'MetaList' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
      },
    }),
  );
  await installCrds(plane, [file]);
});
afterAll(async () => {
  await plane?.stop();
});

it('judges metadata as the apiserver does on create', async () => {
  const compiled = compileSchema(schema, { namespaced: true });
  const cases = Object.entries(CASES);
  const docs = cases.map(([, metadata]) => ({ apiVersion: 'test.io/v1', kind: 'Meta', metadata }));
  const theirs = await mapLimit(docs, 6, (doc) => dryRunCreate(plane, crd, 'v1', doc));
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
