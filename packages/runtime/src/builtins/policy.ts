/** policy/v1: PodDisruptionBudgets. */
import type { V1PodDisruptionBudget } from '@kubernetes/client-node';
import { type BuiltinObject, defineBuiltin } from './define-builtin.js';

export interface PodDisruptionBudget extends BuiltinObject<V1PodDisruptionBudget, 'policy/v1', 'PodDisruptionBudget'> {}
export const PodDisruptionBudget = defineBuiltin<PodDisruptionBudget>({
  group: 'policy',
  version: 'v1',
  namespaced: true,
  kind: 'PodDisruptionBudget',
  plural: 'poddisruptionbudgets',
  singular: 'poddisruptionbudget',
  shortNames: ['pdb'],
});
