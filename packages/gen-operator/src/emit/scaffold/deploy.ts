import { header } from '../../header.js';
import type { ResourceModel } from '../../model/index.js';
import type { ProjectFile } from '../../project-file.js';
import { yamlDocuments } from '../escape.js';

/**
 * `deploy/rbac.yaml`: what the generated handlers need and no more: read and watch each kind,
 * patch it (finalizers, handler progress), patch its status subresource, post Events, and keep a
 * Lease in the operator's own namespace for leader election.
 */
export function rbacFile(name: string, models: readonly ResourceModel[], sources: readonly string[]): ProjectFile {
  const rules: Record<string, unknown>[] = [];
  for (const model of models) {
    rules.push({ apiGroups: [model.group], resources: [model.plural], verbs: ['get', 'list', 'watch', 'patch'] });
    if (model.versions.some((v) => v.subresources.status))
      rules.push({ apiGroups: [model.group], resources: [`${model.plural}/status`], verbs: ['patch'] });
  }
  rules.push({ apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] });
  const docs = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: name }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: `${name}-leader-election` },
      rules: [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: `${name}-leader-election` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${name}-leader-election` },
      subjects: [{ kind: 'ServiceAccount', name }],
    },
  ];
  const body = yamlDocuments(docs);
  return { path: 'deploy/rbac.yaml', content: header('#', sources) + body, owner: 'generated' };
}

/** `examples/<kind>.yaml`: the sample object, valid against the schema. */
export function exampleFile(stem: string, example: Record<string, unknown>): ProjectFile {
  return { path: `examples/${stem}.yaml`, content: yamlDocuments([example]), owner: 'user' };
}
