/** Builds the arguments handlers receive from an object and its cycle. */
import { detachedChildren } from '../children/children.js';
import type {
  ChangeArgs,
  ChangeFn,
  ChildArgs,
  Children,
  Diff,
  EventArgs,
  IndexArgs,
  Logger,
  Reason,
  SubhandlerOptions,
  WatchEventType,
} from '../registry/types.js';
import type { KubernetesObject } from '../resource/types.js';
import type { Fragment } from './patch.js';

export interface ObjectContext {
  body: KubernetesObject;
  logger: Logger;
  memo: Record<string, unknown>;
  children: Children;
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
    children: context.children,
  };
}

/** Registers a sub-handler (see ChangeArgs.subhandler); where none may be registered, it throws. */
export type SubhandlerSink = (id: string, fn: ChangeFn<KubernetesObject>, options?: SubhandlerOptions) => void;

const noSubhandlers: SubhandlerSink = () => {
  throw new TypeError('subhandler() can be called only by a running create, update, resume, field or (non-optional) delete handler.');
};

export function changeArgs(
  context: ObjectContext,
  change: { reason: Reason; old: unknown; new: unknown; diff: Diff; retry: number; started: number },
  patch: Fragment,
  signal: AbortSignal,
  subhandler: SubhandlerSink = noSubhandlers,
): ChangeArgs<KubernetesObject> {
  return {
    subhandler,
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

export function indexArgs(body: KubernetesObject, logger: Logger): IndexArgs<KubernetesObject> {
  const context = { body, logger, memo: {}, children: detachedChildren };
  const { patch: _patch, memo: _memo, signal: _signal, children: _children, ...args } = objectArgs(context, {}, NEVER);
  return args;
}

const NEVER = new AbortController().signal;

export function childArgs(
  context: ObjectContext,
  child: { type: WatchEventType; object: KubernetesObject },
  retry: number,
  patch: Fragment,
  signal: AbortSignal,
): ChildArgs<KubernetesObject, KubernetesObject> {
  return { ...objectArgs(context, patch, signal), child, retry };
}
