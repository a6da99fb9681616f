/** The `on.*` registration functions, bound to one registry. */
import type { KubernetesObject, ResourceDefinition } from '../resource/types.js';
import type { Registry } from './registry.js';
import type {
  ActivityFn,
  ActivityOptions,
  ChangeFn,
  DaemonFn,
  DaemonOptions,
  EventFn,
  EventOptions,
  HandlerOptions,
  LoginFn,
  TimerFn,
  TimerOptions,
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
    timer: (resource, fn, options) => registry.addSpawned('timer', resource, fn, options),
    daemon: (resource, fn, options) => registry.addSpawned('daemon', resource, fn, options),
  };
}
