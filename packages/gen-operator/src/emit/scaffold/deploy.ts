import { header } from '../../header.js';
import type { ChildKind } from '../../model/index.js';
import type { ProjectFile } from '../../project-file.js';
import { yamlDocuments } from '../escape.js';
import type { KindInfo } from './handlers.js';

/**
 * What the runtime does with a child kind, as RBAC verbs: children.apply() is one server-side
 * apply PATCH, which creates the object when it is missing (the apiserver asks for create then);
 * on.child keeps a LIST+WATCH stream of the kind. Nothing reads one object (get), replaces one
 * (update) or deletes one (delete: the garbage collector removes a deleted parent's children).
 */
const CHILD_VERBS = ['list', 'watch', 'create', 'patch'];

/**
 * `deploy/rbac.yaml`: what the runtime and the generated handlers use, and no more: read and watch
 * each kind, patch it (finalizers, handler progress) and its status subresource, post Events
 * (events.k8s.io: a Warning when a handler fails, and `events.*`); for children (--children), the
 * CHILD_VERBS on each child kind, and `update` on each parent's finalizers subresource, which the
 * apiserver asks for before it lets a child name its owner with blockOwnerDeletion (where the
 * OwnerReferencesPermissionEnforcement admission plugin runs, as on OpenShift). In the operator's
 * own namespace, the Lease of leader election (the Deployment runs two replicas): get, create and
 * update, what the runtime's elector does, on that one Lease name.
 */
export function rbacFile(name: string, kinds: readonly KindInfo[], sources: readonly string[]): ProjectFile {
  const rules: Record<string, unknown>[] = [];
  for (const { model, children } of kinds) {
    rules.push({ apiGroups: [model.group], resources: [model.plural], verbs: ['get', 'list', 'watch', 'patch'] });
    if (model.versions.some((v) => v.subresources.status))
      rules.push({ apiGroups: [model.group], resources: [`${model.plural}/status`], verbs: ['patch'] });
    if (children.length > 0) rules.push({ apiGroups: [model.group], resources: [`${model.plural}/finalizers`], verbs: ['update'] });
  }
  rules.push(...childRules(kinds.flatMap((k) => k.children)));
  rules.push({ apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] });
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
      rules: [
        // create cannot be limited to a name (the name is in the body); get and update can.
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [name], verbs: ['get', 'update'] },
      ],
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

/** One rule per API group of the child kinds (each kind once, in the order listed). */
function childRules(children: readonly ChildKind[]): Record<string, unknown>[] {
  const byGroup = new Map<string, string[]>();
  for (const child of new Set(children)) byGroup.set(child.group, [...(byGroup.get(child.group) ?? []), child.plural]);
  return [...byGroup].map(([group, resources]) => ({ apiGroups: [group], resources, verbs: CHILD_VERBS }));
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
