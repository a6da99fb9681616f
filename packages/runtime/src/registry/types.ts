/** What handlers receive and the options they are registered with. */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ConnectionInfo } from '../api/connection-info.js';
import type { KubernetesObject, ObjectMeta } from '../resource/types.js';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** `spec` of T, or a plain record when T declares none. */
export type SpecOf<T> = T extends { spec?: infer S }
  ? unknown extends S
    ? Record<string, unknown>
    : NonNullable<S>
  : Record<string, unknown>;
/** `status` of T, or a plain record when T declares none. */
export type StatusOf<T> = T extends { status?: infer S }
  ? unknown extends S
    ? Record<string, unknown>
    : NonNullable<S>
  : Record<string, unknown>;

/** A JSON merge patch of V: every field optional, `null` removes it; lists are replaced whole. */
export type MergePatch<V> = V extends readonly unknown[]
  ? V
  : V extends Record<string, unknown> | object
    ? { [K in keyof V]?: MergePatch<V[K]> | null }
    : V;

/** Changes a handler asks for; merged into the same write as the operator's own bookkeeping. */
export interface Patch<T> {
  metadata?: { labels?: Record<string, string | null>; annotations?: Record<string, string | null> };
  spec?: MergePatch<SpecOf<T>>;
  status?: MergePatch<StatusOf<T>>;
}

export type DiffOp = 'add' | 'change' | 'remove';
export type DiffItem = readonly [op: DiffOp, path: readonly string[], old: unknown, new: unknown];
/** kopf's diff: `[op, path, old, new]` items; lists compare as whole values. */
export type Diff = readonly DiffItem[];

export type Reason = 'create' | 'update' | 'delete' | 'resume';

export interface ObjectArgs<T extends KubernetesObject> {
  body: T;
  meta: ObjectMeta;
  spec: SpecOf<T>;
  status: StatusOf<T>;
  name: string;
  namespace: string | undefined;
  uid: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  patch: Patch<T>;
  logger: Logger;
  /** Per-object memory, kept for the life of the process (not stored on the object). */
  memo: Record<string, unknown>;
  /** Aborted at the handler's deadline and on shutdown. */
  signal: AbortSignal;
}

export interface ChangeArgs<T extends KubernetesObject> extends ObjectArgs<T> {
  reason: Reason;
  old: T | undefined;
  new: T | undefined;
  diff: Diff;
  /** 0 on the first attempt. */
  retry: number;
  /** When the first attempt started (kept across restarts). */
  started: Date;
  /** Seconds since `started`. */
  runtime: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface EventArgs<T extends KubernetesObject> extends ObjectArgs<T> {
  /** undefined for objects seen in a listing, else the watch event's type. */
  type: WatchEventType | undefined;
}

export interface ActivityArgs {
  logger: Logger;
  memo: Record<string, unknown>;
  signal: AbortSignal;
  retry: number;
  started: Date;
  runtime: number;
}

/** What a timer or a daemon gets: the object's latest body, and its attempts since the last success. */
export interface SpawnedArgs<T extends KubernetesObject> extends ObjectArgs<T> {
  /** Failed attempts since the last success (timers) or since the spawn (daemons); 0 on the first. */
  retry: number;
  /** When the first of these attempts started. */
  started: Date;
  /** Seconds since `started`. */
  runtime: number;
}

export interface TimerArgs<T extends KubernetesObject> extends SpawnedArgs<T> {
  /** When this tick was due (its lateness is the time now minus this). */
  scheduled: Date;
}

/**
 * `signal` (kopf's `stopped`) aborts when the object is being deleted, stops matching the filters,
 * or the operator stops: a daemon should return soon after. `body`, `meta`, `spec`, `status`,
 * `labels` and `annotations` read the object's latest state at each access (read `args.spec.x`,
 * not a `spec` destructured at the start).
 */
export type DaemonArgs<T extends KubernetesObject> = SpawnedArgs<T>;

export type LoginResult = ConnectionInfo | KubeConfig | undefined;

export type ErrorsMode = 'temporary' | 'permanent' | 'ignored';

export interface ActivityOptions {
  id?: string;
  /** Attempts before HandlerRetriesError. */
  retries?: number;
  /** Seconds from the first attempt; the signal aborts at the deadline. */
  timeout?: number;
  /** Seconds before retrying an error that is neither Temporary nor Permanent. */
  backoff?: number;
  errors?: ErrorsMode;
}

/** A label or annotation filter: this exact value, present (true), absent (false), or a predicate. */
export type MetaFilter = string | boolean | ((value: string | undefined) => boolean);
/** A field filter: this exact value, or a predicate over it. */
export type ValueFilter = unknown;

export interface HandlerOptions<T extends KubernetesObject> extends ActivityOptions {
  labels?: Record<string, MetaFilter>;
  annotations?: Record<string, MetaFilter>;
  when?: (args: ChangeArgs<T>) => boolean;
  /** Dotted path, e.g. `spec.replicas`: only changes that touch it. */
  field?: string;
  /** The field's value (update: old or new) equals this, or satisfies it when a function. */
  value?: ValueFilter;
  old?: ValueFilter;
  new?: ValueFilter;
  /** Delete handlers only: run if seen, but add no finalizer (deletion is never blocked). */
  optional?: boolean;
}

/** Options timers and daemons share. Seconds throughout. */
export interface SpawnedOptions<T extends KubernetesObject> extends ActivityOptions {
  labels?: Record<string, MetaFilter>;
  annotations?: Record<string, MetaFilter>;
  /** Checked on every event of the object: once it is false the timer or daemon stops; once true again it starts anew. */
  when?: (args: ObjectArgs<T>) => boolean;
  /** Wait this long after the object is first seen (or starts matching) before the first run. */
  initialDelay?: number;
  /**
   * Put the operator's finalizer on matching objects, so that their deletion waits until this timer
   * or daemon has stopped. Default false: deletion is never blocked (the signal still aborts).
   */
  finalizer?: boolean;
}

export interface TimerOptions<T extends KubernetesObject> extends SpawnedOptions<T> {
  /** Seconds between ticks: from the end of one to the start of the next, or, with `sharp`, between due times. */
  interval: number;
  /** Tick only once the object (its spec, labels, annotations) has not changed for this long. */
  idle?: number;
  /** Keep ticks on the schedule (every `interval` from the first due time), however long each takes. */
  sharp?: boolean;
}

export interface DaemonOptions<T extends KubernetesObject> extends SpawnedOptions<T> {
  /** After the signal aborted, wait at most this long for the daemon to return, then abandon it. Default: wait as long as it takes. */
  cancellationTimeout?: number;
}

export interface EventOptions<T extends KubernetesObject> {
  id?: string;
  labels?: Record<string, MetaFilter>;
  annotations?: Record<string, MetaFilter>;
  when?: (args: EventArgs<T>) => boolean;
}

type Awaitable<V> = V | Promise<V>;
export type ActivityFn = (args: ActivityArgs) => unknown;
export type LoginFn = (args: ActivityArgs) => Awaitable<LoginResult>;
export type ChangeFn<T extends KubernetesObject> = (args: ChangeArgs<T>) => unknown;
export type EventFn<T extends KubernetesObject> = (args: EventArgs<T>) => unknown;
export type TimerFn<T extends KubernetesObject> = (args: TimerArgs<T>) => unknown;
export type DaemonFn<T extends KubernetesObject> = (args: DaemonArgs<T>) => unknown;
