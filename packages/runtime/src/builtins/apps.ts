/** apps/v1 workloads. */
import type { V1DaemonSet, V1Deployment, V1ReplicaSet, V1StatefulSet } from '@kubernetes/client-node';
import { type BuiltinObject, defineBuiltin } from './define-builtin.js';

const apps = { group: 'apps', version: 'v1', namespaced: true, categories: ['all'] } as const;

export interface Deployment extends BuiltinObject<V1Deployment, 'apps/v1', 'Deployment'> {}
export const Deployment = defineBuiltin<Deployment>({
  ...apps,
  kind: 'Deployment',
  plural: 'deployments',
  singular: 'deployment',
  shortNames: ['deploy'],
});

export interface StatefulSet extends BuiltinObject<V1StatefulSet, 'apps/v1', 'StatefulSet'> {}
export const StatefulSet = defineBuiltin<StatefulSet>({
  ...apps,
  kind: 'StatefulSet',
  plural: 'statefulsets',
  singular: 'statefulset',
  shortNames: ['sts'],
});

export interface DaemonSet extends BuiltinObject<V1DaemonSet, 'apps/v1', 'DaemonSet'> {}
export const DaemonSet = defineBuiltin<DaemonSet>({
  ...apps,
  kind: 'DaemonSet',
  plural: 'daemonsets',
  singular: 'daemonset',
  shortNames: ['ds'],
});

export interface ReplicaSet extends BuiltinObject<V1ReplicaSet, 'apps/v1', 'ReplicaSet'> {}
export const ReplicaSet = defineBuiltin<ReplicaSet>({
  ...apps,
  kind: 'ReplicaSet',
  plural: 'replicasets',
  singular: 'replicaset',
  shortNames: ['rs'],
});
