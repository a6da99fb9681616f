import type { PathSegment } from '../../diagnostics.js';
import { isObject, type Reporter } from '../report.js';

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function isDns1035(value: string): boolean {
  return value.length <= 63 && DNS1035.test(value);
}

function isSubdomain(value: string): boolean {
  return value.length <= 253 && value.split('.').every((label) => label.length <= 63 && DNS1123_LABEL.test(label));
}

const fixLabel = (value: string) =>
  value
    .toLowerCase()
    .replace(/[^-a-z0-9]/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');

/** Names, group, scope and metadata.name, as the apiserver validates them. */
export function checkNames(report: Reporter, crd: Record<string, unknown>): void {
  const spec = isObject(crd.spec) ? crd.spec : {};
  const names = isObject(spec.names) ? spec.names : undefined;
  const group = spec.group;

  if (typeof group !== 'string' || group === '') {
    report.error('required', ['spec', 'group'], 'spec.group is required', 'set it to your API group, a domain you own, e.g. "example.com"');
  } else if (!isSubdomain(group)) {
    report.error(
      'invalid-group',
      ['spec', 'group'],
      `spec.group "${group}" is not a valid DNS subdomain`,
      'use lowercase letters, digits, "-" and ".", e.g. "example.com"',
    );
  } else if (!group.includes('.')) {
    report.error(
      'invalid-group',
      ['spec', 'group'],
      `spec.group "${group}" must contain at least one dot`,
      `use a domain such as "${group}.example.com"`,
    );
  }

  if (typeof group === 'string' && isSubdomain(group)) checkProtectedGroup(report, crd, group);

  if (!names) {
    report.error('required', ['spec', 'names'], 'spec.names is required', 'add spec.names with at least plural and kind');
  } else {
    const label = (key: string, value: unknown, path: PathSegment[], required: boolean) => {
      if (value === undefined || value === null || value === '') {
        if (required)
          report.error(
            'required',
            path,
            `spec.names.${key} is required`,
            key === 'plural' ? 'add the lowercase plural name, e.g. "demos"' : 'add it',
          );
        return;
      }
      if (typeof value === 'string' && !isDns1035(value)) {
        const fixed = fixLabel(value);
        report.error(
          'invalid-name',
          path,
          `${pathText(path)} "${value}" is not a lowercase RFC 1035 label`,
          fixed
            ? `use "${fixed}": lowercase letters, digits and "-", starting with a letter`
            : 'use lowercase letters, digits and "-", starting with a letter',
        );
      }
    };
    label('plural', names.plural, ['spec', 'names', 'plural'], true);
    label('singular', names.singular, ['spec', 'names', 'singular'], false);
    if (Array.isArray(names.shortNames)) {
      for (const [i, s] of names.shortNames.entries()) label('shortNames', s, ['spec', 'names', 'shortNames', i], false);
    }
    if (Array.isArray(names.categories)) {
      for (const [i, s] of names.categories.entries()) label('categories', s, ['spec', 'names', 'categories', i], false);
    }

    const kind = names.kind;
    if (typeof kind !== 'string' || kind === '') {
      report.error('required', ['spec', 'names', 'kind'], 'spec.names.kind is required', 'add the kind in CamelCase, e.g. "Demo"');
    } else if (!isDns1035(goLower(kind))) {
      report.error(
        'invalid-kind',
        ['spec', 'names', 'kind'],
        `spec.names.kind "${kind}" is not a valid kind`,
        'use letters and digits in CamelCase, starting with a letter, e.g. "Demo"',
      );
    } else if (!/^[A-Z]/.test(kind)) {
      report.warning(
        'kind-case',
        ['spec', 'names', 'kind'],
        `spec.names.kind "${kind}" starts with a lowercase letter; kinds are CamelCase by convention`,
        `use "${kind[0]!.toUpperCase()}${kind.slice(1)}" (the apiserver accepts it, but clients and kubectl output expect CamelCase)`,
      );
    }
    checkListKind(report, kind, names.listKind);
  }

  const scope = spec.scope;
  if (scope === undefined || scope === null) {
    report.error('required', ['spec', 'scope'], 'spec.scope is required', 'set it to Namespaced or Cluster');
  } else if (scope !== 'Namespaced' && scope !== 'Cluster') {
    const near = String(scope).toLowerCase().startsWith('n')
      ? 'Namespaced'
      : String(scope).toLowerCase().startsWith('c')
        ? 'Cluster'
        : undefined;
    report.error(
      'invalid-scope',
      ['spec', 'scope'],
      `spec.scope "${String(scope)}" is not Namespaced or Cluster`,
      near ? `did you mean "${near}"?` : 'set it to Namespaced or Cluster',
    );
  }

  const metadata = isObject(crd.metadata) ? crd.metadata : undefined;
  const name = metadata?.name;
  const expected = names && typeof names.plural === 'string' && typeof group === 'string' ? `${names.plural}.${group}` : undefined;
  if (typeof name !== 'string' || name === '') {
    report.error(
      'required',
      ['metadata', 'name'],
      'metadata.name is required',
      expected ? `set it to "${expected}" (<plural>.<group>)` : 'set it to <plural>.<group>',
    );
  } else if (expected && name !== expected) {
    report.error(
      'name-mismatch',
      ['metadata', 'name'],
      `metadata.name "${name}" must be spec.names.plural + "." + spec.group`,
      `rename it to "${expected}", or fix plural/group`,
    );
  }
}

const APPROVAL = 'api-approved.kubernetes.io';

/**
 * Groups under k8s.io and kubernetes.io are the Kubernetes project's: the apiserver refuses a v1
 * CRD there without the `api-approved.kubernetes.io` annotation (a URL, or text starting with
 * "unapproved").
 */
function checkProtectedGroup(report: Reporter, crd: Record<string, unknown>, group: string): void {
  const isProtected = ['k8s.io', 'kubernetes.io'].some((d) => group === d || group.endsWith(`.${d}`));
  if (!isProtected) return;
  const metadata = isObject(crd.metadata) ? crd.metadata : {};
  const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
  const approval = Object.hasOwn(annotations, APPROVAL) ? annotations[APPROVAL] : undefined;
  if (approval === undefined || approval === '') {
    report.error(
      'protected-group',
      ['metadata', 'annotations'],
      `protected groups must have approval annotation "${APPROVAL}", see https://github.com/kubernetes/enhancements/pull/1111`,
      `use a group under a domain you own, or add the annotation "${APPROVAL}" with the URL of the approved API review`,
    );
  } else if (typeof approval !== 'string' || !(approval.startsWith('unapproved') || isUrl(approval))) {
    report.error(
      'protected-group',
      ['metadata', 'annotations', APPROVAL],
      `protected groups must have approval annotation "${APPROVAL}" with either a URL or a reason starting with "unapproved"`,
      'set it to the URL of the approved API review',
    );
  }
}

function isUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.host !== '' && url.protocol !== '';
  } catch {
    return false;
  }
}

/** listKind as the apiserver checks it after defaulting it to `<kind>List`: a kind-like name, not the kind. */
function checkListKind(report: Reporter, kind: unknown, listKind: unknown): void {
  if (typeof kind !== 'string' || kind === '') return;
  const given = typeof listKind === 'string' && listKind !== '';
  // The default of an invalid kind is invalid too: the kind's own error says it all.
  if (!given && !isDns1035(goLower(kind))) return;
  const value = given ? listKind : `${kind}List`;
  const path = ['spec', 'names', 'listKind'];
  if (!isDns1035(goLower(value))) {
    report.error(
      'invalid-kind',
      path,
      given
        ? `spec.names.listKind "${value}" is not a valid kind`
        : `spec.names.listKind defaults to "${value}", which is not a valid kind (longer than 63 characters)`,
      given
        ? 'use letters, digits and "-" in CamelCase, starting with a letter, e.g. "DemoList"'
        : 'set a shorter listKind, or shorten the kind',
    );
  } else if (value === kind) {
    report.error('invalid-kind', path, 'spec.names.listKind must differ from spec.names.kind', `remove it (the default is "${kind}List")`);
  }
}

/**
 * strings.ToLower as Go does it, rune by rune with simple case mapping: the apiserver checks kinds
 * this way, so the Kelvin sign (U+212A) becomes `k` and the dotted capital I (U+0130) `i`, where
 * JavaScript's toLowerCase() would give `i` plus a combining dot.
 */
export function goLower(value: string): string {
  let out = '';
  for (const ch of value) {
    const lower = ch === '\u0130' ? 'i' : ch.toLowerCase();
    out += [...lower].length === 1 ? lower : ch;
  }
  return out;
}

function pathText(path: PathSegment[]): string {
  return path
    .map((s) => (typeof s === 'number' ? `[${s}]` : s))
    .join('.')
    .replace(/\.\[/g, '[');
}

export { isDns1035 };
