/** Typed resources for the built-in kinds an operator creates, used like generated ones. */
export { ConfigMap, PersistentVolumeClaim, Pod, Secret, Service, ServiceAccount } from './core.js';
export { DaemonSet, Deployment, ReplicaSet, StatefulSet } from './apps.js';
export { CronJob, Job } from './batch.js';
export { Ingress, NetworkPolicy } from './networking.js';
export { PodDisruptionBudget } from './policy.js';
export type { BuiltinObject, Wire } from './define-builtin.js';
