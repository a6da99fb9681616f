import { describe, expect, it } from 'vitest';
import { checkMetadata, qualifiedName } from './metadata.js';
import type { SchemaIssue } from './types.js';

const issues = (meta: unknown, namespaced = true) => {
  const out: SchemaIssue[] = [];
  checkMetadata(meta, 'metadata', out, { root: true, namespaced });
  return out.map((i) => i.rule);
};

const NULLS = Object.fromEntries(
  ['generateName', 'namespace', 'uid', 'resourceVersion', 'generation', 'deletionTimestamp', 'deletionGracePeriodSeconds']
    .concat(['labels', 'annotations', 'finalizers', 'ownerReferences', 'managedFields', 'selfLink'])
    .map((k) => [k, null]),
);

describe('ObjectMeta on create', () => {
  const cases: [string, unknown, string[]][] = [
    ['a DNS subdomain name', { name: 'a.b-c' }, []],
    ['name with underscore', { name: 'Bad_Name' }, ['metadata.name']],
    ['name too long', { name: 'a'.repeat(254) }, ['metadata.name']],
    ['no name nor generateName', {}, ['metadata.name']],
    ['no metadata', undefined, ['metadata.name']],
    ['generateName with trailing dash', { generateName: 'job-' }, []],
    ['bad generateName', { generateName: 'Bad_Prefix-' }, ['metadata.generateName']],
    ['long generateName is cut', { generateName: `${'g'.repeat(70)}-` }, []],
    ['label key with prefix', { name: 'a', labels: { 'example.com/app': 'web' } }, []],
    ['bad label key', { name: 'a', labels: { 'bad key!': 'x' } }, ['metadata.labels']],
    ['label value too long', { name: 'a', labels: { k: 'v'.repeat(64) } }, ['metadata.labels']],
    ['empty label value', { name: 'a', labels: { k: '' } }, []],
    ['label value not a string', { name: 'a', labels: { k: 1 } }, ['metadata']],
    ['bad annotation key', { name: 'a', annotations: { 'a/b/c': 'x' } }, ['metadata.annotations']],
    ['annotations over 256 KiB', { name: 'a', annotations: { big: 'x'.repeat(300 * 1024) } }, ['metadata.annotations']],
    ['bad finalizer', { name: 'a', finalizers: ['not a finalizer'] }, ['metadata.finalizers']],
    [
      'owner reference without uid',
      { name: 'a', ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x' }] },
      ['metadata.ownerReferences'],
    ],
    ['bad namespace', { name: 'a', namespace: 'Bad' }, ['metadata.namespace']],
    ['creationTimestamp null, as kubectl writes it', { name: 'a', creationTimestamp: null }, []],
    ['every other field null', { name: 'a', ...NULLS }, []],
  ];
  it.each(cases)('%s', (_name, meta, expected) => {
    expect(issues(meta)).toEqual(expected);
  });
  it('qualified names', () => {
    expect(qualifiedName('app.kubernetes.io/name')).toBeUndefined();
    expect(qualifiedName('/x')).toBeDefined();
    expect(qualifiedName(`${'a'.repeat(64)}`)).toBeDefined();
  });
});
