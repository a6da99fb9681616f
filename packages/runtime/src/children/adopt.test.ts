import { describe, expect, it } from 'vitest';
import type { KubernetesObject } from '../resource/types.js';
import { AdoptionError, adopt, isControlledBy } from './adopt.js';
import { ApiError } from '../api/errors.js';
import { ChildConflictError, conflictsOf } from './apply.js';
import { ChildEchoes } from './echoes.js';

const parent: KubernetesObject = {
  apiVersion: 'devoops.io/v1',
  kind: 'Demo',
  metadata: { name: 'web', namespace: 'team', uid: 'u-1', labels: { app: 'web', tier: 'front' } },
};
const owner = { apiVersion: 'devoops.io/v1', kind: 'Demo', name: 'web', uid: 'u-1', controller: true, blockOwnerDeletion: true };

describe('adopt', () => {
  it('sets the controller reference, the namespace, the parent label, and the parent name when the child has none', () => {
    const child = { apiVersion: 'v1', kind: 'ConfigMap', data: { a: '1' } };
    expect(adopt(child, parent)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      data: { a: '1' },
      metadata: { name: 'web', namespace: 'team', labels: { 'gen-operator.dev/parent': 'u-1' }, ownerReferences: [owner] },
    });
    expect(child).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', data: { a: '1' } });
  });

  it("keeps the child's name unless one is given, copies the parent's labels when asked (the child's win), honours the prefix", () => {
    const child = { kind: 'ConfigMap', metadata: { name: 'own', labels: { tier: 'back' } } };
    expect(adopt(child, parent).metadata?.name).toBe('own');
    expect(adopt(child, parent, { name: 'given' }).metadata?.name).toBe('given');
    expect(adopt(child, parent, { labels: true, prefix: 'example.org' }).metadata?.labels).toEqual({
      app: 'web',
      tier: 'back',
      'example.org/parent': 'u-1',
    });
  });

  it('keeps other owner references and replaces its own', () => {
    const other = { apiVersion: 'v1', kind: 'Secret', name: 's', uid: 'u-2' };
    const child = { kind: 'ConfigMap', metadata: { ownerReferences: [other, { ...owner, name: 'old' }] } };
    expect(adopt(child, parent).metadata?.ownerReferences).toEqual([other, owner]);
  });

  it('refuses what the garbage collector would delete, and a second controller, saying what to do', () => {
    expect(() => adopt({ kind: 'Namespace' }, parent, { namespaced: false })).toThrow(/cluster-scoped .* garbage collector/);
    expect(() => adopt({ kind: 'ConfigMap', metadata: { namespace: 'elsewhere' } }, parent)).toThrow(AdoptionError);
    expect(() => adopt({ kind: 'ConfigMap', metadata: { namespace: 'elsewhere' } }, parent)).toThrow(
      /'elsewhere'.*'team'.*Leave metadata.namespace out/,
    );
    const rival = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd', uid: 'u-3', controller: true };
    expect(() => adopt({ kind: 'ConfigMap', metadata: { ownerReferences: [rival] } }, parent)).toThrow(/already names Deployment d/);
    expect(() => adopt({ kind: 'ConfigMap' }, { metadata: { name: 'x' } })).toThrow(/needs apiVersion, kind/);
  });

  it('lets a cluster-scoped parent adopt children anywhere', () => {
    const cluster = { apiVersion: 'x.io/v1', kind: 'Tenant', metadata: { name: 't', uid: 'u-9' } };
    expect(adopt({ kind: 'ConfigMap', metadata: { namespace: 'a' } }, cluster).metadata?.namespace).toBe('a');
    expect(adopt<KubernetesObject>({ kind: 'Namespace' }, cluster, { namespaced: false }).metadata?.namespace).toBeUndefined();
  });

  it('tells controlled children by uid, group and kind', () => {
    const child = adopt({ kind: 'ConfigMap' }, parent);
    expect(isControlledBy(child, { uid: 'u-1', group: 'devoops.io', kind: 'Demo' })).toBe(true);
    expect(isControlledBy(child, { uid: 'u-1', group: 'other.io', kind: 'Demo' })).toBe(false);
    expect(isControlledBy(child, { uid: 'u-2', group: 'devoops.io', kind: 'Demo' })).toBe(false);
  });
});

describe('conflictsOf', () => {
  it("reads the other managers' names and the fields from a 409's causes", () => {
    const body = {
      details: {
        causes: [
          { reason: 'FieldManagerConflict', message: 'conflict with "kubectl-edit" using v1', field: '.data.greeting' },
          { reason: 'FieldManagerConflict', message: 'conflict with "kubectl-edit" using v1', field: '.data.other' },
        ],
      },
    };
    expect(conflictsOf(body)).toEqual({ managers: ['kubectl-edit'], fields: ['.data.greeting', '.data.other'] });
    expect(conflictsOf(undefined)).toEqual({ managers: [], fields: [] });
  });

  it('keeps the message short however many fields conflict', () => {
    const fields = Array.from({ length: 1000 }, (_, i) => `.data.k${i}`);
    const error = new ChildConflictError('Applying ConfigMap a/b', ['x'], fields, new ApiError(409, 'PATCH', '/p', {}));
    expect(error.message).toBe(
      "Applying ConfigMap a/b: .data.k0, .data.k1, .data.k2, .data.k3, .data.k4 and 995 more are owned by 'x'. Stop the other writer, leave those fields out, or apply with { force: true } to take them over.",
    );
    expect(error.fields).toHaveLength(1000);
  });
});

describe('ChildEchoes', () => {
  const written = (uid: string, resourceVersion: string) => ({ metadata: { uid, resourceVersion } });

  it('settles exactly the event our write returned, once, and forgets on any later event', () => {
    const echoes = new ChildEchoes(new Set(['/v1/configmaps']));
    echoes.wrote('/v1/configmaps', written('c1', '10'));
    expect(echoes.settles({ type: 'MODIFIED', object: written('c1', '9') })).toBe(false);
    expect(echoes.size).toBe(1);
    expect(echoes.settles({ type: 'ADDED', object: written('c1', '10') })).toBe(true);
    expect(echoes.settles({ type: 'MODIFIED', object: written('c1', '10') })).toBe(false);
    echoes.wrote('/v1/configmaps', written('c1', '12'));
    expect(echoes.settles({ type: 'MODIFIED', object: written('c1', '13') })).toBe(false);
    expect(echoes.size).toBe(0);
  });

  it('settles the DELETED event of a child we pruned, and records nothing for kinds no on.child watches', () => {
    const echoes = new ChildEchoes(new Set(['/v1/configmaps']));
    echoes.deleted('/v1/configmaps', 'c2');
    expect(echoes.settles({ type: 'MODIFIED', object: written('c2', '5') })).toBe(false);
    echoes.deleted('/v1/configmaps', 'c2');
    expect(echoes.settles({ type: 'DELETED', object: written('c2', '6') })).toBe(true);
    echoes.wrote('apps/v1/deployments', written('d1', '1'));
    echoes.deleted('apps/v1/deployments', 'd1');
    expect(echoes.size).toBe(0);
  });
});
