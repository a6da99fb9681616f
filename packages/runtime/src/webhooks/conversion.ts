/**
 * The CRD conversion webhook, as a pure function: a ConversionReview (apiextensions.k8s.io/v1) and
 * one kind's on.conversion converters in, the review to send back out. Hub and spoke: a spoke
 * converts to the hub with toHub and back with fromHub, one spoke to another through the hub.
 */
import type { KubernetesObject, ObjectMeta, ResourceDefinition } from '../resource/types.js';
import { type ConversionSet, conversionKey, type Registry } from '../registry/registry.js';
import { isObject } from '../schema/json.js';
import { printableLine, shortened } from '../text/printable.js';
import { WebhookRequestError } from './errors.js';
import { conversionPath, type RouteTable } from './routes.js';

const REVIEW_API_VERSION = 'apiextensions.k8s.io/v1';
const REVIEW_KIND = 'ConversionReview';
/** A converter's message reaches kubectl through the apiserver: one readable line, not a novel. */
const MAX_MESSAGE = 1024;

export interface ConversionResponse {
  apiVersion: typeof REVIEW_API_VERSION;
  kind: typeof REVIEW_KIND;
  response: {
    uid: string;
    convertedObjects: KubernetesObject[];
    result: { status: 'Success' } | { status: 'Failure'; message: string };
  };
}

interface ConversionRequest {
  uid: string;
  desiredAPIVersion: string;
  objects: Record<string, unknown>[];
}

/** A route of the webhook server: the review in, the review to answer with out (the server's WebhookRoute). */
export type ConversionRoute = (body: unknown, signal: AbortSignal) => Promise<ConversionResponse>;

/** Where the apiserver reaches a webhook: a URL (development), or a Service (in the cluster). */
export type WebhookClientConfig = { caBundle?: string } & (
  | { url: string }
  | { service: { name: string; namespace: string; path?: string; port?: number } }
);

/** The merge patch that gives a CRD the Webhook conversion strategy at `clientConfig` (the review version is v1). */
export function conversionWebhookPatch(clientConfig: WebhookClientConfig): { spec: { conversion: Record<string, unknown> } } {
  // A merge patch: the form not given is cleared, or a CRD that had the other would keep both and be refused.
  const other = 'url' in clientConfig ? { service: null } : { url: null };
  return {
    spec: {
      conversion: { strategy: 'Webhook', webhook: { conversionReviewVersions: ['v1'], clientConfig: { ...clientConfig, ...other } } },
    },
  };
}

/** A route at /convert/<group>/<plural> for every kind with on.conversion converters. */
export function conversionRoutes(registry: Pick<Registry, 'conversions'>): RouteTable {
  const routes = new Map<string, ConversionRoute>();
  for (const set of registry.conversions.values()) routes.set(conversionPath(set), (body, signal) => convertReview(body, set, signal));
  return routes;
}

/**
 * The answer to one ConversionReview: every object converted to `desiredAPIVersion`, in order, or a
 * Failure carrying the reason (a converter's error, an unknown version) — never a throw for those.
 * A body that is not a ConversionReview throws WebhookRequestError(400).
 */
export async function convertReview(body: unknown, set: ConversionSet, signal?: AbortSignal): Promise<ConversionResponse> {
  const request = readRequest(body);
  const answer = (result: ConversionResponse['response']['result'], convertedObjects: KubernetesObject[] = []): ConversionResponse => ({
    apiVersion: REVIEW_API_VERSION,
    kind: REVIEW_KIND,
    response: { uid: request.uid, convertedObjects, result },
  });
  try {
    const converted = await untilAborted(
      Promise.all(request.objects.map((object, i) => convertObject(object, i, request.desiredAPIVersion, set))),
      signal,
    );
    return answer({ status: 'Success' }, converted);
  } catch (error) {
    return answer({ status: 'Failure', message: failureMessage(error) });
  }
}

/**
 * One object converted to `to`'s version with the converters registered for its kind, exactly as
 * the webhook would convert it (for unit tests of converters). Throws the Failure's message.
 */
export async function convertWith<T extends KubernetesObject>(
  registry: Pick<Registry, 'conversions'>,
  object: KubernetesObject,
  to: ResourceDefinition<T>,
): Promise<T> {
  const set = registry.conversions.get(conversionKey(to));
  if (!set) throw new Error(`no on.conversion is registered for ${to.kind} (${to.group}); import the module that registers it`);
  const response = await convertReview(
    { apiVersion: REVIEW_API_VERSION, kind: REVIEW_KIND, request: { uid: 'convert', desiredAPIVersion: to.apiVersion, objects: [object] } },
    set,
  );
  const { result, convertedObjects } = response.response;
  if (result.status === 'Failure') throw new Error(result.message);
  return convertedObjects[0] as T;
}

function readRequest(body: unknown): ConversionRequest {
  if (!isObject(body)) throw new WebhookRequestError(400, 'the body is not a JSON object (expected a ConversionReview)');
  if (body.apiVersion !== REVIEW_API_VERSION || body.kind !== REVIEW_KIND)
    throw new WebhookRequestError(400, `expected kind ConversionReview of apiVersion ${REVIEW_API_VERSION}`);
  const request = body.request;
  if (!isObject(request)) throw new WebhookRequestError(400, 'ConversionReview without request');
  const { uid, desiredAPIVersion, objects } = request;
  if (typeof uid !== 'string' || uid === '') throw new WebhookRequestError(400, 'request.uid must be a non-empty string');
  if (typeof desiredAPIVersion !== 'string') throw new WebhookRequestError(400, 'request.desiredAPIVersion must be a string');
  if (!Array.isArray(objects) || !objects.every(isObject)) throw new WebhookRequestError(400, 'request.objects must be a list of objects');
  return { uid, desiredAPIVersion, objects };
}

/** Why a conversion failed, with what a person needs to find the object. */
class ConversionFailure extends Error {}

async function convertObject(
  object: Record<string, unknown>,
  index: number,
  desired: string,
  set: ConversionSet,
): Promise<KubernetesObject> {
  const meta = isObject(object.metadata) ? (object.metadata as ObjectMeta) : {};
  const what = `${set.kind} ${meta.namespace ? `${meta.namespace}/` : ''}${meta.name ?? `objects[${index}]`}`;
  const from = versionOf(object.apiVersion, set, `${what}: apiVersion`);
  const to = versionOf(desired, set, 'desiredAPIVersion');
  if (from === to) return object as KubernetesObject;
  let current: KubernetesObject = object as KubernetesObject;
  const steps: [string, string][] = [];
  if (from !== set.hub.version) steps.push([from, set.hub.version]);
  if (to !== set.hub.version) steps.push([set.hub.version, to]);
  for (const [stepFrom, stepTo] of steps) {
    const spoke = set.spokes.get(stepFrom === set.hub.version ? stepTo : stepFrom)!;
    const convert = stepFrom === set.hub.version ? spoke.fromHub : spoke.toHub;
    let result: unknown;
    try {
      result = await convert(structuredClone(current));
    } catch (error) {
      throw new ConversionFailure(`converting ${what} from ${stepFrom} to ${stepTo} failed: ${messageOf(error)}`);
    }
    if (!isObject(result))
      throw new ConversionFailure(
        `converting ${what} from ${stepFrom} to ${stepTo}: the converter returned ${describe(result)}, not an object`,
      );
    // Labels or annotations the converter set to undefined go: read them before JSON drops such keys.
    const identified = withIdentity(result, current, `${set.group}/${stepTo}`, set.kind);
    current = jsonValue(identified, `converting ${what} from ${stepFrom} to ${stepTo}`);
  }
  return current;
}

/**
 * The converted object as the apiserver accepts it: apiVersion and kind of the target version, and
 * the incoming metadata, of which only labels and annotations may change (the converter's, if given).
 */
function withIdentity(result: Record<string, unknown>, before: KubernetesObject, apiVersion: string, kind: string): KubernetesObject {
  const metadata: ObjectMeta = { ...before.metadata };
  const given = isObject(result.metadata) ? (result.metadata as ObjectMeta) : undefined;
  if (given && Object.hasOwn(given, 'labels')) setOrDelete(metadata, 'labels', given.labels);
  if (given && Object.hasOwn(given, 'annotations')) setOrDelete(metadata, 'annotations', given.annotations);
  return { ...result, apiVersion, kind, metadata };
}

function setOrDelete(metadata: ObjectMeta, key: 'labels' | 'annotations', value: Record<string, string> | undefined): void {
  if (value === undefined || value === null) delete metadata[key];
  else metadata[key] = value;
}

/** The version of `apiVersion` among the kind's hub and spokes; anything else fails, naming it. */
function versionOf(apiVersion: unknown, set: ConversionSet, where: string): string {
  const known = [set.hub.version, ...set.spokes.keys()];
  const list = known.map((v) => `${set.group}/${v}`).join(', ');
  if (typeof apiVersion !== 'string') throw new ConversionFailure(`${where} is ${describe(apiVersion)}; expected one of ${list}`);
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  if (group !== set.group || !known.includes(version))
    throw new ConversionFailure(
      `${where} ${JSON.stringify(shortened(apiVersion, 100))} has no converter; this operator converts ${set.kind} between ${list}`,
    );
  return version;
}

/** The result as the apiserver will read it (undefined fields gone); what JSON cannot hold fails here, not in the server. */
function jsonValue(result: KubernetesObject, where: string): KubernetesObject {
  try {
    return JSON.parse(JSON.stringify(result)) as KubernetesObject;
  } catch (error) {
    throw new ConversionFailure(`${where}: the converter returned what JSON cannot hold (${messageOf(error)})`);
  }
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(new ConversionFailure('the conversion was cancelled (the request timed out or the operator is stopping)'));
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** One bounded line for kubectl's terminal: control characters (from an object's fields, say) escaped. */
function failureMessage(error: unknown): string {
  return printableLine(error instanceof ConversionFailure ? error.message : `conversion failed: ${messageOf(error)}`, MAX_MESSAGE);
}

function messageOf(error: unknown): string {
  try {
    return error instanceof Error ? String(error.message) : String(error);
  } catch {
    return 'an error that cannot be shown';
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return value === undefined ? 'undefined' : `a ${typeof value}`;
}
