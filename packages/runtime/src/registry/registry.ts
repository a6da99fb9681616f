/**
 * Handlers and their options, grouped by resource. The registry only records; processing decides
 * what runs. One registry per operator; the module-level `on` writes into the default one.
 */
import type { KubernetesObject, ResourceDefinition } from '../resource/types.js';
import { IndexStore } from './index-store.js';
import type {
  ActivityFn,
  ActivityOptions,
  AdmissionOptions,
  ChangeFn,
  ChildFn,
  ChildOptions,
  Converters,
  DaemonFn,
  DaemonOptions,
  EventFn,
  EventOptions,
  HandlerOptions,
  Index,
  IndexFn,
  IndexOptions,
  LoginFn,
  MutateFn,
  Reason,
  TimerFn,
  TimerOptions,
  ValidateFn,
} from './types.js';

export type ActivityKind = 'startup' | 'login' | 'cleanup' | 'probe';
export type ChangeKind = Reason | 'field';
type AnyResource = ResourceDefinition<KubernetesObject>;

export interface ActivityHandler {
  id: string;
  fn: ActivityFn | LoginFn;
  options: ActivityOptions;
}

export interface ChangeHandler {
  id: string;
  kind: ChangeKind;
  fn: ChangeFn<KubernetesObject>;
  options: HandlerOptions<KubernetesObject>;
  /** The field filter as a path, e.g. ['spec', 'replicas']. */
  field: readonly string[] | undefined;
}

export interface EventHandler {
  id: string;
  fn: EventFn<KubernetesObject>;
  options: EventOptions<KubernetesObject>;
}

export interface IndexHandler {
  id: string;
  fn: IndexFn<KubernetesObject, string, unknown>;
  options: IndexOptions<KubernetesObject>;
  store: IndexStore<string, unknown>;
}

/** on.child: runs for the parent when a child of `child`'s kind that it controls changes or goes. */
export interface ChildHandler {
  id: string;
  child: AnyResource;
  fn: ChildFn<KubernetesObject, KubernetesObject>;
  options: ChildOptions;
}

/** A timer or a daemon: spawned per matching object, not per change. */
export type SpawnedHandler =
  | { id: string; kind: 'timer'; fn: TimerFn<KubernetesObject>; options: TimerOptions<KubernetesObject> }
  | { id: string; kind: 'daemon'; fn: DaemonFn<KubernetesObject>; options: DaemonOptions<KubernetesObject> };

/** One version's converters to and from the hub (on.conversion), with the object types erased. */
export interface SpokeConverters {
  resource: AnyResource;
  toHub(object: KubernetesObject): unknown;
  fromHub(object: KubernetesObject): unknown;
}

/** Every conversion of one kind: its hub (the storage version) and the versions that convert through it. */
export interface ConversionSet {
  group: string;
  kind: string;
  plural: string;
  hub: AnyResource;
  /** By version name. */
  spokes: Map<string, SpokeConverters>;
}

/** Resolves once the object's timers and daemons of these ids have stopped (rejects when `signal` aborts first). */
export type SpawnedStopper = (uid: string, ids: readonly string[], signal: AbortSignal) => Promise<void>;

export interface ResourceHandlers {
  resource: AnyResource;
  changes: ChangeHandler[];
  events: EventHandler[];
  /** Indexes over the resource's objects: filled before any handler of the operator runs. */
  indexes: IndexHandler[];
  children: ChildHandler[];
  spawned: SpawnedHandler[];
  /** Set by the running operator: what the delete handlers of `finalizer: true` timers and daemons wait on. */
  stopSpawned?: SpawnedStopper;
}

export type AdmissionKind = 'validate' | 'mutate';

/** An on.validate or on.mutate handler: called by the apiserver through the webhook server, never by the watch. */
export interface AdmissionHandler {
  id: string;
  fn: ValidateFn<KubernetesObject> | MutateFn<KubernetesObject>;
  options: AdmissionOptions;
}

/** One resource's admission handlers, in registration order. Kept apart from `resources`: they need no watch. */
export interface AdmissionHandlers {
  resource: AnyResource;
  validate: AdmissionHandler[];
  mutate: AdmissionHandler[];
}

const ADMISSION_OPERATIONS = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

export function resourceKey(resource: { group: string; version: string; plural: string }): string {
  return `${resource.group}/${resource.version}/${resource.plural}`;
}

/** Conversions are per kind, not per version: `<group>/<plural>`. */
export function conversionKey(resource: { group: string; plural: string }): string {
  return `${resource.group}/${resource.plural}`;
}

export function fieldPath(field: string): string[] {
  return field.split('.').filter((part) => part !== '');
}

/** A function's own name, without the `bound ` prefix of bound methods; '' for anonymous ones. */
function functionName(fn: { name: string }): string {
  const name = fn.name.replace(/^(bound )+/, '');
  return name === 'anonymous' ? '' : name;
}

export class Registry {
  readonly activities: Record<ActivityKind, ActivityHandler[]> = { startup: [], login: [], cleanup: [], probe: [] };
  readonly resources = new Map<string, ResourceHandlers>();
  /** on.validate and on.mutate handlers by resourceKey. */
  readonly admission = new Map<string, AdmissionHandlers>();
  /** on.conversion, by conversionKey(): kept apart from `resources`, whose entries are watched. */
  readonly conversions = new Map<string, ConversionSet>();

  addActivity(kind: ActivityKind, fn: ActivityFn | LoginFn, options: ActivityOptions = {}): void {
    const list = this.activities[kind];
    const id = uniqueId(options.id ?? (functionName(fn) || kind), new Set(list.map((h) => h.id)));
    list.push({ id, fn, options });
  }

  addChange<T extends KubernetesObject>(
    kind: ChangeKind,
    resource: ResourceDefinition<T>,
    fn: ChangeFn<T>,
    options: HandlerOptions<T> = {},
  ): void {
    const entry = this.entry(resource);
    const field = options.field === undefined ? undefined : fieldPath(options.field);
    if (options.value !== undefined && (options.old !== undefined || options.new !== undefined)) {
      throw new TypeError(`on.${kind}(${resource.kind}): 'value' cannot be combined with 'old' or 'new'.`);
    }
    if (options.optional && kind !== 'delete') throw new TypeError(`on.${kind}(${resource.kind}): 'optional' applies to on.delete only.`);
    const base = options.id ?? (functionName(fn) || kind);
    const wanted = kind === 'field' && options.id === undefined ? `${base}/${options.field}` : base;
    const id = uniqueId(wanted, new Set(entry.changes.map((h) => h.id)));
    entry.changes.push({ id, kind, fn: fn as ChangeFn<KubernetesObject>, options: options as HandlerOptions<KubernetesObject>, field });
  }

  addEvent<T extends KubernetesObject>(resource: ResourceDefinition<T>, fn: EventFn<T>, options: EventOptions<T> = {}): void {
    const entry = this.entry(resource);
    const id = uniqueId(options.id ?? (functionName(fn) || 'event'), new Set(entry.events.map((h) => h.id)));
    entry.events.push({ id, fn: fn as EventFn<KubernetesObject>, options: options as EventOptions<KubernetesObject> });
  }

  addIndex<T extends KubernetesObject, K extends string, V>(
    resource: ResourceDefinition<T>,
    fn: IndexFn<T, K, V>,
    options: IndexOptions<T> = {},
  ): Index<K, V> {
    const entry = this.entry(resource);
    const id = uniqueId(options.id ?? (functionName(fn) || 'index'), new Set(entry.indexes.map((h) => h.id)));
    const store = new IndexStore<K, V>();
    entry.indexes.push({
      id,
      fn: fn as unknown as IndexFn<KubernetesObject, string, unknown>,
      options: options as IndexOptions<KubernetesObject>,
      store: store as unknown as IndexStore<string, unknown>,
    });
    return store;
  }

  addChild<T extends KubernetesObject, C extends KubernetesObject>(
    resource: ResourceDefinition<T>,
    child: ResourceDefinition<C>,
    fn: ChildFn<T, C>,
    options: ChildOptions<T, C> = {},
  ): void {
    if (resource.namespaced && !child.namespaced) {
      throw new TypeError(
        `on.child(${resource.kind}, ${child.kind}): ${child.kind} is cluster-scoped and ${resource.kind} namespaced; such a child would be deleted by the garbage collector.`,
      );
    }
    const entry = this.entry(resource);
    const id = uniqueId(options.id ?? (functionName(fn) || `child/${child.kind}`), new Set(entry.children.map((h) => h.id)));
    entry.children.push({
      id,
      child: child as unknown as AnyResource,
      fn: fn as unknown as ChildFn<KubernetesObject, KubernetesObject>,
      options: options as unknown as ChildOptions,
    });
  }

  addSpawned<T extends KubernetesObject>(kind: 'timer', resource: ResourceDefinition<T>, fn: TimerFn<T>, options: TimerOptions<T>): void;
  addSpawned<T extends KubernetesObject>(
    kind: 'daemon',
    resource: ResourceDefinition<T>,
    fn: DaemonFn<T>,
    options?: DaemonOptions<T>,
  ): void;
  addSpawned<T extends KubernetesObject>(
    kind: 'timer' | 'daemon',
    resource: ResourceDefinition<T>,
    fn: TimerFn<T> | DaemonFn<T>,
    options: TimerOptions<T> | DaemonOptions<T> = {},
  ): void {
    checkSeconds(`on.${kind}(${resource.kind})`, options, kind === 'timer');
    const entry = this.entry(resource);
    // Results go to status.<id>, so an id is unique among the change handlers' too.
    const taken = new Set([...entry.changes, ...entry.spawned].map((h) => h.id));
    const id = uniqueId(options.id ?? (functionName(fn) || kind), taken);
    entry.spawned.push({ id, kind, fn, options } as unknown as SpawnedHandler);
    if (options.finalizer) {
      // The finalizer is a delete handler's: the existing machinery adds it to matching objects and
      // removes it once this handler, which waits for the timer or daemon to stop, is done.
      const stop: ChangeFn<KubernetesObject> = ({ uid, signal }) => entry.stopSpawned?.(uid, [id], signal);
      const { labels, annotations } = options;
      this.addChange('delete', resource, stop, {
        id: `${id}/stop`,
        ...(labels ? { labels } : {}),
        ...(annotations ? { annotations } : {}),
      });
    }
  }

  addAdmission<T extends KubernetesObject>(
    kind: AdmissionKind,
    resource: ResourceDefinition<T>,
    fn: ValidateFn<T> | MutateFn<T>,
    options: AdmissionOptions = {},
  ): void {
    checkAdmissionOptions(`on.${kind}(${resource.kind})`, options);
    const key = resourceKey(resource);
    let entry = this.admission.get(key);
    if (!entry) {
      entry = { resource: resource as unknown as AnyResource, validate: [], mutate: [] };
      this.admission.set(key, entry);
    }
    const list = entry[kind];
    const id = uniqueId(options.id ?? (functionName(fn) || kind), new Set(list.map((h) => h.id)));
    list.push({ id, fn: fn as unknown as AdmissionHandler['fn'], options });
  }

  addConversion<Hub extends KubernetesObject, Spoke extends KubernetesObject>(
    hub: ResourceDefinition<Hub>,
    spoke: ResourceDefinition<Spoke>,
    converters: Converters<Hub, Spoke>,
  ): void {
    const where = `on.conversion(${hub.apiVersion} ${hub.kind}, ${spoke.apiVersion} ${spoke.kind})`;
    if (hub.group !== spoke.group || hub.kind !== spoke.kind || hub.plural !== spoke.plural)
      throw new TypeError(`${where}: hub and spoke must be two versions of one kind (same group, kind and plural)`);
    if (hub.version === spoke.version) throw new TypeError(`${where}: hub and spoke are the same version; give two different versions`);
    if (typeof converters?.toHub !== 'function' || typeof converters.fromHub !== 'function')
      throw new TypeError(`${where}: give both converters, { toHub(object) { … }, fromHub(object) { … } }`);
    const key = conversionKey(hub);
    let set = this.conversions.get(key);
    if (set && set.hub.version !== hub.version)
      throw new TypeError(
        `${where}: ${hub.kind} already converts through ${set.hub.apiVersion}; a kind has one hub (its storage version), so register every other version against that one`,
      );
    if (set?.spokes.has(spoke.version))
      throw new TypeError(`${where}: ${spoke.apiVersion} already has its converters; register each version once`);
    if (!set) {
      set = { group: hub.group, kind: hub.kind, plural: hub.plural, hub: hub as unknown as AnyResource, spokes: new Map() };
      this.conversions.set(key, set);
    }
    set.spokes.set(spoke.version, {
      resource: spoke as unknown as AnyResource,
      toHub: (object) => converters.toHub(object as Spoke),
      fromHub: (object) => converters.fromHub(object as Hub),
    });
  }

  /** Whether some non-optional delete handler exists, i.e. the resource's objects need our finalizer. */
  requiresFinalizer(key: string): boolean {
    return this.resources.get(key)?.changes.some((h) => h.kind === 'delete' && !h.options.optional) ?? false;
  }

  private entry<T extends KubernetesObject>(resource: ResourceDefinition<T>): ResourceHandlers {
    const key = resourceKey(resource);
    let entry = this.resources.get(key);
    if (!entry) {
      entry = { resource: resource as unknown as AnyResource, changes: [], events: [], indexes: [], children: [], spawned: [] };
      this.resources.set(key, entry);
    }
    return entry;
  }
}

/** Ids key progress records and `status.<id>`, so two handlers of one resource never share one. */
function uniqueId(wanted: string, taken: Set<string>): string {
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) if (!taken.has(`${wanted}-${n}`)) return `${wanted}-${n}`;
}

/** Seconds options are finite and not negative; a timer's interval is above zero. */
function checkSeconds(where: string, given: object, timer: boolean): void {
  const options = given as Record<string, unknown>;
  if (timer && !(typeof options.interval === 'number' && options.interval > 0 && Number.isFinite(options.interval))) {
    throw new TypeError(`${where}: 'interval' must be a number of seconds above 0 (got ${String(options.interval)}).`);
  }
  for (const key of ['idle', 'initialDelay', 'cancellationTimeout']) {
    const value = options[key];
    if (value === undefined) continue;
    if (!(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
      throw new TypeError(`${where}: '${key}' must be a number of seconds, 0 or more (got ${String(value)}).`);
    }
  }
}

/** What the apiserver accepts in a webhook configuration, checked at registration rather than when it is refused. */
function checkAdmissionOptions(where: string, options: AdmissionOptions): void {
  const { timeoutSeconds, operations, failurePolicy, sideEffects } = options;
  if (timeoutSeconds !== undefined && !(Number.isInteger(timeoutSeconds) && timeoutSeconds >= 1 && timeoutSeconds <= 30)) {
    throw new TypeError(`${where}: 'timeoutSeconds' must be a whole number of seconds from 1 to 30 (got ${String(timeoutSeconds)}).`);
  }
  if (operations !== undefined && (operations.length === 0 || operations.some((op) => !ADMISSION_OPERATIONS.has(op)))) {
    throw new TypeError(`${where}: 'operations' must list some of CREATE, UPDATE, DELETE, CONNECT (got ${JSON.stringify(operations)}).`);
  }
  if (failurePolicy !== undefined && failurePolicy !== 'Fail' && failurePolicy !== 'Ignore') {
    throw new TypeError(`${where}: 'failurePolicy' must be 'Fail' or 'Ignore' (got ${JSON.stringify(failurePolicy)}).`);
  }
  if (sideEffects !== undefined && sideEffects !== 'None' && sideEffects !== 'NoneOnDryRun') {
    throw new TypeError(`${where}: 'sideEffects' must be 'None' or 'NoneOnDryRun' (got ${JSON.stringify(sideEffects)}).`);
  }
}
