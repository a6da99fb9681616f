/**
 * crds/conversion/demo-versions.yaml as typed resources, with converters between its versions:
 * v1alpha1 says `size` (small, large), v1 (the hub, stored) says `replicas`. A replica count with no
 * size of its own rides in an annotation, so that each version survives the trip to the other and back.
 */
import { join } from 'node:path';
import { type Converters, defineResource, type KubernetesObject, type ObjectMeta } from '@gen-operator/runtime';
import { repoRoot } from './helpers.js';

export const demoVersionsCrd = join(repoRoot, 'crds/conversion/demo-versions.yaml');

export interface DemoV1 extends KubernetesObject {
  apiVersion: 'conversion.devoops.io/v1';
  kind: 'Demo';
  metadata?: ObjectMeta;
  spec?: { name: string; replicas?: number };
  status?: Record<string, unknown>;
}

export interface DemoV1alpha1 extends KubernetesObject {
  apiVersion: 'conversion.devoops.io/v1alpha1';
  kind: 'Demo';
  metadata?: ObjectMeta;
  spec?: { name: string; size?: 'small' | 'large' };
  status?: Record<string, unknown>;
}

const base = { group: 'conversion.devoops.io', kind: 'Demo', plural: 'demos', singular: 'demo', namespaced: true } as const;
export const DemoV1 = defineResource<DemoV1>({ ...base, version: 'v1', subresources: { status: true } });
export const DemoV1alpha1 = defineResource<DemoV1alpha1>({ ...base, version: 'v1alpha1', subresources: { status: true } });

/** Where fromHub keeps a replica count that neither size stands for. */
export const REPLICAS_ANNOTATION = 'conversion.devoops.io/replicas';
/** toHub refuses names with this prefix: a converter that throws. */
export const REFUSED_PREFIX = 'refuse-';
const SIZES = { small: 1, large: 3 } as const;

export const demoConverters: Converters<DemoV1, DemoV1alpha1> = {
  toHub(object) {
    const { spec, metadata, ...rest } = object;
    if (spec?.name.startsWith(REFUSED_PREFIX)) throw new Error(`spec.name "${spec.name}" cannot be converted to v1`);
    const { [REPLICAS_ANNOTATION]: kept, ...annotations } = metadata?.annotations ?? {};
    const replicas = kept !== undefined ? Number(kept) : spec?.size && SIZES[spec.size];
    return {
      ...rest,
      metadata: { annotations: Object.keys(annotations).length > 0 ? annotations : undefined },
      ...(spec ? { spec: { name: spec.name, ...(replicas !== undefined ? { replicas } : {}) } } : {}),
    };
  },
  fromHub(object) {
    const { spec, metadata, ...rest } = object;
    const replicas = spec?.replicas;
    const size = replicas === undefined ? undefined : replicas >= SIZES.large ? 'large' : 'small';
    const exact = replicas === undefined || replicas === SIZES[size!];
    const annotations = { ...metadata?.annotations, ...(exact ? {} : { [REPLICAS_ANNOTATION]: String(replicas) }) };
    return {
      ...rest,
      metadata: { annotations: Object.keys(annotations).length > 0 ? annotations : undefined },
      ...(spec ? { spec: { name: spec.name, ...(size ? { size } : {}) } } : {}),
    };
  },
};
