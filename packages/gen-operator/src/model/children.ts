/**
 * The kinds a generated parent may own (`--children`, or `children` in gen-operator.json): the
 * built-in kinds @gen-operator/runtime exports, each under its own name. Only these are accepted,
 * so what lands in generated code and RBAC is always this table's own text, never the input's.
 */
export interface ChildKind {
  /** The kind, and the name @gen-operator/runtime exports its resource under. */
  kind: string;
  /** The API group; '' for the core group. */
  group: string;
  version: string;
  /** The resource name RBAC rules grant on. */
  plural: string;
}

const kinds = (group: string, version: string, list: [kind: string, plural: string][]): ChildKind[] =>
  list.map(([kind, plural]) => ({ kind, group, version, plural }));

/** Every built-in kind of the runtime, in the order they are listed to people. */
export const CHILD_KINDS: readonly ChildKind[] = [
  ...kinds('', 'v1', [
    ['ConfigMap', 'configmaps'],
    ['Secret', 'secrets'],
    ['Service', 'services'],
    ['ServiceAccount', 'serviceaccounts'],
    ['Pod', 'pods'],
    ['PersistentVolumeClaim', 'persistentvolumeclaims'],
  ]),
  ...kinds('apps', 'v1', [
    ['Deployment', 'deployments'],
    ['StatefulSet', 'statefulsets'],
    ['DaemonSet', 'daemonsets'],
    ['ReplicaSet', 'replicasets'],
  ]),
  ...kinds('batch', 'v1', [
    ['Job', 'jobs'],
    ['CronJob', 'cronjobs'],
  ]),
  ...kinds('networking.k8s.io', 'v1', [
    ['Ingress', 'ingresses'],
    ['NetworkPolicy', 'networkpolicies'],
  ]),
  ...kinds('policy', 'v1', [['PodDisruptionBudget', 'poddisruptionbudgets']]),
];

/** How a kind is written in `--children`: `[group/]version/Kind`, e.g. `v1/ConfigMap`, `apps/v1/Deployment`. */
export function childSpelling(child: ChildKind): string {
  return child.group ? `${child.group}/${child.version}/${child.kind}` : `${child.version}/${child.kind}`;
}

/** One entry of the list and where it came from, for the message: `--children`, `gen-operator.json: children[2]`. */
export interface ChildEntry {
  value: unknown;
  where: string;
}

export interface ParsedChildren {
  kinds: ChildKind[];
  /** One per bad entry (what, where, what to do), then the kinds there are when one was unknown; empty when the list is valid. */
  problems: string[];
}

/**
 * Entries are shown to people, short (a hostile list could be megabytes long); the CLI escapes
 * control characters where it prints (printable()), as for every input it shows.
 */
const MAX_SHOWN = 80;
const MAX_PROBLEMS = 10;

export function shown(value: string): string {
  return `"${value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value}"`;
}

/**
 * The kinds of the entries, in order; blank entries are skipped (`--children ''` clears the list).
 * An entry that is not a built-in kind, or names a kind a second time, is a problem.
 */
export function parseChildren(entries: readonly ChildEntry[]): ParsedChildren {
  const found: ChildKind[] = [];
  const problems: string[] = [];
  let more = 0;
  let unknown = false;
  for (const { value, where } of entries) {
    const problem = (text: string) => {
      if (problems.length < MAX_PROBLEMS) problems.push(`${where}: ${text}`);
      else more++;
    };
    if (typeof value !== 'string') {
      const what = value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
      problem(`${what}, not a kind; write each kind as a string [group/]version/Kind, e.g. "apps/v1/Deployment"`);
      continue;
    }
    const entry = value.trim();
    if (entry === '') continue;
    const child = CHILD_KINDS.find((c) => childSpelling(c) === entry);
    if (child) {
      if (found.includes(child)) problem(`${shown(entry)} is listed twice; list each kind once`);
      else found.push(child);
      continue;
    }
    const kind = entry.slice(entry.lastIndexOf('/') + 1).toLowerCase();
    const near = CHILD_KINDS.find((c) => c.kind.toLowerCase() === kind);
    if (near) problem(`${shown(entry)}: the runtime has ${near.kind} as ${childSpelling(near)}; write that`);
    else {
      problem(`${shown(entry)} is not a built-in kind of @gen-operator/runtime`);
      unknown = true;
    }
  }
  if (more > 0) problems.push(`… and ${more} more`);
  if (unknown) problems.push(`the built-in kinds are ${CHILD_KINDS.map(childSpelling).join(', ')}`);
  return { kinds: found, problems };
}
