/**
 * What one events.k8s.io/v1 Event holds, within the apiserver's limits (ValidateEventCreate): reason
 * and action at most 128 bytes, note at most 1 KiB, reportingInstance at most 128 bytes, the name a
 * DNS subdomain, the Event in the object's namespace (or `default` for a cluster-scoped object).
 */
import type { KubernetesObject } from '../resource/types.js';
import { microTime } from '../api/micro-time.js';
import { printable } from '../text/printable.js';

export type EventType = 'Normal' | 'Warning';

export const NOTE_LIMIT = 1024;
export const REASON_LIMIT = 128;
export const INSTANCE_LIMIT = 128;
const NAME_LIMIT = 253;

/** The object an Event is about (`regarding`), as kubectl describe finds it: by kind, name, namespace and uid. */
export interface ObjectReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
}

/** One occurrence, as recorded. */
export interface Occurrence {
  regarding: ObjectReference;
  type: EventType;
  reason: string;
  action: string;
  note: string;
}

export interface Reporter {
  /** A qualified name, e.g. `gen-operator.dev/operator`. */
  controller: string;
  /** This process: the pod's name in a cluster. */
  instance: string;
}

export interface EventSeries {
  count: number;
  lastObservedTime: string;
}

export function referenceTo(object: KubernetesObject): ObjectReference {
  const meta = object.metadata ?? {};
  const reference: ObjectReference = {};
  for (const [key, value] of [
    ['apiVersion', object.apiVersion],
    ['kind', object.kind],
    ['name', meta.name],
    ['namespace', meta.namespace],
    ['uid', meta.uid],
    ['resourceVersion', meta.resourceVersion],
  ] as const) {
    if (typeof value === 'string' && value) reference[key] = value;
  }
  return reference;
}

/**
 * An occurrence within the apiserver's limits, its texts safe for the terminals `kubectl describe`
 * prints them to; an empty reason gets a placeholder instead of a refusal.
 */
const textOf = (value: unknown) => (value === undefined || value === null ? '' : String(value));

export function occurrence(regarding: ObjectReference, type: EventType, reason: unknown, note: unknown): Occurrence {
  const bounded = truncateBytes(printable(textOf(reason)), REASON_LIMIT) || 'Unspecified';
  return { regarding, type, reason: bounded, action: bounded, note: truncateBytes(printable(textOf(note)), NOTE_LIMIT) };
}

/** Repeats of the same occurrence share one Event series (what client-go's recorder keys on, plus type and note). */
export function seriesKey(o: Occurrence): string {
  const r = o.regarding;
  return JSON.stringify([r.apiVersion, r.kind, r.namespace, r.name, r.uid, o.type, o.reason, o.action, o.note]);
}

/** The Event's namespace: the object's, or `default` for a cluster-scoped object (the apiserver allows no other). */
export function eventNamespace(regarding: ObjectReference): string {
  return regarding.namespace || 'default';
}

let sequence = 0;

/**
 * `<object name>.<hex time>` as client-go names Events, with the name made a DNS subdomain (any
 * object name is data: upper case, `:` and the like become `-`) and short enough for the suffix. A
 * sequence number below the millisecond keeps names of one process distinct.
 */
export function eventName(regarding: ObjectReference, now: number): string {
  const stamp = (BigInt(Math.trunc(now)) * 1_000_000n + BigInt(sequence++ % 1_000_000)).toString(16);
  const base =
    (regarding.name ?? '')
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .slice(0, NAME_LIMIT - stamp.length - 1)
      .replace(/[^a-z0-9]+$/, '') || 'object';
  return `${base}.${stamp}`;
}

export function eventBody(o: Occurrence, reporter: Reporter, name: string, firstMs: number, series?: EventSeries): Record<string, unknown> {
  return {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name, namespace: eventNamespace(o.regarding) },
    eventTime: microTime(firstMs),
    reportingController: reporter.controller,
    reportingInstance: truncateBytes(reporter.instance, INSTANCE_LIMIT) || 'unknown',
    action: o.action,
    reason: o.reason,
    note: o.note,
    type: o.type,
    regarding: o.regarding,
    ...(series ? { series } : {}),
  };
}

/** At most `limit` UTF-8 bytes (the apiserver counts bytes), cut at a character boundary and marked with `…`. */
export function truncateBytes(text: string, limit: number): string {
  if (Buffer.byteLength(text) <= limit) return text;
  const marker = '…';
  let budget = limit - Buffer.byteLength(marker);
  let out = '';
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (size > budget) break;
    budget -= size;
    out += char;
  }
  return out + marker;
}
