/**
 * The essence: what a change is judged on. apiVersion, kind, status and most metadata are dropped,
 * so the operator's own writes (status, progress, finalizers) never look like changes; labels and
 * annotations stay, minus the operator's own and kubectl's last-applied copy. Status fields named
 * by field handlers are added back.
 */
import type { KubernetesObject } from '../resource/types.js';
import { isObject } from '../schema/json.js';
import { valueAt } from './diff.js';

const KUBECTL_LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function essence(
  body: KubernetesObject,
  prefix: string,
  statusFields: readonly (readonly string[])[] = [],
): Record<string, unknown> {
  const { apiVersion: _a, kind: _k, metadata, status, ...rest } = body as KubernetesObject & { status?: unknown };
  const result: Record<string, unknown> = { ...rest };
  const labels = metadata?.labels;
  const annotations = ownless(metadata?.annotations, prefix);
  const meta: Record<string, unknown> = {};
  if (labels && Object.keys(labels).length) meta.labels = labels;
  if (annotations) meta.annotations = annotations;
  if (Object.keys(meta).length) result.metadata = meta;
  for (const field of statusFields) {
    const value = valueAt(status, field.slice(1));
    if (value !== undefined) setAt(result, field, value);
  }
  return result;
}

function ownless(annotations: Record<string, string> | undefined, prefix: string): Record<string, string> | undefined {
  if (!annotations) return undefined;
  const own = `${prefix}/`;
  const kept = Object.entries(annotations).filter(([key]) => !key.startsWith(own) && key !== KUBECTL_LAST_APPLIED);
  return kept.length ? Object.fromEntries(kept) : undefined;
}

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    let next = node[key];
    if (typeof next !== 'object' || next === null) {
      next = {};
      node[key] = next;
    }
    node = next as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

/** JSON with sorted keys, so equal essences give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
