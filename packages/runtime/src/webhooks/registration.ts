/**
 * Development registration (kopf's auto-managed configurations): the operator tells the apiserver
 * itself where its webhooks are, with the CA it made at start. One Validating- and one
 * MutatingWebhookConfiguration per operator (server-side applied, so a restart updates them in
 * place), one webhook per resource; and, for conversion webhooks, the CRDs' spec.conversion.
 *
 * They are left in place when the operator stops, as kopf leaves them: with failurePolicy Fail the
 * cluster keeps refusing what the handlers would have had to judge while no operator answers,
 * instead of admitting it unchecked between two runs. Deployed operators do not register: the
 * generated manifests and cert-manager do it.
 */
import type { ApiClient } from '../api/client.js';
import { withQuery } from '../api/paths.js';
import type { AdmissionHandler, AdmissionHandlers, AdmissionKind } from '../registry/registry.js';
import type { AdmissionOperation } from '../registry/types.js';
import { conversionWebhookPatch } from './conversion.js';
import { admissionPath, conversionPath } from './routes.js';

const ADMISSION_REGISTRATION = '/apis/admissionregistration.k8s.io/v1';
const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const DEFAULT_TIMEOUT_S = 10;
const DEFAULT_OPERATIONS: readonly AdmissionOperation[] = ['CREATE', 'UPDATE'];

export interface RegistrationTarget {
  /** The server's base URL as the apiserver reaches it, e.g. `https://127.0.0.1:9443`. */
  url: string;
  /** PEM of the CA that signed the server's certificate. */
  caPem: string;
  /** The configurations' name (a DNS subdomain). */
  name: string;
  fieldManager: string;
  /** The namespaces the operator watches: its webhooks judge only objects there. Undefined: every namespace. */
  namespaces?: readonly string[];
}

const CONFIGURATION_KINDS = {
  validate: { kind: 'ValidatingWebhookConfiguration', plural: 'validatingwebhookconfigurations' },
  mutate: { kind: 'MutatingWebhookConfiguration', plural: 'mutatingwebhookconfigurations' },
} as const;

/** One webhook for a resource: every operation any handler asks for, the strictest failure policy, the longest timeout. */
export function webhookFor(
  kind: AdmissionKind,
  handlers: AdmissionHandlers,
  target: Pick<RegistrationTarget, 'url' | 'caPem' | 'namespaces'>,
) {
  const { resource } = handlers;
  const list: readonly AdmissionHandler[] = handlers[kind];
  const operations = new Set(list.flatMap((h) => h.options.operations ?? DEFAULT_OPERATIONS));
  const webhook = {
    name: `${resource.version}.${resource.plural}.${resource.group || 'core'}`,
    clientConfig: { url: `${target.url.replace(/\/+$/, '')}${admissionPath(kind, resource)}`, caBundle: base64(target.caPem) },
    rules: [
      {
        apiGroups: [resource.group],
        apiVersions: [resource.version],
        resources: [resource.plural],
        operations: ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'].filter((op) => operations.has(op as AdmissionOperation)),
        scope: resource.namespaced ? 'Namespaced' : 'Cluster',
      },
    ],
    failurePolicy: list.some((h) => (h.options.failurePolicy ?? 'Fail') === 'Fail') ? 'Fail' : 'Ignore',
    sideEffects: list.some((h) => h.options.sideEffects === 'NoneOnDryRun') ? 'NoneOnDryRun' : 'None',
    timeoutSeconds: Math.min(30, Math.max(...list.map((h) => h.options.timeoutSeconds ?? DEFAULT_TIMEOUT_S))),
    admissionReviewVersions: ['v1'],
    matchPolicy: 'Equivalent',
    // An operator confined to some namespaces judges only those: one in another namespace (or a
    // second development run beside it) is not refused by a webhook nobody there answers.
    ...(resource.namespaced && target.namespaces?.length
      ? {
          namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...target.namespaces] }] },
        }
      : {}),
  };
  return kind === 'mutate' ? { ...webhook, reinvocationPolicy: 'Never' } : webhook;
}

/** The configurations to apply: one per kind of handler that exists, none for a kind without handlers. */
export function webhookConfigurations(admission: Iterable<AdmissionHandlers>, target: RegistrationTarget) {
  const all = [...admission];
  return (['validate', 'mutate'] as const).flatMap((kind) => {
    const webhooks = all.filter((handlers) => handlers[kind].length > 0).map((handlers) => webhookFor(kind, handlers, target));
    if (webhooks.length === 0) return [];
    const { kind: configurationKind, plural } = CONFIGURATION_KINDS[kind];
    return [
      {
        plural,
        body: {
          apiVersion: 'admissionregistration.k8s.io/v1',
          kind: configurationKind,
          metadata: { name: target.name, labels: { 'app.kubernetes.io/managed-by': target.fieldManager } },
          webhooks,
        },
      },
    ];
  });
}

/** Creates or updates the operator's webhook configurations (server-side apply: needs `patch` on them). */
export async function registerAdmission(
  api: ApiClient,
  admission: Iterable<AdmissionHandlers>,
  target: RegistrationTarget,
): Promise<string[]> {
  const applied: string[] = [];
  for (const { plural, body } of webhookConfigurations(admission, target)) {
    const path = withQuery(`${ADMISSION_REGISTRATION}/${plural}/${encodeURIComponent(target.name)}`, {
      fieldManager: target.fieldManager,
      force: true,
    });
    await api.patch(path, 'apply', body);
    applied.push(`${body.kind}/${target.name}`);
  }
  return applied;
}

/**
 * Points each CRD's conversion at this server (strategy Webhook, the URL and CA), as the generator's
 * manifests do with a Service in a cluster. Needs `patch` on customresourcedefinitions.
 */
export async function registerConversion(
  api: ApiClient,
  crds: readonly { group: string; plural: string }[],
  target: Pick<RegistrationTarget, 'url' | 'caPem'>,
): Promise<void> {
  for (const crd of crds) {
    const clientConfig = { url: `${target.url.replace(/\/+$/, '')}${conversionPath(crd)}`, caBundle: base64(target.caPem) };
    await api.patch(`${CRDS}/${encodeURIComponent(`${crd.plural}.${crd.group}`)}`, 'merge', conversionWebhookPatch(clientConfig));
  }
}

const base64 = (text: string) => Buffer.from(text).toString('base64');
