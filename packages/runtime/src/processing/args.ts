/** Builds the arguments handlers receive from an object and its cycle. */
import type { ChangeArgs, Diff, EventArgs, Logger, Reason, WatchEventType } from '../registry/types.js';
import type { KubernetesObject } from '../resource/types.js';
import type { Fragment } from './patch.js';

export interface ObjectContext {
  body: KubernetesObject;
  logger: Logger;
  memo: Record<string, unknown>;
}

export function objectArgs(context: ObjectContext, patch: Fragment, signal: AbortSignal) {
  const body = context.body as KubernetesObject & { spec?: unknown; status?: unknown };
  const meta = body.metadata ?? {};
  return {
    body,
    meta,
    spec: (body.spec ?? {}) as never,
    status: (body.status ?? {}) as never,
    name: meta.name ?? '',
    namespace: meta.namespace,
    uid: meta.uid ?? '',
    labels: meta.labels ?? {},
    annotations: meta.annotations ?? {},
    patch: patch as never,
    logger: context.logger,
    memo: context.memo,
    signal,
  };
}

export function changeArgs(
  context: ObjectContext,
  change: { reason: Reason; old: unknown; new: unknown; diff: Diff; retry: number; started: number },
  patch: Fragment,
  signal: AbortSignal,
): ChangeArgs<KubernetesObject> {
  return {
    ...objectArgs(context, patch, signal),
    reason: change.reason,
    old: change.old as KubernetesObject | undefined,
    new: change.new as KubernetesObject | undefined,
    diff: change.diff,
    retry: change.retry,
    started: new Date(change.started),
    runtime: (Date.now() - change.started) / 1000,
  };
}

export function eventArgs(
  context: ObjectContext,
  type: WatchEventType | undefined,
  patch: Fragment,
  signal: AbortSignal,
): EventArgs<KubernetesObject> {
  return { ...objectArgs(context, patch, signal), type };
}
