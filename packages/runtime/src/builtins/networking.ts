/** networking.k8s.io/v1: Ingresses and NetworkPolicies. */
import type { V1Ingress, V1NetworkPolicy } from '@kubernetes/client-node';
import { type BuiltinObject, defineBuiltin } from './define-builtin.js';

const networking = { group: 'networking.k8s.io', version: 'v1', namespaced: true } as const;

export interface Ingress extends BuiltinObject<V1Ingress, 'networking.k8s.io/v1', 'Ingress'> {}
export const Ingress = defineBuiltin<Ingress>({
  ...networking,
  kind: 'Ingress',
  plural: 'ingresses',
  singular: 'ingress',
  shortNames: ['ing'],
});

export interface NetworkPolicy extends BuiltinObject<V1NetworkPolicy, 'networking.k8s.io/v1', 'NetworkPolicy'> {}
export const NetworkPolicy = defineBuiltin<NetworkPolicy>({
  ...networking,
  kind: 'NetworkPolicy',
  plural: 'networkpolicies',
  singular: 'networkpolicy',
  shortNames: ['netpol'],
});
