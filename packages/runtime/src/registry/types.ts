/** What handlers receive and the options they are registered with. */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ConnectionInfo } from '../api/connection-info.js';
import type { KubernetesObject, ObjectMeta, ResourceDefinition } from '../resource/types.js';

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
  /** This object's children: apply them (adopted, server-side apply), or declare the whole set. */
  children: Children;
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
  /**
   * Registers a sub-handler of this handler for this object, id `<this id>/<id>`: it runs after this
   * handler returns, keeps its own progress and is retried on its own. This handler is called again
   * on each later attempt (so it must register the same sub-handlers, free of side effects) and is
   * done when all of them are.
   */
  subhandler(id: string, fn: ChangeFn<T>, options?: SubhandlerOptions): void;
}

/** A sub-handler's retry policy; its id is the one given to `subhandler()`. */
export type SubhandlerOptions = Omit<ActivityOptions, 'id'>;

/** What an index function sees of an object: no patch, no children (indexing never writes). */
export type IndexArgs<T extends KubernetesObject> = Omit<ObjectArgs<T>, 'patch' | 'memo' | 'signal' | 'children'>;

export interface IndexOptions<T extends KubernetesObject> {
  id?: string;
  labels?: Record<string, MetaFilter>;
  annotations?: Record<string, MetaFilter>;
  /** Objects it declines are not in the index. */
  when?: (args: IndexArgs<T>) => boolean;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** A child as a handler writes it: apiVersion and kind come from its resource, metadata is optional. */
export type ChildObject<C extends KubernetesObject> = Omit<C, 'apiVersion' | 'kind' | 'metadata'> & { metadata?: ObjectMeta };

export interface ChildApplyOptions {
  /** Take over fields another field manager owns (server-side apply's force). Default false: a conflict throws. */
  force?: boolean;
  /** Copy the parent's labels onto the child (the child's own labels win). Default false. */
  labels?: boolean;
}

/** One member of the set given to `children.set()`; made with `child()`. */
export interface ChildItem<C extends KubernetesObject = KubernetesObject> {
  readonly resource: ResourceDefinition<C>;
  readonly object: ChildObject<C>;
}

export interface ChildSetOptions extends ChildApplyOptions {
  /** Kinds to prune besides those in the set and those with on.child handlers for the parent. */
  kinds?: readonly ResourceDefinition<KubernetesObject>[];
}

export interface ChildSetResult {
  applied: KubernetesObject[];
  /** Children of this parent that were not in the set, now deleted. */
  deleted: KubernetesObject[];
}

/** The children of one parent object, as its handlers see them. */
export interface Children {
  /**
   * Adopts `object` (owner reference, namespace, name, the parent label) and writes it with one
   * server-side apply under the operator's field manager; returns the child as stored.
   */
  apply<C extends KubernetesObject>(resource: ResourceDefinition<C>, object: ChildObject<C>, options?: ChildApplyOptions): Promise<C>;
  /** Applies every item, then deletes the parent's children that are not among them. */
  set(items: readonly ChildItem[], options?: ChildSetOptions): Promise<ChildSetResult>;
}

export interface EventArgs<T extends KubernetesObject> extends ObjectArgs<T> {
  /** undefined for objects seen in a listing, else the watch event's type. */
  type: WatchEventType | undefined;
}

/** What happened to a child: its watch event. */
export interface ChildEvent<C extends KubernetesObject> {
  type: WatchEventType;
  object: C;
}

/** What an on.child handler gets: the parent (its latest state) and the child's event. */
export interface ChildArgs<T extends KubernetesObject, C extends KubernetesObject> extends ObjectArgs<T> {
  child: ChildEvent<C>;
  /** Failed attempts before this one for the same child events. */
  retry: number;
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
/**
 * An index function: the entries an object contributes, `{ key: value }` (several keys for several
 * entries), or undefined/null for none. Synchronous, so that the index changes in event order.
 */
export type IndexFn<T extends KubernetesObject, K extends string, V> = (args: IndexArgs<T>) => Partial<Record<K, V>> | undefined | null;

/** Values by key over all objects of an index's resource: `get(key)` lists what every object gave for it. */
export interface Index<K extends string, V> {
  /** What every indexed object gave for `key` (empty when none), in no particular order. */
  get(key: K): readonly V[];
  has(key: K): boolean;
  keys(): IterableIterator<K>;
  entries(): IterableIterator<[K, readonly V[]]>;
  /** The number of keys. */
  readonly size: number;
}

export type ChildFn<T extends KubernetesObject, C extends KubernetesObject> = (args: ChildArgs<T, C>) => unknown;

/** on.child: an id, how errors are retried (on the per-object schedule 1, 1, 2, 3, 5 … 55 s unless `backoff`), a filter. */
export interface ChildOptions<T extends KubernetesObject = KubernetesObject, C extends KubernetesObject = KubernetesObject>
  extends ActivityOptions {
  /** Only events this returns true for call the handler (others are not logged as handled), e.g. `({ child }) => child.type === 'DELETED'`. */
  when?: (args: ChildArgs<T, C>) => boolean;
}
export type TimerFn<T extends KubernetesObject> = (args: TimerArgs<T>) => unknown;
export type DaemonFn<T extends KubernetesObject> = (args: DaemonArgs<T>) => unknown;

/** The admission operations a webhook can be called for. */
export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** Who made the request, as the apiserver authenticated them. */
export interface AdmissionUserInfo {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/** What an on.validate handler gets: one AdmissionReview request, typed for its resource. */
export interface ValidateArgs<T extends KubernetesObject> {
  /** The object as it would be stored; on DELETE the object being deleted (the apiserver sends none). */
  object: T;
  /** The stored object on UPDATE and DELETE; undefined on CREATE. */
  oldObject: T | undefined;
  operation: AdmissionOperation;
  userInfo: AdmissionUserInfo;
  /** True for `kubectl --dry-run=server`: nothing is stored, so a handler must not act outside the cluster either. */
  dryRun: boolean;
  /** e.g. `status`, or undefined for the main resource. */
  subresource: string | undefined;
  name: string | undefined;
  namespace: string | undefined;
  /** Warnings shown to the client (kubectl prints them), admitted or not. */
  warnings: string[];
  logger: Logger;
  /** Aborted at the handler's timeout, or when the apiserver gave up on the request. */
  signal: AbortSignal;
}

/** What an on.mutate handler gets: `object` is its own copy to change; the runtime answers with the changes as a JSON patch. */
export type MutateArgs<T extends KubernetesObject> = ValidateArgs<T>;

/** Throw an AdmissionError (or any error) to refuse; return to admit. */
export type ValidateFn<T extends KubernetesObject> = (args: ValidateArgs<T>) => unknown;
/** Change `args.object` in place to mutate; throw to refuse. */
export type MutateFn<T extends KubernetesObject> = (args: MutateArgs<T>) => unknown;

/** on.validate / on.mutate options; all but `id` go into the dev-registered webhook configuration too. */
export interface AdmissionOptions {
  id?: string;
  /** The operations the handler is called for. Default CREATE and UPDATE. */
  operations?: readonly AdmissionOperation[];
  /**
   * Seconds the handler may take, 1 to 30 (the apiserver's range). Default 10. The runtime answers
   * the apiserver before this has passed, whatever the handler does: see `failurePolicy`.
   */
  timeoutSeconds?: number;
  /**
   * When the webhook cannot be reached, or the handler runs out of time: `Fail` refuses the request
   * (default), `Ignore` admits it (with a warning, when the handler timed out).
   */
  failurePolicy?: 'Fail' | 'Ignore';
  /** `NoneOnDryRun` when the handler acts outside the cluster (and skips that when `dryRun`). Default `None`. */
  sideEffects?: 'None' | 'NoneOnDryRun';
}

/** An object as a converter returns it: the runtime sets its apiVersion and kind, so they may be left out. */
export type Converted<T extends KubernetesObject> = Omit<T, 'apiVersion' | 'kind'> & { apiVersion?: string; kind?: string };

/**
 * How one version (the spoke) converts to and from the storage version (the hub), for on.conversion.
 * Each gets a deep copy of the object. Metadata other than labels and annotations is kept as it came
 * in (the apiserver refuses a conversion that changes it); an error fails the whole ConversionReview
 * with its message, which the apiserver shows to the client.
 */
export interface Converters<Hub extends KubernetesObject, Spoke extends KubernetesObject> {
  toHub(object: Spoke): Converted<Hub> | Promise<Converted<Hub>>;
  fromHub(object: Hub): Converted<Spoke> | Promise<Converted<Spoke>>;
}
