/**
 * @gen-operator/runtime — runs Kubernetes operators written in TypeScript with kopf's handler model.
 *
 * ```ts
 * import { on, run } from '@gen-operator/runtime';
 * import { Demo } from './resources/demo.js';
 * on.create(Demo, async ({ spec, patch }) => { patch.status = { phase: 'Ready' }; });
 * await run({ namespaces: ['default'] });
 * ```
 */
import { createOperator } from './operator/operator.js';
import type { RunOptions } from './operator/options.js';
import type { KubernetesObject, ResourceDefinition } from './resource/types.js';

export type {
  KubernetesObject,
  ObjectMeta,
  OwnerReference,
  PrinterColumn,
  JsonSchemaProps,
  ResourceSpec,
  ResourceDefinition,
  ResourceClient,
  SchemaIssue,
  ValidationResult,
  ListOptions,
  ObjectList,
  PatchOptions,
  PatchType,
} from './resource/types.js';
export { defineResource } from './resource/define.js';
export * from './builtins/index.js';
export type {
  ActivityArgs,
  ActivityOptions,
  ChangeArgs,
  ChildArgs,
  ChildApplyOptions,
  ChildEvent,
  ChildItem,
  ChildObject,
  ChildOptions,
  Children,
  ChildSetOptions,
  ChildSetResult,
  EventArgs,
  ObjectArgs,
  HandlerOptions,
  EventOptions,
  Diff,
  DiffItem,
  DiffOp,
  Patch,
  MergePatch,
  SpecOf,
  StatusOf,
  Reason,
  Logger,
  LoginResult,
  ErrorsMode,
  MetaFilter,
  WatchEventType,
  Index,
  IndexArgs,
  IndexFn,
  IndexOptions,
  SubhandlerOptions,
  SpawnedArgs,
  SpawnedOptions,
  TimerArgs,
  TimerOptions,
  DaemonArgs,
  DaemonOptions,
  AdmissionOperation,
  AdmissionOptions,
  AdmissionUserInfo,
  ValidateArgs,
  ValidateFn,
  MutateArgs,
  MutateFn,
  Converted,
  Converters,
} from './registry/types.js';
export type { ConnectionInfo } from './api/connection-info.js';
export type { On } from './registry/on.js';
export { TemporaryError, PermanentError, HandlerTimeoutError, HandlerRetriesError, AdmissionError } from './errors.js';
/** The paths the webhook server answers at; a deployment's webhook configurations and CRDs name the same. */
export { admissionPath, conversionPath } from './webhooks/routes.js';
export { ApiError, ApiUnavailableError } from './api/errors.js';
export { createOperator, type Operator } from './operator/operator.js';
export type { Events, EventType } from './events/index.js';
export type { RunOptions, WebhookOptions } from './operator/options.js';
export { loginViaKubeconfig, loginViaServiceAccount } from './operator/login.js';
export { changeArgs } from './handler-args.js';
export { jsonSafe, printable } from './text/printable.js';
export { adopt, AdoptionError, type AdoptOptions } from './children/adopt.js';
export { ChildConflictError } from './children/apply.js';
export { child } from './children/children.js';
export { parentLabel } from './children/label.js';
export { statusCanHold } from './processing/state.js';

const defaultOperator = createOperator();

/** Registration into the default operator (the one `run()` runs). */
export const on = defaultOperator.on;

/** Kubernetes Events about objects, posted by the default operator (buffered until it has logged in). */
export const events = defaultOperator.events;

/**
 * `object` converted to `to`'s version by the converters on.conversion registered, exactly as the
 * operator's conversion webhook converts it for the apiserver: for unit tests of converters.
 */
export const convert: <T extends KubernetesObject>(object: KubernetesObject, to: ResourceDefinition<T>) => Promise<T> = (object, to) =>
  defaultOperator.convert(object, to);

/** Runs the default operator until SIGTERM/SIGINT; exits the process when done. */
export function run(options: RunOptions = {}): Promise<void> {
  return defaultOperator.run({ handleSignals: true, ...options });
}
export * from './schema/index.js';
