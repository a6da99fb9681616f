/** Which change handlers a cycle runs: by kind, by filters, and by the fields the diff touches. */
import { matchesMeta, matchesValue } from '../registry/filters.js';
import type { ChangeHandler } from '../registry/registry.js';
import type { Diff, Reason } from '../registry/types.js';
import type { KubernetesObject } from '../resource/types.js';
import { narrowDiff, valueAt } from './diff.js';

/** Handlers whose label and annotation filters match the object (the cheap test, no diff needed). */
export function matchingObject(handlers: readonly ChangeHandler[], body: KubernetesObject): ChangeHandler[] {
  const labels = body.metadata?.labels;
  const annotations = body.metadata?.annotations;
  return handlers.filter((h) => matchesMeta(h.options.labels, labels) && matchesMeta(h.options.annotations, annotations));
}

export interface Selection {
  handler: ChangeHandler;
  /** The diff as this handler sees it (narrowed to its field). */
  diff: Diff;
  old: unknown;
  new: unknown;
}

/** Handlers of a create or update cycle, with field and value filters applied. */
export function selectChanges(
  handlers: readonly ChangeHandler[],
  reason: 'create' | 'update',
  diff: Diff,
  old: Record<string, unknown> | undefined,
  current: Record<string, unknown>,
): Selection[] {
  const out: Selection[] = [];
  for (const handler of handlers) {
    if (handler.kind !== reason && handler.kind !== 'field') continue;
    const selection = narrow(handler, diff, old, current, reason === 'create');
    if (selection) out.push(selection);
  }
  return out;
}

/** Handlers of a delete or resume cycle: no diff, only their value filters on the current object. */
export function selectPlain(handlers: readonly ChangeHandler[], reason: Reason, current: Record<string, unknown>): Selection[] {
  const out: Selection[] = [];
  for (const handler of handlers) {
    if (handler.kind !== reason) continue;
    const field = handler.field;
    const value = field ? valueAt(current, field) : current;
    if (field && !valueFilters(handler, undefined, value, true)) continue;
    out.push({ handler, diff: [], old: value, new: value });
  }
  return out;
}

function narrow(handler: ChangeHandler, diff: Diff, old: unknown, current: unknown, creating: boolean): Selection | undefined {
  const field = handler.field;
  if (!field) return { handler, diff, old, new: current };
  const narrowed = narrowDiff(diff, field);
  if (narrowed.length === 0) return undefined;
  const oldValue = valueAt(old, field);
  const newValue = valueAt(current, field);
  if (!valueFilters(handler, oldValue, newValue, creating)) return undefined;
  return { handler, diff: narrowed, old: oldValue, new: newValue };
}

function valueFilters(handler: ChangeHandler, oldValue: unknown, newValue: unknown, creating: boolean): boolean {
  const { value, old, new: wanted } = handler.options;
  if (value !== undefined && !matchesValue(value, newValue) && (creating || !matchesValue(value, oldValue))) return false;
  if (old !== undefined && !matchesValue(old, oldValue)) return false;
  if (wanted !== undefined && !matchesValue(wanted, newValue)) return false;
  return true;
}
