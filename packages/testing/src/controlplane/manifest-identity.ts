/**
 * An identity with exactly the rights a project's own RBAC manifests give: its ServiceAccount,
 * Roles, ClusterRoles and their bindings are applied as written, then a token is minted for the
 * ServiceAccount. A test that runs the operator under it fails when the manifests miss a right.
 */
import { createIdentity, createOrKeep, type Identity } from './identity.js';
import { readManifests } from './manifests.js';
import type { ControlPlane } from './plane.js';

export interface ManifestIdentityOptions {
  /**
   * Namespace for namespaced objects that name none (kustomize's `namespace:` does the same when
   * deploying); also the namespace of ServiceAccount subjects that name none. Default `default`.
   */
  namespace?: string;
  /** The ServiceAccount to mint a token for, when the files hold more than one. */
  serviceAccount?: string;
}

const RBAC = '/apis/rbac.authorization.k8s.io/v1';

/** Where each kind applied here lives; other kinds (Namespace, Deployment, …) are left out. */
const COLLECTIONS: Record<string, { namespaced: boolean; path: string }> = {
  ServiceAccount: { namespaced: true, path: '/api/v1/namespaces/{ns}/serviceaccounts' },
  Role: { namespaced: true, path: `${RBAC}/namespaces/{ns}/roles` },
  RoleBinding: { namespaced: true, path: `${RBAC}/namespaces/{ns}/rolebindings` },
  ClusterRole: { namespaced: false, path: `${RBAC}/clusterroles` },
  ClusterRoleBinding: { namespaced: false, path: `${RBAC}/clusterrolebindings` },
};

interface Manifest {
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown };
  subjects?: { kind?: unknown; namespace?: unknown }[];
}

/**
 * Applies the ServiceAccount and RBAC objects in `files` (YAML, several documents each) to `plane`
 * and returns an identity for the ServiceAccount: e.g. `identityFromManifests(plane, ['deploy/rbac.yaml'],
 * { namespace: 'demo-operator' })`.
 */
export async function identityFromManifests(
  plane: ControlPlane,
  files: string[],
  options: ManifestIdentityOptions = {},
): Promise<Identity> {
  const fallback = options.namespace ?? 'default';
  const accounts: { name: string; namespace: string }[] = [];
  const namespaces = new Set<string>();
  const objects: { path: string; body: Manifest }[] = [];
  for (const file of files) {
    for (const body of readManifests(file) as Manifest[]) {
      const collection = typeof body.kind === 'string' ? COLLECTIONS[body.kind] : undefined;
      if (!collection) continue;
      const name = body.metadata?.name;
      if (typeof name !== 'string' || !name) throw new Error(`${file}: a ${String(body.kind)} without metadata.name; give it one`);
      const namespace = typeof body.metadata?.namespace === 'string' ? body.metadata.namespace : fallback;
      const placed: Manifest = {
        ...body,
        metadata: { ...body.metadata, ...(collection.namespaced ? { namespace } : {}) },
        ...(body.subjects
          ? { subjects: body.subjects.map((s) => (s.kind === 'ServiceAccount' && !s.namespace ? { ...s, namespace } : s)) }
          : {}),
      };
      const path = `${collection.path.replace('{ns}', encodeURIComponent(namespace))}/${encodeURIComponent(name)}`;
      objects.push({ path, body: placed });
      if (collection.namespaced) namespaces.add(namespace);
      if (body.kind === 'ServiceAccount') accounts.push({ name, namespace });
    }
  }
  const wanted = options.serviceAccount;
  const account = wanted ? accounts.find((a) => a.name === wanted) : accounts.length === 1 ? accounts[0] : undefined;
  if (!account) {
    const found = accounts.map((a) => `${a.namespace}/${a.name}`).join(', ') || 'none';
    throw new Error(
      `${files.join(', ')}: expected ${wanted ? `the ServiceAccount ${wanted}` : 'exactly one ServiceAccount'} (found ${found}); add one to the files, or name it with the serviceAccount option`,
    );
  }
  for (const namespace of namespaces) {
    await createOrKeep(plane, '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  }
  for (const { path, body } of objects) {
    // Server-side apply: idempotent, so every test file of a suite can call this.
    await plane.requestWithType('PATCH', `${path}?fieldManager=gen-operator-testing&force=true`, body, 'application/apply-patch+yaml');
  }
  return createIdentity(plane, { name: account.name, namespace: account.namespace });
}
