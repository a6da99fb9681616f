import { baseCrd, type Crd } from './crds.js';

type Names = Crd['spec']['names'];

/** A change to a base CRD's names or group; metadata.name follows (<plural>.<group>), as it must. */
export interface NameChange {
  names?: Partial<Names>;
  group?: string;
  annotations?: Record<string, string>;
}

export function withNames(change: NameChange, crd = baseCrd()): Crd {
  Object.assign(crd.spec.names, change.names);
  if (change.group !== undefined) crd.spec.group = change.group;
  if (change.annotations) crd.metadata.annotations = change.annotations;
  crd.metadata.name = `${crd.spec.names.plural}.${crd.spec.group}`;
  return crd;
}

function twoVersions(crd: Crd): Crd {
  crd.spec.versions.push({ ...crd.spec.versions[0]!, name: 'v2', storage: false });
  return crd;
}

const kind = (k: string, plural = `${k.toLowerCase()}s`) => baseCrd({ kind: k, plural });

/** Kinds and names kube-apiserver accepts (apiserver.test.ts checks it does), in sets generated together. */
export const ACCEPTED: [string, Crd[]][] = [
  ['a dash in the kind', [kind('My-Widget', 'widgets')]],
  ['the Kelvin sign and dotted I (Go lowercases them to ASCII)', [kind('\u212Aelv\u0130n', 'kelvins')]],
  [
    'kinds named like scaffold identifiers',
    ['ChangeArgs', 'Index', 'E2e', 'ObjectMeta', 'ControlPlane', 'Map', 'Args', 'Main'].map((k) => kind(k)),
  ],
  ['case twins', [kind('Demo', 'demos'), kind('DEMO', 'bigdemos'), kind('demo', 'smalldemos')]],
  ['one kind in two groups', [baseCrd({ group: 'a.example.com' }), baseCrd({ group: 'b.example.com' })]],
  ['a kind and another kind with its version suffix', [twoVersions(kind('Demo', 'demos')), kind('DemoV1', 'demov1s')]],
  ['a kind and its dashed twin', [kind('MyWidget', 'mywidgets'), kind('My-Widget', 'my-widgets')]],
];

const wide = "example.com\n- apiGroups: ['*']";
const approved = { 'api-approved.kubernetes.io': 'https://github.com/kubernetes/kubernetes/pull/1' };

/** Names refused with the diagnostic code; `apiserver` says whether kube-apiserver refuses them too. */
export const REFUSED: [name: string, change: NameChange, code: string, apiserver: 'refuses' | 'accepts'][] = [
  ['a * plural (RBAC wildcard)', { names: { plural: '*' } }, 'invalid-name', 'refuses'],
  ['a * group', { group: '*' }, 'invalid-group', 'refuses'],
  ['a group with a newline and YAML', { group: wide }, 'invalid-group', 'refuses'],
  ['a kind with a quote', { names: { kind: "Wid'get" } }, 'invalid-kind', 'refuses'],
  ['a kind with a newline', { names: { kind: 'Wid\nget' } }, 'invalid-kind', 'refuses'],
  ['a kind with a template substitution', { names: { kind: `W$\{globalThis.__pwned}` } }, 'invalid-kind', 'refuses'],
  ['a singular with *', { names: { singular: '*' } }, 'invalid-name', 'refuses'],
  ['a short name with a newline', { names: { shortNames: ['w\nx'] } }, 'invalid-name', 'refuses'],
  ['a category with a quote', { names: { categories: ["all'"] } }, 'invalid-name', 'refuses'],
  ['a listKind with a backtick', { names: { listKind: 'Widget`List' } }, 'invalid-kind', 'refuses'],
  ['a listKind equal to the kind', { names: { listKind: 'Widget' } }, 'invalid-kind', 'refuses'],
  ['a kind whose default listKind is too long', { names: { kind: `W${'x'.repeat(60)}` } }, 'invalid-kind', 'refuses'],
  ['a k8s.io group without approval', { group: 'widgets.k8s.io' }, 'protected-group', 'refuses'],
  [
    'a k8s.io group with a bad approval',
    { group: 'widgets.k8s.io', annotations: { 'api-approved.kubernetes.io': 'yes' } },
    'protected-group',
    'refuses',
  ],
  // gen-operator's own rule: deploy/rbac.yaml would let the operator patch the cluster's webhooks.
  [
    'a built-in group (webhooks)',
    { group: 'admissionregistration.k8s.io', names: { plural: 'mutatingwebhookconfigurations' }, annotations: approved },
    'built-in-group',
    'accepts',
  ],
];
