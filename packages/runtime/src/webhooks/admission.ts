/**
 * AdmissionReview v1 in, AdmissionReview v1 out: the request is checked, the resource's handlers run
 * in order (validating: the first error refuses; mutating: each changes one copy of the object, the
 * answer is the JSON patch of all their changes), and the response echoes the request's uid.
 *
 * A handler that runs past its time is not waited for: the answer goes out before the apiserver's
 * own timeout and follows the handler's failurePolicy (Fail: refused with a message that says so;
 * Ignore: admitted with a warning). A request the apiserver would call the webhook for but no
 * handler asked for (another operation) is admitted.
 */
import { AdmissionError } from '../errors.js';
import type { AdmissionHandler, AdmissionHandlers, AdmissionKind } from '../registry/registry.js';
import type { AdmissionOperation, AdmissionUserInfo, Logger, ValidateArgs } from '../registry/types.js';
import type { KubernetesObject } from '../resource/types.js';
import { isObject } from '../schema/json.js';
import { printableLine } from '../text/printable.js';
import { jsonPatchBetween } from './json-patch.js';
import { WebhookRequestError } from './errors.js';
import type { WebhookRoute } from './server.js';

export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';
const DEFAULT_TIMEOUT_S = 10;
/** What kubectl shows of a refusal or a warning is bounded: the apiserver cuts warnings at 256 characters and 4 KiB in all. */
const MAX_MESSAGE = 1024;
const MAX_WARNING = 256;
const MAX_WARNINGS_TOTAL = 4096;
const OPERATIONS: readonly AdmissionOperation[] = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'];

/** The fields of an AdmissionReview request the handlers see. */
export interface AdmissionRequest {
  uid: string;
  operation: AdmissionOperation;
  object: KubernetesObject | undefined;
  oldObject: KubernetesObject | undefined;
  userInfo: AdmissionUserInfo;
  dryRun: boolean;
  subResource: string | undefined;
  name: string | undefined;
  namespace: string | undefined;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code: number; message: string };
  warnings?: string[];
  patchType?: 'JSONPatch';
  /** The JSON patch, base64. */
  patch?: string;
}

export interface AdmissionReview {
  apiVersion: typeof ADMISSION_API_VERSION;
  kind: 'AdmissionReview';
  response: AdmissionResponse;
}

const optionalString = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** The request of an AdmissionReview v1; anything else is a 400 that says what is wrong. */
export function admissionRequestOf(body: unknown): AdmissionRequest {
  const bad = (problem: string) => new WebhookRequestError(400, `not an AdmissionReview: ${problem}`);
  if (!isObject(body)) throw bad('the body is not a JSON object');
  if (body.apiVersion !== ADMISSION_API_VERSION || body.kind !== 'AdmissionReview') {
    throw bad(`expected apiVersion ${ADMISSION_API_VERSION} and kind AdmissionReview (admissionReviewVersions: [v1])`);
  }
  const request = body.request;
  if (!isObject(request)) throw bad('request is missing');
  const { uid, operation, object, oldObject, userInfo } = request;
  if (typeof uid !== 'string' || uid === '' || uid.length > 256) throw bad('request.uid must be a string of 1 to 256 characters');
  if (!OPERATIONS.includes(operation as AdmissionOperation)) throw bad(`request.operation must be one of ${OPERATIONS.join(', ')}`);
  for (const [field, value] of [
    ['object', object],
    ['oldObject', oldObject],
  ] as const) {
    if (value !== undefined && value !== null && !isObject(value)) throw bad(`request.${field} must be an object or null`);
  }
  if (userInfo !== undefined && !isObject(userInfo)) throw bad('request.userInfo must be an object');
  return {
    uid,
    operation: operation as AdmissionOperation,
    object: (object ?? undefined) as KubernetesObject | undefined,
    oldObject: (oldObject ?? undefined) as KubernetesObject | undefined,
    userInfo: (userInfo ?? {}) as AdmissionUserInfo,
    dryRun: request.dryRun === true,
    subResource: optionalString(request.subResource),
    name: optionalString(request.name),
    namespace: optionalString(request.namespace),
  };
}

export function admissionReview(response: AdmissionResponse): AdmissionReview {
  return { apiVersion: ADMISSION_API_VERSION, kind: 'AdmissionReview', response };
}

/** How one review ended: admitted, refused by a handler, a handler past its time, or a handler's unexpected error. */
export type AdmissionResult = 'allowed' | 'refused' | 'timeout' | 'error';

/** Told of every answered review (the operator's metrics). */
export type AdmissionObserver = (review: { kind: AdmissionKind; resource: string; result: AdmissionResult; seconds: number }) => void;

/** The route of one resource's validating or mutating handlers. */
export function admissionRoute(
  kind: AdmissionKind,
  handlers: AdmissionHandlers,
  logger: Logger,
  observe?: AdmissionObserver,
): WebhookRoute {
  const resource = handlers.resource.plural + (handlers.resource.group ? `.${handlers.resource.group}` : '');
  return async (body, signal) => {
    const request = admissionRequestOf(body);
    const started = performance.now();
    const { response, result } = await judge(kind, handlers[kind], request, signal, logger);
    observe?.({ kind, resource, result, seconds: (performance.now() - started) / 1000 });
    return admissionReview(response);
  };
}

/**
 * The route of an admission path of this operator's form for which it has no handlers: a deployment
 * whose webhook configuration names a kind (the generator's `--webhooks`) before its on.validate or
 * on.mutate exists. It admits with a warning that says so, and logs it once, rather than answering
 * 404, which the apiserver takes as a failure and, with failurePolicy Fail, refuses every request.
 * `firstUse` is told of every answer (the caller logs the first per path).
 */
export function unhandledAdmissionRoute(path: string, firstUse: () => void): WebhookRoute {
  const warning = `no on.${path.split('/')[1]} handler in this operator for ${path}: admitted unchanged`;
  return async (body) => {
    const request = admissionRequestOf(body);
    firstUse();
    return admissionReview({ uid: request.uid, allowed: true, warnings: [warning] });
  };
}

/** Runs the handlers that ask for the request's operation and says what to answer. */
export async function admit(
  kind: AdmissionKind,
  handlers: readonly AdmissionHandler[],
  request: AdmissionRequest,
  signal: AbortSignal,
  logger: Logger,
): Promise<AdmissionResponse> {
  return (await judge(kind, handlers, request, signal, logger)).response;
}

/** admit(), and how the review ended. */
async function judge(
  kind: AdmissionKind,
  handlers: readonly AdmissionHandler[],
  request: AdmissionRequest,
  signal: AbortSignal,
  logger: Logger,
): Promise<{ response: AdmissionResponse; result: AdmissionResult }> {
  const warnings: string[] = [];
  const given = request.object ?? request.oldObject ?? {};
  // Only CREATE and UPDATE carry an object the apiserver would store: that is what a mutation patches.
  const mutable = kind === 'mutate' && request.object !== undefined && (request.operation === 'CREATE' || request.operation === 'UPDATE');
  const object = kind === 'mutate' ? structuredClone(given) : given;
  const answer = (result: AdmissionResult, response: Omit<AdmissionResponse, 'uid'>) => {
    const shown = boundedWarnings(warnings);
    return { result, response: { uid: request.uid, ...response, ...(shown.length ? { warnings: shown } : {}) } };
  };
  for (const handler of handlers) {
    if (!(handler.options.operations ?? ['CREATE', 'UPDATE']).includes(request.operation)) continue;
    const handlerLogger = childLogger(logger, {
      handler: handler.id,
      operation: request.operation,
      name: request.name,
      namespace: request.namespace,
    });
    const outcome = await invoke(handler, argsFor(request, object, warnings, handlerLogger), signal);
    if (outcome.kind === 'timeout') {
      const seconds = handler.options.timeoutSeconds ?? DEFAULT_TIMEOUT_S;
      const message = `admission handler '${handler.id}' did not answer in time (${seconds} s)`;
      handlerLogger.warn(`${message}; answering per failurePolicy ${handler.options.failurePolicy ?? 'Fail'}.`);
      if (handler.options.failurePolicy === 'Ignore') {
        warnings.push(`${message}; admitted (failurePolicy Ignore)`);
        continue;
      }
      return answer('timeout', { allowed: false, status: { code: 504, message } });
    }
    if (outcome.kind === 'error') {
      const { error } = outcome;
      const code = error instanceof AdmissionError ? error.code : 500;
      const message = printableLine(
        (error instanceof Error ? error.message : String(error)) || `admission handler '${handler.id}' refused`,
        MAX_MESSAGE,
      );
      if (error instanceof AdmissionError) handlerLogger.info('Admission refused.', { message });
      else handlerLogger.error(`Admission handler '${handler.id}' failed; refusing.`, { error: String(error) });
      return answer(error instanceof AdmissionError ? 'refused' : 'error', { allowed: false, status: { code, message } });
    }
  }
  if (!mutable) return answer('allowed', { allowed: true });
  let patch: ReturnType<typeof jsonPatchBetween>;
  try {
    patch = jsonPatchBetween(given, object);
  } catch (error) {
    const message = `the mutated object is not JSON: ${(error as Error).message}`;
    logger.error(`Admission handlers of ${request.name ?? 'an object'} made ${message}; refusing.`);
    return answer('error', { allowed: false, status: { code: 500, message } });
  }
  if (patch.length === 0) return answer('allowed', { allowed: true });
  return answer('allowed', { allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(patch)).toString('base64') });
}

type Outcome = { kind: 'done' } | { kind: 'error'; error: unknown } | { kind: 'timeout' };

/** Calls the handler with a signal that aborts at its timeout or the request's; does not wait past either. */
async function invoke(
  handler: AdmissionHandler,
  args: Omit<ValidateArgs<KubernetesObject>, 'signal'>,
  request: AbortSignal,
): Promise<Outcome> {
  if (request.aborted) return { kind: 'timeout' };
  // One controller and one timer per call, both cleared when it settles (AbortSignal.timeout would
  // keep a timer per request for the whole timeout, and AbortSignal.any a registry entry).
  const controller = new AbortController();
  const timedOut = () => controller.abort(new Error(`admission handler '${handler.id}' ran out of time`));
  const timer = setTimeout(timedOut, (handler.options.timeoutSeconds ?? DEFAULT_TIMEOUT_S) * 1000);
  request.addEventListener('abort', timedOut, { once: true });
  const aborted = new Promise<Outcome>((resolve) => {
    controller.signal.addEventListener('abort', () => resolve({ kind: 'timeout' }), { once: true });
  });
  const run = Promise.resolve()
    .then(() => handler.fn({ ...args, signal: controller.signal }))
    .then(
      (): Outcome => ({ kind: 'done' }),
      (error: unknown): Outcome => ({ kind: 'error', error }),
    );
  try {
    return await Promise.race([run, aborted]);
  } finally {
    clearTimeout(timer);
    request.removeEventListener('abort', timedOut);
  }
}

function argsFor(
  request: AdmissionRequest,
  object: KubernetesObject,
  warnings: string[],
  logger: Logger,
): Omit<ValidateArgs<KubernetesObject>, 'signal'> {
  return {
    object,
    oldObject: request.oldObject,
    operation: request.operation,
    userInfo: request.userInfo,
    dryRun: request.dryRun,
    subresource: request.subResource,
    name: request.name,
    namespace: request.namespace,
    warnings,
    logger,
  };
}

function childLogger(logger: Logger, fields: Record<string, unknown>): Logger {
  const withFields = (extra?: Record<string, unknown>) => ({ ...fields, ...extra });
  return {
    debug: (message, extra) => logger.debug(message, withFields(extra)),
    info: (message, extra) => logger.info(message, withFields(extra)),
    warn: (message, extra) => logger.warn(message, withFields(extra)),
    error: (message, extra) => logger.error(message, withFields(extra)),
  };
}

function boundedWarnings(warnings: readonly unknown[]): string[] {
  const shown: string[] = [];
  let total = 0;
  for (const warning of warnings) {
    const text = printableLine(String(warning), MAX_WARNING);
    if (text === '' || total + text.length > MAX_WARNINGS_TOTAL) continue;
    total += text.length;
    shown.push(text);
  }
  return shown;
}
