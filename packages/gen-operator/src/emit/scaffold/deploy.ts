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

/**
 * `examples/<kind>.yaml`: the sample object, valid against the schema and its rules; when no valid
 * one was found, the closest one commented out, so that `npm run validate` stays green.
 */
export function exampleFile(stem: string, example: Record<string, unknown>, problems: readonly string[] = []): ProjectFile {
  const yaml = yamlDocuments([example]);
  if (problems.length === 0) return { path: `examples/${stem}.yaml`, content: yaml, owner: 'user' };
  const note = [
    "# No object of this kind that passes the CRD's schema and rules was found, so this is a starting",
    '# point, commented out: complete it, uncomment it and check it with `npm run validate`. Still wrong:',
    // Each problem is one line without control characters (see Sample.problems).
    ...problems.map((p) => `#   ${p}`),
  ];
  const commented = yaml
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => `# ${line}`);
  return { path: `examples/${stem}.yaml`, content: `${[...note, ...commented].join('\n')}\n`, owner: 'user' };
}
