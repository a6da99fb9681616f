/**
 * The children a parent's handlers apply (`--children`): one object of each listed built-in kind,
 * as small as the apiserver accepts, applied by the create and update handlers and again by an
 * `on.child` handler when one changes or is deleted. Only the table's own names (ChildKind) and
 * names the generator derived go into the code; nothing here is copied from the input.
 */
import type { ChildKind } from '../../model/index.js';
import { tsIdentifier } from '../escape.js';

/** The container of every pod template: a placeholder image that runs and does nothing; yours goes here. */
const CONTAINER = `{ name: 'main', image: 'registry.k8s.io/pause:3.10' }`;

/** A pod template whose pods carry `labels` (the variable the helper declares), at the indentation given. */
const template = (indent: string, spec = `containers: [${CONTAINER}]`) =>
  `{\n${indent}  metadata: { labels },\n${indent}  spec: { ${spec} },\n${indent}}`;

/** A workload's spec: a selector for `labels` and a pod template with them. */
const workload = (first = '', last = '') =>
  `{\n  spec: {\n${first}    selector: { matchLabels: labels },\n    template: ${template('    ')},\n${last}  },\n}`;

/** What the object of each kind needs besides what the runtime adds (apiVersion, kind, name, namespace, owner). */
interface ChildCode {
  /** The object passed to children.apply(), written from column 0; may use `labels` and `name`. */
  object: (spec: string) => string;
  /** The object uses the `labels` variable (pods of this parent), or `name` (the parent's name). */
  uses?: 'labels' | 'name';
}

const CODE: Record<string, ChildCode> = {
  ConfigMap: { object: (spec) => `{ data: { 'spec.json': JSON.stringify(${spec}) } }` },
  Secret: {
    object: (spec) => `{\n  type: 'Opaque',\n  data: { 'spec.json': Buffer.from(JSON.stringify(${spec})).toString('base64') },\n}`,
  },
  // Server-side apply needs a port's protocol: it is part of the key of the ports list.
  Service: {
    object: () =>
      `{\n  spec: {\n    selector: labels,\n    ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],\n  },\n}`,
    uses: 'labels',
  },
  ServiceAccount: { object: () => '{}' },
  Pod: { object: () => `{\n  metadata: { labels },\n  spec: { containers: [${CONTAINER}] },\n}`, uses: 'labels' },
  PersistentVolumeClaim: {
    object: () => `{\n  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },\n}`,
  },
  Deployment: { object: () => workload('    replicas: 1,\n'), uses: 'labels' },
  // The Service of that name gives the pods their network identity (list v1/Service too to have one).
  StatefulSet: { object: () => workload('    serviceName: name,\n    replicas: 1,\n'), uses: 'labels' },
  DaemonSet: { object: () => workload(), uses: 'labels' },
  ReplicaSet: { object: () => workload('    replicas: 1,\n'), uses: 'labels' },
  Job: {
    object: () => `{\n  spec: {\n    template: { spec: { restartPolicy: 'Never', containers: [${CONTAINER}] } },\n  },\n}`,
  },
  CronJob: {
    object: () =>
      `{\n  spec: {\n    schedule: '0 * * * *',\n    jobTemplate: {\n      spec: { template: { spec: { restartPolicy: 'Never', containers: [${CONTAINER}] } } },\n    },\n  },\n}`,
  },
  // Sends everything to the Service of the parent's name (list v1/Service too to have one).
  Ingress: { object: () => `{\n  spec: { defaultBackend: { service: { name, port: { number: 80 } } } },\n}`, uses: 'name' },
  NetworkPolicy: {
    object: () => `{\n  spec: { podSelector: { matchLabels: labels }, policyTypes: ['Ingress'] },\n}`,
    uses: 'labels',
  },
  PodDisruptionBudget: {
    object: () => `{\n  spec: { selector: { matchLabels: labels }, maxUnavailable: 1 },\n}`,
    uses: 'labels',
  },
};

function codeOf(child: ChildKind): ChildCode {
  const code = Object.hasOwn(CODE, child.kind) ? CODE[child.kind] : undefined;
  if (!code) throw new Error(`internal: no child object for ${child.kind}`);
  return code;
}

/**
 * The local name of each child kind's resource in a module that already declares `taken`: the
 * runtime's own name, or `K8s<Kind>` when a kind of the project (or a name of the file) has it.
 */
export function childNames(children: readonly ChildKind[], taken: ReadonlySet<string>): Map<ChildKind, string> {
  const names = new Map<ChildKind, string>();
  const used = new Set(taken);
  for (const child of children) {
    let name = child.kind;
    for (let i = 1; used.has(name); i++) name = `K8s${child.kind}${i === 1 ? '' : i}`;
    used.add(name);
    names.set(child, name);
  }
  return names;
}

/** `ConfigMap` or `ConfigMap as K8sConfigMap`, for an import from @gen-operator/runtime. */
export function importSpecifier(child: ChildKind, local: string): string {
  return local === child.kind ? tsIdentifier(local) : `${tsIdentifier(child.kind)} as ${tsIdentifier(local)}`;
}

export interface ChildrenHelper {
  /** The helper's name, e.g. applyDemoChildren. */
  name: string;
  /** The parent's type name in the module. */
  type: string;
  /** The parent's kind, for comments (already escaped for a comment). */
  kindComment: string;
  /** An expression for the parent's spec, or `{}` when its type has none. */
  spec: string;
  /** How the list was given, for the comment: `v1/ConfigMap,apps/v1/Deployment`. */
  list: string;
}

/** `async function applyDemoChildren(parent, children)`: one children.apply() per kind, in the order listed. */
export function childrenHelperCode(helper: ChildrenHelper, children: readonly ChildKind[], names: ReadonlyMap<ChildKind, string>): string {
  const uses = new Set(children.map((c) => codeOf(c).uses));
  const lines = [
    '',
    '/**',
    ` * What a ${helper.kindComment} owns: gen-operator --children ${helper.list}`,
    ` * The runtime adopts each object (the ${helper.kindComment} as its controller owner, its namespace, and its`,
    ' * name unless metadata.name gives one) and applies it server-side: applying again changes only what',
    ' * differs. deploy/rbac.yaml grants these kinds; another kind needs a rule of your own.',
    ' */',
    `export async function ${tsIdentifier(helper.name)}(parent: ${tsIdentifier(helper.type)}, children: ChangeArgs<${tsIdentifier(helper.type)}>['children']) {`,
  ];
  lines.push(
    "  // The operator's values win over another field manager's edits: a controller owns what it applies.",
    '  const force = { force: true };',
  );
  if (uses.has('name')) lines.push(`  const name = parent.metadata?.name ?? '';`);
  if (uses.has('labels'))
    lines.push(
      '  // The pods of this parent: its uid is unique and always a valid label value (a name may be too long).',
      "  const labels = { 'app.kubernetes.io/instance': parent.metadata?.uid ?? '' };",
    );
  for (const child of children) {
    const object = codeOf(child).object(helper.spec).replaceAll('\n', '\n  ');
    lines.push(`  await children.apply(${tsIdentifier(names.get(child)!)}, ${object}, force);`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** One on.child registration per kind: a change to a child, or its deletion, applies them all again. */
export function childHandlersCode(helper: ChildrenHelper, children: readonly ChildKind[], names: ReadonlyMap<ChildKind, string>): string {
  const lines = ['', `// A child changed or was deleted (by someone else): apply the ${helper.kindComment}'s children again.`];
  for (const child of children)
    lines.push(
      `on.child(${tsIdentifier(helper.type)}, ${tsIdentifier(names.get(child)!)}, ({ body, children }) => ${tsIdentifier(helper.name)}(body, children));`,
    );
  return lines.join('\n');
}
