// Type checks on named fields of real corpus CRDs, the same for every generator: each check is a small
// TypeScript file beside the generator's output that imports its type for the kind and version and
// compiles only when the field is typed right. The CRD itself is read too, so a check whose field
// lost its keyword in the corpus fails loudly instead of passing by accident.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** [category, CRD file (under crds/), group/version, kind, field path, schema keyword that must be there]. */
export const CHECKS = [
  [
    'int-or-string',
    'opentelemetry-operator/opentelemetry.io_opentelemetrycollectors.yaml',
    'opentelemetry.io/v1beta1',
    'OpenTelemetryCollector',
    'spec.podDisruptionBudget.maxUnavailable',
    'x-kubernetes-int-or-string',
  ],
  [
    'int-or-string',
    'opentelemetry-operator/opentelemetry.io_targetallocators.yaml',
    'opentelemetry.io/v1alpha1',
    'TargetAllocator',
    'spec.ports.targetPort',
    'x-kubernetes-int-or-string',
  ],
  [
    'nullable',
    'external-secrets/external-secrets.io_externalsecrets.yaml',
    'external-secrets.io/v1',
    'ExternalSecret',
    'status.refreshTime',
    'nullable',
  ],
  [
    'nullable',
    'external-secrets/external-secrets.io_pushsecrets.yaml',
    'external-secrets.io/v1alpha1',
    'PushSecret',
    'status.refreshTime',
    'nullable',
  ],
  ['status', 'cert-manager/cert-manager.io_certificates.yaml', 'cert-manager.io/v1', 'Certificate', 'status', 'properties'],
  ['status', 'gateway-api/gateway.networking.k8s.io_httproutes.yaml', 'gateway.networking.k8s.io/v1', 'HTTPRoute', 'status', 'properties'],
  [
    'status',
    'external-secrets/external-secrets.io_externalsecrets.yaml',
    'external-secrets.io/v1',
    'ExternalSecret',
    'status',
    'properties',
  ],
  [
    'preserve-unknown-fields',
    'argo-cd/application-crd.yaml',
    'argoproj.io/v1alpha1',
    'Application',
    'spec.source.helm.valuesObject',
    'x-kubernetes-preserve-unknown-fields',
  ],
  [
    'preserve-unknown-fields',
    'opentelemetry-operator/opentelemetry.io_opentelemetrycollectors.yaml',
    'opentelemetry.io/v1beta1',
    'OpenTelemetryCollector',
    'spec.config.receivers',
    'x-kubernetes-preserve-unknown-fields',
  ],
  [
    'preserve-unknown-fields',
    'crossplane/apiextensions.crossplane.io_compositions.yaml',
    'apiextensions.crossplane.io/v1',
    'Composition',
    'spec.pipeline.input',
    'x-kubernetes-preserve-unknown-fields',
  ],
];

export const CATEGORIES = [...new Set(CHECKS.map((c) => c[0]))];

// Walks a type by field names, matched without regard to case, `-` or `_` (cdk8s renames fields),
// through arrays and optional/nullable steps, past index signatures; `never` when a field is missing.
const PRELUDE = `
type IsAny<T> = 0 extends 1 & T ? true : false;
type Equals<A, B> = (<X>() => X extends A ? 1 : 2) extends (<X>() => X extends B ? 1 : 2) ? true : false;
type Strip<S extends string> = S extends \`\${infer A}-\${infer B}\` ? Strip<\`\${A}\${B}\`> : S extends \`\${infer A}_\${infer B}\` ? Strip<\`\${A}\${B}\`> : Lowercase<S>;
type Elem<T> = T extends readonly (infer E)[] ? E : T;
type Known<T> = { [P in keyof T as string extends P ? never : number extends P ? never : P]-?: P };
type Key<T, K extends string> = { [P in keyof Known<T>]: P extends string ? (Strip<P> extends Strip<K> ? P : never) : never }[keyof Known<T>];
type Step<T, K extends string> = IsAny<T> extends true ? any : Elem<NonNullable<T>> extends infer O ? (Key<O, K> extends infer P extends keyof O ? O[P] : never) : never;
type At<T, P extends readonly string[]> = P extends readonly [infer K extends string, ...infer R extends string[]] ? At<Step<T, K>, R> : Exclude<T, undefined>;
type Present<F> = [F] extends [never] ? false : IsAny<F> extends true ? false : unknown extends F ? false : true;
`;

const ASSERT = {
  'int-or-string': 'const ok: Equals<F, number | string> = true;',
  nullable: 'const ok: Present<F> extends true ? (null extends F ? (Equals<Exclude<F, null>, string>) : false) : false = true;',
  status: 'const ok: Present<F> = true;',
  'preserve-unknown-fields': [
    'const ok: Present<F> = true;',
    "const open: F = { anyKey: { nested: [1, 'two'] } };",
    '// @ts-expect-error an object field takes no string',
    "const notString: F = 'text';",
  ].join('\n'),
};

/** True when the corpus CRD still has the keyword on that field of that version. */
export function fieldHasKeyword(corpus, check, parse) {
  const [, file, gv, kind, path, keyword] = check;
  const crdPath = join(corpus, 'crds', file);
  const docs = parse(crdPath, readFileSync(crdPath, 'utf8')).documents.map((d) => d.value);
  const crd = docs.find((d) => d?.spec?.names?.kind === kind);
  const version = crd?.spec?.versions?.find((v) => `${crd.spec.group}/${v.name}` === gv);
  let node = version?.schema?.openAPIV3Schema;
  for (const segment of path.split('.')) {
    while (node?.items) node = node.items;
    node = node?.properties?.[segment];
  }
  return node !== undefined && node[keyword] !== undefined && node[keyword] !== false;
}

/** Where each generator put the type of a kind's version: a module (relative to its output) and a type name. */
export const LOCATE = {
  ours(out, gv, kind) {
    const [group] = gv.split('/');
    const file = join(out, `${group}_${kind}.ts`);
    const m = new RegExp(`export interface (\\w+) extends KubernetesObject \\{\\n  apiVersion: '${gv}';`).exec(safeRead(file));
    return m && { module: `./${group}_${kind}.js`, type: m[1] };
  },
  cdk8s(out, gv, kind) {
    const dir = join(out, 'imports');
    for (const name of readdirSync(dir)) {
      const text = readFileSync(join(dir, name), 'utf8');
      const m = new RegExp(`export class (\\w+) extends ApiObject \\{[^]{0,400}?apiVersion: '${gv}',\\s*kind: '${kind}'`).exec(text);
      if (m) return { module: `./imports/${name.replace(/\.ts$/, '')}`, type: `${m[1]}Props` };
    }
    return undefined;
  },
  'crd-generate'(out, gv, kind) {
    const module = `./${gv}/${kind}`;
    return safeRead(join(out, `${module}.ts`)).includes(`export interface I${kind} `) ? { module, type: `I${kind}` } : undefined;
  },
};

function safeRead(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Runs every check against one generator's output. Returns one row per check:
 * { category, label, pass, type } where `type` is how the generator typed the field.
 */
export function runChecks(tool, out, options) {
  const probes = CHECKS.map((check, i) => {
    const [category, , gv, kind, path] = check;
    const found = LOCATE[tool](out, gv, kind);
    const file = join(out, `__probe_${i}.ts`);
    if (found) {
      const segments = JSON.stringify(path.split('.'));
      const body = `import type { ${found.type} as T } from '${found.module}';\n${PRELUDE}\ntype F = At<T, ${segments}>;\n${ASSERT[category]}\nexport {};\n`;
      writeFileSync(file, body);
    }
    return { check, file: found ? file : undefined };
  });
  const files = probes.filter((p) => p.file).map((p) => p.file);
  const program = ts.createProgram(files, { ...options, noEmit: true, skipLibCheck: true, strict: true, types: [], noUnusedLocals: false });
  const checker = program.getTypeChecker();
  return probes.map(({ check, file }) => {
    const [category, , gv, kind, path] = check;
    const label = `${kind} ${gv.split('/')[1]} ${path}`;
    if (!file) return { category, label, pass: false, type: 'kind not generated' };
    const source = program.getSourceFile(file);
    const errors = ts.getPreEmitDiagnostics(program, source).filter((d) => d.category === ts.DiagnosticCategory.Error);
    let type = '?';
    ts.forEachChild(source, (node) => {
      if (ts.isTypeAliasDeclaration(node) && node.name.text === 'F') {
        const t = checker.getTypeAtLocation(node.name);
        type = t.flags & ts.TypeFlags.Never ? 'missing' : checker.typeToString(t, undefined, ts.TypeFormatFlags.NoTruncation);
      }
    });
    return { category, label, pass: errors.length === 0, type: short(type), file: relative(out, file) };
  });
}

function short(text) {
  const t = text.replace(/\s+/g, ' ');
  return t.length > 48 ? `${t.slice(0, 45)}…` : t;
}
