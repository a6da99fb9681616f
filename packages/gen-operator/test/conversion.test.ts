/**
 * Version conversion in the generator: which kinds need a converter (model/conversion.ts), what a
 * project gets for them (stubs, their test, the CRD with the Webhook strategy in deploy/), and the
 * --webhooks manifests.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { type GenerateOptions, generate } from '../src/generate.js';
import { load } from '../src/load/index.js';
import { buildModels, parseWebhooks, schemaDifferences, versionConversion } from '../src/model/index.js';
import { exampleCrd, repoDir, runCli, typeCheck, workDir } from './helpers.js';
import { injectedCode, writeProject } from './hostile/check.js';
import { writeInput } from './hostile/crds.js';

const corpus = join(repoDir, 'test', 'corpus', 'crds');
const machineDeployment = join(corpus, 'cluster-api', 'cluster.x-k8s.io_machinedeployments.yaml');
const demoCrd = join(repoDir, 'crds', 'demo.yaml');
const demoVersions = join(repoDir, 'crds', 'conversion', 'demo-versions.yaml');

async function modelOf(file: string) {
  const { documents } = await load([file]);
  const { resources } = buildModels(documents);
  expect(resources).toHaveLength(1);
  return resources[0]!;
}

/** A Widget stored as v1 and served as v1alpha1 too, whose spec.size is `alpha` in v1alpha1. */
const widgetCrd = (alpha: string) =>
  exampleCrd('Widget', 'widgets', ['v1', 'v1alpha1'], (v) => (v === 'v1' ? '{ type: integer, default: 1 }' : alpha));

async function planned(name: string, crds: Record<string, string>, options: Partial<GenerateOptions> = {}) {
  const cwd = join(workDir, 'conversion', name);
  for (const [path, text] of Object.entries(crds)) await writeInput(join(cwd, path), text);
  const result = await generate({ paths: Object.keys(crds), out: join(cwd, 'out'), dryRun: true, cwd, ...options });
  const files = new Map(result.plan!.files.map((f) => [f.path, f.content ?? '']));
  return { result, files, cwd };
}

describe('which versions need converting (model)', () => {
  it.each([
    ['gateway-api/gateway.networking.k8s.io_httproutes.yaml', ['v1', 'v1beta1']],
    ['gateway-api/gateway.networking.k8s.io_referencegrants.yaml', ['v1', 'v1beta1']],
    ['kyverno/policies.kyverno.io_mutatingpolicies.yaml', ['v1', 'v1alpha1', 'v1beta1']],
    ['crossplane/pkg.crossplane.io_functions.yaml', ['v1', 'v1beta1']],
  ])('%s serves %j with one schema: identical, no converter', async (file, versions) => {
    const conversion = versionConversion(await modelOf(join(corpus, file)));
    expect(conversion).toEqual({ kind: 'identical', versions: expect.arrayContaining(versions) });
  });

  it("cluster-api's MachineDeployment differs: v1beta1 converts through the storage version v1beta2", async () => {
    const conversion = versionConversion(await modelOf(machineDeployment));
    expect(conversion.kind).toBe('webhook');
    if (conversion.kind !== 'webhook') return;
    expect([conversion.hub, conversion.spokes]).toEqual(['v1beta2', ['v1beta1']]);
    expect(conversion.differences.get('v1beta1')).toContain('spec.rollout (only in v1beta2)');
  });

  it('one version is single; the Demo pair in crds/conversion differs', async () => {
    expect(versionConversion(await modelOf(demoCrd))).toEqual({ kind: 'single' });
    const pair = versionConversion(await modelOf(demoVersions));
    expect(pair).toMatchObject({ kind: 'webhook', hub: 'v1', spokes: ['v1alpha1'] });
  });

  it('lists at most the first differences, each cut short', () => {
    const long = 'f'.repeat(1_000);
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`${long}${i}`, { type: 'string' }]));
    const found = schemaDifferences({ type: 'object', properties: many }, { type: 'object' }, ['v1', 'v2'], 12);
    expect(found).toHaveLength(13);
    expect(found.at(-1)).toBe('… and 18 more');
    expect(Math.max(...found.map((line) => line.length))).toBeLessThanOrEqual(161);
  });

  it('documentation does not count, a validation does', async () => {
    const { cwd } = await planned('model', {
      'docs.yaml': widgetCrd('{ type: integer, default: 1, description: "Another text." }'),
      'max.yaml': exampleCrd(
        'Gadget',
        'gadgets',
        ['v1', 'v1alpha1'],
        (v) => `{ type: integer, default: 1${v === 'v1' ? '' : ', maximum: 5'} }`,
      ),
    });
    expect(versionConversion(await modelOf(join(cwd, 'docs.yaml')))).toMatchObject({ kind: 'identical' });
    const differing = versionConversion(await modelOf(join(cwd, 'max.yaml')));
    expect(differing).toMatchObject({ kind: 'webhook', differences: new Map([['v1alpha1', ['spec.size (maximum)']]]) });
  });
});

describe('a project whose kind serves differing versions', () => {
  it('gets a converter stub per spoke, its test, the main import and the CRD with the Webhook strategy in deploy/', async () => {
    const { result, files } = await planned('machinedeployment', { 'md.yaml': await readFile(machineDeployment, 'utf8') });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const stub = files.get('src/conversion/machinedeployment.ts')!;
    expect(stub).toContain('on.conversion(MachineDeploymentV1Beta2, MachineDeploymentV1Beta1, {');
    expect(files.get('src/main.ts')).toContain("import './conversion/machinedeployment.js';");
    expect(files.get('test/machinedeployment.conversion.test.ts')).toContain("import '../src/conversion/machinedeployment.js';");
    expect(JSON.parse(files.get('package.json')!).devDependencies.yaml).toBeDefined();
    const crd = parse(files.get('deploy/crd-machinedeployment.yaml')!);
    expect(crd.spec.conversion).toEqual({
      strategy: 'Webhook',
      webhook: {
        conversionReviewVersions: ['v1'],
        clientConfig: {
          service: {
            name: 'machine-deployment-operator-webhook',
            namespace: 'machine-deployment-operator',
            path: '/convert/cluster.x-k8s.io/machinedeployments',
            port: 443,
          },
        },
      },
    });
    expect(crd.metadata.annotations['cert-manager.io/inject-ca-from']).toBe(
      'machine-deployment-operator/machine-deployment-operator-webhook',
    );
    // crds/ keeps the CRD as given; the Service and Certificate come without --webhooks, the admission configurations do not.
    expect(files.get('crds/md.yaml')).not.toContain('strategy: Webhook');
    const kinds = parseAllDocuments(files.get('deploy/webhooks.yaml')!).map((d) => d.toJS().kind);
    expect(kinds).toEqual(['Service', 'Issuer', 'Certificate']);
    expect(parse(files.get('deploy/kustomization.yaml')!).resources).toEqual([
      'namespace.yaml',
      'rbac.yaml',
      'deployment.yaml',
      'webhooks.yaml',
      'crd-machinedeployment.yaml',
    ]);
    const deployment = parse(files.get('deploy/deployment.yaml')!);
    const container = deployment.spec.template.spec.containers[0];
    expect(container.env).toContainEqual({ name: 'GEN_OPERATOR_WEBHOOK_CERT_DIR', value: '/etc/gen-operator/webhook-certs' });
    expect(container.ports).toContainEqual({ name: 'webhook', containerPort: 9443 });
    expect(container.volumeMounts).toEqual([{ name: 'webhook-certs', mountPath: '/etc/gen-operator/webhook-certs', readOnly: true }]);
    expect(deployment.spec.template.spec.volumes).toEqual([
      { name: 'webhook-certs', secret: { secretName: 'machine-deployment-operator-webhook-tls' } },
    ]);
    expect(files.get('README.md')).toContain('openssl req -x509');
  });

  it('three versions, one of them the same as the hub: a converter for each other version, the same one only copying', async () => {
    const crd = exampleCrd('Widget', 'widgets', ['v1', 'v1beta1', 'v1alpha1'], (v) =>
      v === 'v1alpha1' ? '{ type: string }' : '{ type: integer, default: 1 }',
    );
    const { files } = await planned('three', { 'w.yaml': crd });
    const stub = files.get('src/conversion/widget.ts')!;
    expect(stub.match(/on\.conversion\(WidgetV1, Widget\w+, \{/g)).toEqual([
      'on.conversion(WidgetV1, WidgetV1Beta1, {',
      'on.conversion(WidgetV1, WidgetV1Alpha1, {',
    ]);
    expect(stub).toContain(
      '// v1beta1 ⇄ v1. Where their schemas differ:\n//   nowhere: the two schemas are the same, so copying is the whole conversion',
    );
    expect(stub).toContain('//   spec.size (default, type)');
  });

  it('a storage version that is not served has no type to convert to: a warning, and no stubs', async () => {
    const crd = widgetCrd('{ type: string }').replace('served: true', 'served: false');
    const { result, files } = await planned('unserved', { 'w.yaml': crd });
    const warning = result.diagnostics.find((d) => d.code === 'conversion-unserved-storage');
    expect(warning?.severity).toBe('warning');
    expect(warning?.message).toContain('its storage version v1 is not served');
    expect(files.has('src/conversion/widget.ts')).toBe(false);
  });

  it('identical versions: a note, and no converter, no webhook files', async () => {
    const { result, files } = await planned('httproute', {
      'routes.yaml': await readFile(join(corpus, 'gateway-api', 'gateway.networking.k8s.io_httproutes.yaml'), 'utf8'),
    });
    const note = result.diagnostics.find((d) => d.code === 'versions-identical');
    expect(note?.severity).toBe('note');
    expect(note?.message).toMatch(
      /HTTPRoute serves v1, v1beta1 with one schema: .* no converter is written and the conversion strategy stays None/,
    );
    expect(
      [...files.keys()].filter((p) => p.includes('conversion') || p.startsWith('deploy/crd-') || p === 'deploy/webhooks.yaml'),
    ).toEqual([]);
    expect(files.get('deploy/deployment.yaml')).not.toContain('webhook');
  });

  it('field names that differ land in comments as data, and the stub and its test compile', async () => {
    const hostile = '"x*/ process.exit(1) //\\u2028y"';
    const { files, cwd } = await planned('hostile', {
      'w.yaml': widgetCrd(`{ type: object, properties: { ${hostile}: { type: string } } }`),
    });
    const stub = files.get('src/conversion/widget.ts')!;
    expect(injectedCode('widget.ts', stub)).toEqual([]);
    expect(stub).toContain('//   spec.size.x*\\/ process.exit(1) //\\u2028y (only in v1alpha1)');
    const dir = await writeProject(
      join(cwd, 'typed'),
      [...files].map(([path, content]) => ({ path, content, action: 'create', owner: 'user' }) as never),
    );
    const check = await typeCheck(dir, ['src/**/*.ts']);
    expect(check.output).toBe('');
  }, 60_000);
});

describe('a later run that adds a version', () => {
  it('creates the stub and its test, adds the import to main, and notes what the kept files lack', async () => {
    const cwd = join(workDir, 'conversion', 'later');
    const out = join(cwd, 'out');
    await writeInput(join(cwd, 'w.yaml'), exampleCrd('Widget', 'widgets', ['v1']));
    expect((await generate({ paths: ['w.yaml'], out, cwd })).written).toBe(true);
    await writeInput(join(cwd, 'w.yaml'), widgetCrd('{ type: string }'));
    const again = await generate({ paths: ['w.yaml'], out, cwd });
    const byPath = new Map(again.plan!.files.map((f) => [f.path, f]));
    expect(byPath.get('src/conversion/widget.ts')?.action).toBe('create');
    expect(byPath.get('test/widget.conversion.test.ts')?.action).toBe('create');
    expect(await readFile(join(out, 'src', 'main.ts'), 'utf8')).toContain("import './conversion/widget.js';");
    expect(byPath.get('deploy/kustomization.yaml')?.note).toContain('add "- webhooks.yaml" to resources');
    expect(byPath.get('deploy/kustomization.yaml')?.note).toContain('add "- crd-widget.yaml" to resources');
    expect(byPath.get('package.json')?.note).toContain('add "yaml" to devDependencies');
  });
});

describe('--webhooks', () => {
  it('takes validate and mutate (any case, blanks skipped, each once, in a fixed order) and nothing else', () => {
    const entries = (values: unknown[]) => values.map((value, i) => ({ value, where: `webhooks[${i}]` }));
    expect(parseWebhooks(entries(['Mutate', ' ', 'validate', 'mutate']))).toEqual({ kinds: ['validate', 'mutate'], problems: [] });
    const bad = parseWebhooks(entries([1, null, 'admission', ...Array.from({ length: 20 }, () => 'x')]));
    expect(bad.problems[0]).toBe('webhooks[0]: not a word; write "validate" or "mutate"');
    expect(bad.problems[2]).toContain('webhooks[2]: "admission" is not a webhook gen-operator writes');
    expect(bad.problems).toHaveLength(10);
  });

  it('validate,mutate: a configuration each, a webhook per kind and served version at the runtime paths, kept in gen-operator.json', async () => {
    const { files } = await planned(
      'demo-webhooks',
      { 'demo.yaml': await readFile(demoCrd, 'utf8') },
      { webhooks: ['validate', 'mutate'] },
    );
    const docs = parseAllDocuments(files.get('deploy/webhooks.yaml')!).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual([
      'Service',
      'Issuer',
      'Certificate',
      'ValidatingWebhookConfiguration',
      'MutatingWebhookConfiguration',
    ]);
    const [validating, mutating] = docs.slice(3);
    expect(validating.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'demo-operator/demo-operator-webhook' });
    expect(validating.webhooks).toEqual([
      {
        name: 'validate.v1.demo.devoops.io',
        admissionReviewVersions: ['v1'],
        sideEffects: 'None',
        failurePolicy: 'Fail',
        timeoutSeconds: 10,
        clientConfig: {
          service: { name: 'demo-operator-webhook', namespace: 'demo-operator', path: '/validate/devoops.io/v1/demo', port: 443 },
        },
        rules: [
          { apiGroups: ['devoops.io'], apiVersions: ['v1'], resources: ['demo'], operations: ['CREATE', 'UPDATE'], scope: 'Namespaced' },
        ],
      },
    ]);
    expect(mutating.webhooks[0].clientConfig.service.path).toBe('/mutate/devoops.io/v1/demo');
    const certificate = docs[2];
    expect(certificate.spec).toEqual({
      secretName: 'demo-operator-webhook-tls',
      dnsNames: ['demo-operator-webhook.demo-operator.svc', 'demo-operator-webhook.demo-operator.svc.cluster.local'],
      issuerRef: { kind: 'Issuer', name: 'demo-operator-selfsigned' },
    });
    expect(JSON.parse(files.get('gen-operator.json')!).webhooks).toEqual(['validate', 'mutate']);
    expect(files.has('src/conversion/demo.ts')).toBe(false);
  });

  it('gives each kind an on.validate and on.mutate stub that type-checks, and notes them where a kept handlers file lacks them', async () => {
    const { files, cwd } = await planned(
      'demo-webhook-stubs',
      { 'demo.yaml': await readFile(demoCrd, 'utf8') },
      { webhooks: ['validate', 'mutate'] },
    );
    const handlers = files.get('src/handlers/demo.ts')!;
    expect(handlers).toContain('on.validate(Demo, () => {});');
    expect(handlers).toContain('on.mutate(Demo, () => {});');
    expect(handlers.indexOf('on.validate(Demo')).toBeLessThan(handlers.indexOf('on.mutate(Demo'));
    const dir = await writeProject(
      join(cwd, 'typed'),
      [...files].map(([path, content]) => ({ path, content, action: 'create', owner: 'user' }) as never),
    );
    const check = await typeCheck(dir, ['src/**/*.ts']);
    expect(check.output).toBe('');
    // Without --webhooks the stubs are not written; a later run with it notes them in the kept file.
    const out = join(cwd, 'later');
    expect((await generate({ paths: ['demo.yaml'], out, cwd })).written).toBe(true);
    expect(await readFile(join(out, 'src', 'handlers', 'demo.ts'), 'utf8')).not.toContain('on.validate(');
    const again = await generate({ paths: ['demo.yaml'], out, cwd, webhooks: ['validate'] });
    const note = again.plan!.files.find((f) => f.path === 'src/handlers/demo.ts')?.note;
    expect(note).toContain('add on.validate(Demo, …)');
    expect(note).not.toContain('on.mutate');
  }, 60_000);

  it('a word that is not a webhook is a usage error (exit 2), cut short', async () => {
    const run = await runCli([demoCrd, '--out', join(workDir, 'conversion', 'never'), '--webhooks', `validate,${'x'.repeat(500)}`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--webhooks: "${'x'.repeat(80)}…" is not a webhook gen-operator writes; write validate, mutate or both`);
  });
});
