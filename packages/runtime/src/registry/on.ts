/** The `on.*` registration functions, bound to one registry. */
import type { KubernetesObject, ResourceDefinition } from '../resource/types.js';
import type { Registry } from './registry.js';
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
  TimerFn,
  TimerOptions,
  ValidateFn,
} from './types.js';

export interface On {
  /** Runs before any watching; every startup handler must succeed first. */
  startup(fn: ActivityFn, options?: ActivityOptions): void;
  /** Supplies credentials; re-run on a 401. Without one, kubeconfig then in-cluster service account. */
  login(fn: LoginFn, options?: ActivityOptions): void;
  /** Runs on SIGTERM, SIGINT or a fatal error, before exit. */
  cleanup(fn: ActivityFn, options?: ActivityOptions): void;
  probe(fn: ActivityFn, options?: ActivityOptions): void;
  create<T extends KubernetesObject>(resource: ResourceDefinition<T>, fn: ChangeFn<T>, options?: HandlerOptions<T>): void;
  update<T extends KubernetesObject>(resource: ResourceDefinition<T>, fn: ChangeFn<T>, options?: HandlerOptions<T>): void;
  delete<T extends KubernetesObject>(resource: ResourceDefinition<T>, fn: ChangeFn<T>, options?: HandlerOptions<T>): void;
  resume<T extends KubernetesObject>(resource: ResourceDefinition<T>, fn: ChangeFn<T>, options?: HandlerOptions<T>): void;
  /** Like update (and create), but only when `field` changed; old, new and diff are narrowed to it. */
  field<T extends KubernetesObject>(
    resource: ResourceDefinition<T>,
    field: string,
    fn: ChangeFn<T>,
    options?: Omit<HandlerOptions<T>, 'field'>,
  ): void;
  /** Every raw watch event (and every listed object); errors are logged, never retried. */
  event<T extends KubernetesObject>(resource: ResourceDefinition<T>, fn: EventFn<T>, options?: EventOptions<T>): void;
  /**
   * An in-memory index over the resource's objects, `fn` giving each object's `{ key: value }`
   * entries. The returned handle is complete (every object of the initial listing is in it) before
   * any handler of the operator runs, and kept current by the watch; objects that are deleted or
   * filtered out leave it. Errors in `fn` are logged and leave the object out.
   */
  index<T extends KubernetesObject, K extends string, V>(
    resource: ResourceDefinition<T>,
    fn: IndexFn<T, K, V>,
    options?: IndexOptions<T>,
  ): Index<K, V>;

  /**
   * A child of `child`'s kind that a `resource` object controls was added, changed or deleted: `fn`
   * runs for that parent (its latest state, serialized with its other handlers) with the child's
   * event in `child`. Errors are retried with backoff. The operator's own child writes do not trigger it.
   */
  child<T extends KubernetesObject, C extends KubernetesObject>(
    resource: ResourceDefinition<T>,
    child: ResourceDefinition<C>,
    fn: ChildFn<T, C>,
    options?: ChildOptions<T, C>,
  ): void;
  /**
   * Every `interval` seconds per matching object, with its latest body; never overlapping itself.
   * Stops when the object is deleted or stops matching; errors are retried as other handlers' are.
   */
  timer<T extends KubernetesObject>(resource: ResourceDefinition<T>, fn: TimerFn<T>, options: TimerOptions<T>): void;
  /**
   * A long-running function per matching object; its signal aborts when the object is deleted or
   * stops matching, or the operator stops. Restarted after errors as other handlers are retried,
   * never after it returns.
   */
  daemon<T extends KubernetesObject>(resource: ResourceDefinition<T>, fn: DaemonFn<T>, options?: DaemonOptions<T>): void;
  /**
   * A validating admission webhook: the apiserver asks before it stores an object; throwing refuses
   * the request with the error's message (an AdmissionError sets the HTTP code). Handlers of a
   * resource run in registration order; the first refusal answers.
   */
  validate<T extends KubernetesObject>(resource: ResourceDefinition<T>, fn: ValidateFn<T>, options?: AdmissionOptions): void;
  /**
   * A mutating admission webhook: change `object` (a copy) in place; the apiserver gets the changes
   * as one JSON patch. Handlers of a resource run in registration order, each seeing the previous
   * one's changes; throwing refuses the request.
   */
  mutate<T extends KubernetesObject>(resource: ResourceDefinition<T>, fn: MutateFn<T>, options?: AdmissionOptions): void;
  /**
   * How `spoke`'s version converts to and from `hub`'s, two versions of one kind (hub and spoke: the
   * hub is the storage version, each other served version converts through it). The operator answers
   * the apiserver's ConversionReviews at `/convert/<group>/<plural>` (the CRD's conversion webhook).
   * Throws at once when the two are not versions of one kind, or the kind already has another hub.
   */
  conversion<Hub extends KubernetesObject, Spoke extends KubernetesObject>(
    hub: ResourceDefinition<Hub>,
    spoke: ResourceDefinition<Spoke>,
    // The types come from the two resources only (NoInfer over the whole: literals in what the
    // converters return then keep their literal types instead of widening to string).
    converters: NoInfer<Converters<Hub, Spoke>>,
  ): void;
}

export function bindOn(registry: Registry): On {
  return {
    startup: (fn, options) => registry.addActivity('startup', fn, options),
    login: (fn, options) => registry.addActivity('login', fn, options),
    cleanup: (fn, options) => registry.addActivity('cleanup', fn, options),
    probe: (fn, options) => registry.addActivity('probe', fn, options),
    create: (resource, fn, options) => registry.addChange('create', resource, fn, options),
    update: (resource, fn, options) => registry.addChange('update', resource, fn, options),
    delete: (resource, fn, options) => registry.addChange('delete', resource, fn, options),
    resume: (resource, fn, options) => registry.addChange('resume', resource, fn, options),
    field: (resource, field, fn, options) => registry.addChange('field', resource, fn, { ...options, field }),
    event: (resource, fn, options) => registry.addEvent(resource, fn, options),
    index: (resource, fn, options) => registry.addIndex(resource, fn, options),
    child: (resource, child, fn, options) => registry.addChild(resource, child, fn, options),
    timer: (resource, fn, options) => registry.addSpawned('timer', resource, fn, options),
    daemon: (resource, fn, options) => registry.addSpawned('daemon', resource, fn, options),
    validate: (resource, fn, options) => registry.addAdmission('validate', resource, fn, options),
    mutate: (resource, fn, options) => registry.addAdmission('mutate', resource, fn, options),
    conversion: (hub, spoke, converters) => registry.addConversion(hub, spoke, converters),
  };
}
