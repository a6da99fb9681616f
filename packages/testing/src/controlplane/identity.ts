/**
 * Non-admin identities: a ServiceAccount bound to exactly the rules a test gives, with a token from
 * the TokenRequest API — the same bearer-token path an in-cluster operator uses. Unlike the admin
 * (system:masters) identity, it is subject to RBAC and to API Priority and Fairness.
 */
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { writeKubeconfig } from './kubeconfig.js';
import type { ControlPlane } from './plane.js';
import { type Credentials, RestError, restCall } from './rest.js';

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface IdentityOptions {
  /** ServiceAccount name. */
  name: string;
  /** Namespace of the ServiceAccount (and of its Role); created if missing. Default `default`. */
  namespace?: string;
  /** Rules granted in `namespace` through a Role and RoleBinding. */
  rules?: PolicyRule[];
  /** Namespaces `rules` are granted in instead (a Role and RoleBinding in each; created if missing). */
  ruleNamespaces?: string[];
  /** Rules granted cluster-wide through a ClusterRole and ClusterRoleBinding. */
  clusterRules?: PolicyRule[];
  /** Existing ClusterRoles to bind cluster-wide (e.g. `view`). */
  clusterRoles?: string[];
  /** Token lifetime; default one day. */
  expirationSeconds?: number;
}

export interface Identity {
  /** `system:serviceaccount:<namespace>:<name>` */
  username: string;
  token: string;
  kubeconfigPath: string;
  kubeConfig: KubeConfig;
  credentials: Credentials;
}

/** POSTs `body` to `path`; an object of that name already there is kept (409). */
export async function createOrKeep(plane: ControlPlane, path: string, body: unknown): Promise<void> {
  try {
    await plane.request('POST', path, body);
  } catch (error) {
    if (!(error instanceof RestError && error.status === 409)) throw error;
  }
}

export async function createIdentity(plane: ControlPlane, options: IdentityOptions): Promise<Identity> {
  const namespace = options.namespace ?? 'default';
  const name = options.name;
  const subject = { kind: 'ServiceAccount', name, namespace };
  const objectName = `gen-operator-testing:${namespace}:${name}`;
  await createOrKeep(plane, '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  await createOrKeep(plane, `/api/v1/namespaces/${namespace}/serviceaccounts`, {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace },
  });
  const rbac = '/apis/rbac.authorization.k8s.io/v1';
  for (const granted of options.rules?.length ? (options.ruleNamespaces ?? [namespace]) : []) {
    if (granted !== namespace)
      await createOrKeep(plane, '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: granted } });
    await createOrKeep(plane, `${rbac}/namespaces/${granted}/roles`, {
      metadata: { name: objectName },
      rules: options.rules,
    });
    await createOrKeep(plane, `${rbac}/namespaces/${granted}/rolebindings`, {
      metadata: { name: objectName },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: objectName },
      subjects: [subject],
    });
  }
  const clusterRoles = [...(options.clusterRoles ?? [])];
  if (options.clusterRules?.length) {
    await createOrKeep(plane, `${rbac}/clusterroles`, { metadata: { name: objectName }, rules: options.clusterRules });
    clusterRoles.push(objectName);
  }
  for (const role of clusterRoles) {
    await createOrKeep(plane, `${rbac}/clusterrolebindings`, {
      metadata: { name: `${objectName}:${role}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: [subject],
    });
  }
  const tokenRequest = await plane.request<{ status: { token: string } }>(
    'POST',
    `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`,
    { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: options.expirationSeconds ?? 86_400 } },
  );
  const token = tokenRequest.status.token;
  const credentials: Credentials = { ca: plane.adminCredentials.ca, token };
  const kubeconfigPath = writeKubeconfig(
    join(plane.dir, `${namespace}-${name}.kubeconfig`),
    plane.server,
    credentials,
    `${namespace}-${name}`,
  );
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const identity = { username: `system:serviceaccount:${namespace}:${name}`, token, kubeconfigPath, kubeConfig, credentials };
  await rightsInEffect(plane, identity, [
    ...(options.rules?.length ? (options.ruleNamespaces ?? [namespace]) : []).flatMap((granted) => sampleOf(options.rules, granted)),
    ...sampleOf(options.clusterRules, undefined),
  ]);
  return identity;
}

type Attributes = { verb: string; resource: string; group?: string; subresource?: string; name?: string; namespace?: string };

/** The first resource rule of `rules` as one access to ask about (verb, resource and name as the rule gives them). */
function sampleOf(rules: PolicyRule[] | undefined, namespace: string | undefined): Attributes[] {
  const rule = rules?.find((r) => r.verbs.length && r.resources?.length);
  if (!rule) return [];
  const [resource = '', subresource] = rule.resources![0]!.split('/');
  return [
    {
      verb: rule.verbs[0]!,
      resource,
      group: rule.apiGroups?.[0] ?? '',
      ...(subresource ? { subresource } : {}),
      ...(rule.resourceNames?.length ? { name: rule.resourceNames[0] } : {}),
      ...(namespace ? { namespace } : {}),
    },
  ];
}

/**
 * Waits until the apiserver grants each sample. Its RBAC authorizer reads Roles and bindings from a
 * cache that a new binding reaches a moment later (longer on a loaded machine): an identity used at
 * once could be refused what it was just given.
 */
async function rightsInEffect(plane: ControlPlane, identity: Identity, samples: Attributes[], timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (const sample of samples) {
    while (!(await can(plane, identity, sample))) {
      if (Date.now() > until)
        throw new Error(
          `${identity.username} was still refused ${sample.verb} on ${sample.resource} ${sample.namespace ? `in ${sample.namespace} ` : ''}${timeoutMs / 1000} s after its role was bound`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Whether `identity` may do `verb` on `resource` — asked of the apiserver (SelfSubjectAccessReview). */
export async function can(plane: ControlPlane, identity: Identity, attributes: Attributes): Promise<boolean> {
  const response = await restCall<{ status?: { allowed?: boolean } }>(
    plane.server,
    identity.credentials,
    'POST',
    '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    { spec: { resourceAttributes: { ...attributes, group: attributes.group ?? '' } } },
  );
  return response.body?.status?.allowed === true;
}
