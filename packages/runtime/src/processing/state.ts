/**
 * Where the operator keeps its per-object state: the diff base (the essence last handled) and the
 * progress of the cycle in flight. In `status.genOperator` when status can hold it (one write with
 * the handlers' results), else in two annotations. A base larger than BASE_LIMIT is stored as a
 * digest, so a large object never pushes annotations past their 256 KiB limit or the object past
 * etcd's (the price: its update handlers get no `old`).
 */
import { createHash } from 'node:crypto';
import type { KubernetesObject } from '../resource/types.js';
import type { Progress } from './progress.js';

export type StateLocation = 'status' | 'annotations';

export const STATUS_KEY = 'genOperator';
export const BASE_LIMIT = 128 * 1024;
const DIGEST = 'sha256:';

export interface StoredState {
  /** Canonical JSON of the last handled essence, or `sha256:<hex>` of it. */
  base: string | undefined;
  progress: Progress;
}

/** A change to the stored state: a new base, and progress records to set (or purge with null). */
export interface StateChange {
  base?: string;
  progress?: Record<string, Progress[string] | null>;
  /** Drop all progress records. */
  purge?: boolean;
}

/**
 * The state stored on `body`. Where status should hold it but has none, the annotations are read:
 * a process that found the status schema pruning it (a resource defined without its schema) moved
 * it there, and a later process must resume from it rather than take the object for new.
 */
export function readState(body: KubernetesObject, location: StateLocation, prefix: string): StoredState {
  if (location === 'status') {
    const stored = (body as { status?: Record<string, unknown> }).status?.[STATUS_KEY] as Partial<StoredState> | undefined;
    if (stored !== undefined || body.metadata?.annotations?.[`${prefix}/base`] === undefined)
      return { base: typeof stored?.base === 'string' ? stored.base : undefined, progress: stored?.progress ?? {} };
  }
  const annotations = body.metadata?.annotations ?? {};
  let progress: Progress = {};
  const text = annotations[`${prefix}/progress`];
  if (text) {
    try {
      progress = JSON.parse(text) as Progress;
    } catch {
      // A hand-edited, broken record: start the cycle afresh rather than stop.
    }
  }
  return { base: annotations[`${prefix}/base`], progress };
}

/** The merge-patch fragment that applies `change`: `{ status: {...} }` or `{ metadata: { annotations } }`. */
export function stateFragment(change: StateChange, current: StoredState, location: StateLocation, prefix: string): Record<string, unknown> {
  if (location === 'status') {
    const state: Record<string, unknown> = {};
    if (change.base !== undefined) state.base = change.base;
    if (change.purge) state.progress = null;
    else if (change.progress) state.progress = change.progress;
    return Object.keys(state).length ? { status: { [STATUS_KEY]: state } } : {};
  }
  const annotations: Record<string, string | null> = {};
  if (change.base !== undefined) annotations[`${prefix}/base`] = change.base;
  if (change.purge) {
    if (Object.keys(current.progress).length) annotations[`${prefix}/progress`] = null;
  } else if (change.progress) {
    const merged: Progress = { ...current.progress };
    for (const [id, record] of Object.entries(change.progress)) {
      if (record) merged[id] = record;
      else delete merged[id];
    }
    annotations[`${prefix}/progress`] = Object.keys(merged).length ? JSON.stringify(merged) : null;
  }
  return Object.keys(annotations).length ? { metadata: { annotations } } : {};
}

export function encodeBase(canonical: string): string {
  return canonical.length <= BASE_LIMIT ? canonical : `${DIGEST}${createHash('sha256').update(canonical).digest('hex')}`;
}

export function sameAsBase(base: string, canonical: string): boolean {
  return base.startsWith(DIGEST) ? encodeBase(canonical) === base : base === canonical;
}

/** The old essence, when the base holds it (not for digests). */
export function decodeBase(base: string): Record<string, unknown> | undefined {
  if (base.startsWith(DIGEST)) return undefined;
  try {
    return JSON.parse(base) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * Whether status can keep `status.genOperator`: a schema that preserves unknown fields in status
 * (or declares the key) can. Without a schema, a custom resource is assumed to (and checked after
 * the first write), but a built-in kind cannot: its status has a fixed shape. Built-in kinds are
 * the core group and the dotless groups (apps, batch, policy, …); CRD groups always have a dot.
 */
export function statusCanHoldState(schema: Record<string, unknown> | undefined, group = 'x.y'): boolean {
  if (!schema) return group.includes('.');
  return statusCanHold(schema, STATUS_KEY);
}

/** Whether `status.<key>` survives the apiserver's pruning under this schema. */
export function statusCanHold(schema: Record<string, unknown>, key: string): boolean {
  const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
  const status = properties?.status;
  if (!status) return schema['x-kubernetes-preserve-unknown-fields'] === true;
  if (status['x-kubernetes-preserve-unknown-fields'] === true) return true;
  return Boolean((status.properties as Record<string, unknown> | undefined)?.[key]);
}
