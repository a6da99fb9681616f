/** Who reports the operator's Events: a controller name (an option) and this instance (the pod). */
import { hostname } from 'node:os';
import { qualifiedName } from '../schema/metadata.js';
import type { Reporter } from './event-body.js';

export const DEFAULT_REPORTING_CONTROLLER = 'gen-operator.dev/operator';

/** The reporter for these options; a controller name the apiserver would refuse is an error now, not a refused Event later. */
export function reporterFrom(controller: string | undefined, env: NodeJS.ProcessEnv = process.env): Reporter {
  const name = controller ?? DEFAULT_REPORTING_CONTROLLER;
  const bad = qualifiedName(name);
  if (bad) throw new Error(`reportingController ${JSON.stringify(name)} is not a qualified name (like gen-operator.dev/operator): ${bad}.`);
  // In a pod HOSTNAME is the pod's name.
  return { controller: name, instance: env.HOSTNAME || hostname() };
}
