import { type ControlPlane, RestError, startControlPlane } from '@gen-operator/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Crd } from './crds.js';
import { ACCEPTED, REFUSED, withNames } from './names.js';

// The names the hostile suite calls accepted or refused, put to a real kube-apiserver: the
// generator's checks claim to be the apiserver's, so the apiserver has the last word.
let plane: ControlPlane;
const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

beforeAll(async () => {
  plane = await startControlPlane();
});

afterAll(async () => {
  await plane?.stop();
});

/** Each case in its own group, so that no two cases' CRDs share a name. */
function inGroup(crd: Crd, prefix: string): Crd {
  const copy = structuredClone(crd);
  copy.spec.group = `${prefix}.${copy.spec.group}`;
  copy.metadata.name = `${copy.spec.names.plural}.${copy.spec.group}`;
  return copy;
}

describe('kube-apiserver', () => {
  it.each(ACCEPTED.map(([name, crds], i) => [name, crds, i] as const))('accepts %s', async (_name, crds, i) => {
    for (const crd of crds) await plane.request('POST', CRDS, inGroup(crd, `accepted${i}`));
  });

  it.each(REFUSED)('%s', async (_name, change, _code, verdict) => {
    const answer = await plane.request('POST', CRDS, withNames(change)).then(
      () => 201,
      (e: unknown) => (e instanceof RestError ? e.status : Promise.reject(e)),
    );
    if (verdict === 'refuses') expect(answer).toBe(422);
    else expect(answer).toBe(201);
  });
});
