/** core/v1 kinds an operator commonly creates or watches. */
import type { V1ConfigMap, V1PersistentVolumeClaim, V1Pod, V1Secret, V1Service, V1ServiceAccount } from '@kubernetes/client-node';
import { type BuiltinObject, defineBuiltin } from './define-builtin.js';

const core = { group: '', version: 'v1', namespaced: true } as const;

export interface ConfigMap extends BuiltinObject<V1ConfigMap, 'v1', 'ConfigMap'> {}
export const ConfigMap = defineBuiltin<ConfigMap>({
  ...core,
  kind: 'ConfigMap',
  plural: 'configmaps',
  singular: 'configmap',
  shortNames: ['cm'],
});

export interface Secret extends BuiltinObject<V1Secret, 'v1', 'Secret'> {}
export const Secret = defineBuiltin<Secret>({ ...core, kind: 'Secret', plural: 'secrets', singular: 'secret' });

export interface Service extends BuiltinObject<V1Service, 'v1', 'Service'> {}
export const Service = defineBuiltin<Service>({
  ...core,
  kind: 'Service',
  plural: 'services',
  singular: 'service',
  shortNames: ['svc'],
  categories: ['all'],
});

export interface ServiceAccount extends BuiltinObject<V1ServiceAccount, 'v1', 'ServiceAccount'> {}
export const ServiceAccount = defineBuiltin<ServiceAccount>({
  ...core,
  kind: 'ServiceAccount',
  plural: 'serviceaccounts',
  singular: 'serviceaccount',
  shortNames: ['sa'],
});

export interface Pod extends BuiltinObject<V1Pod, 'v1', 'Pod'> {}
export const Pod = defineBuiltin<Pod>({ ...core, kind: 'Pod', plural: 'pods', singular: 'pod', shortNames: ['po'], categories: ['all'] });

export interface PersistentVolumeClaim extends BuiltinObject<V1PersistentVolumeClaim, 'v1', 'PersistentVolumeClaim'> {}
export const PersistentVolumeClaim = defineBuiltin<PersistentVolumeClaim>({
  ...core,
  kind: 'PersistentVolumeClaim',
  plural: 'persistentvolumeclaims',
  singular: 'persistentvolumeclaim',
  shortNames: ['pvc'],
});
