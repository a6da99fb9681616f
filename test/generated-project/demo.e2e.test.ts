/**
 * The whole path a new user walks with the Demo CRD: generate, install, build, the project's own
 * tests, then the built operator against a real control plane under its generated ServiceAccount.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ETCD_VERSION, type Identity, KUBERNETES_VERSION, versionedCacheDir } from '@gen-operator/testing';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { eventually, kubectl, repoRoot, runOk } from '../support/commands.js';
import { deployProject, npmRun, regenerate, startOperator, useGeneratedProject } from './project.js';

const demoCrd = join(repoRoot, 'crds', 'demo.yaml');

interface DemoObject {
  metadata: { name: string; finalizers?: string[]; resourceVersion?: string };
  spec: { name: string };
  status?: Record<string, unknown>;
}

describe('a project generated from crds/demo.yaml', () => {
  const context = useGeneratedProject([demoCrd], 'demo-operator');
  let identity: Identity;

  it('installs with the runtime and testing packages from this checkout, nothing unpublished from the registry', () => {
    const pkg = JSON.parse(readFileSync(join(context.project.dir, 'package.json'), 'utf8'));
    expect(pkg.dependencies['@gen-operator/runtime']).toMatch(/^file:/);
    expect(pkg.devDependencies['@gen-operator/testing']).toMatch(/^file:/);
    const installed = join(context.project.dir, 'node_modules', '@gen-operator', 'runtime');
    expect(lstatSync(installed).isSymbolicLink()).toBe(true);
    expect(realpathSync(installed)).toBe(realpathSync(join(repoRoot, 'packages', 'runtime')));
  });

  it('builds, and passes its own unit and end-to-end tests', () => {
    npmRun(context.project, 'build');
    expect(existsSync(join(context.project.dir, 'dist', 'main.js'))).toBe(true);
    const tests = npmRun(context.project, 'test');
    expect(tests.stdout).toMatch(/Test Files\s+\S*\d+ passed/);
    expect(tests.stdout).not.toMatch(/failed/);
  });

  it('validates its CRDs and examples, and checks its generated files, as its CI workflow does', () => {
    const workflow = parse(readFileSync(join(context.project.dir, '.github', 'workflows', 'ci.yaml'), 'utf8'));
    type Step = { id?: string; run?: string; uses?: string; with?: Record<string, string> };
    const all: Step[] = Object.values(workflow.jobs as Record<string, { steps: Step[] }>).flatMap((job) => job.steps);
    const steps = all.flatMap((step) => (step.run ? [step.run] : []));
    expect(steps).toEqual(
      expect.arrayContaining(['npm ci', 'npm run build', 'npm test', 'npm run validate', 'npm run generate -- --check']),
    );
    const pkg = JSON.parse(readFileSync(join(context.project.dir, 'package.json'), 'utf8'));
    expect(pkg.scripts.validate).toBe('gen-operator validate crds examples');
    const validate = npmRun(context.project, 'validate');
    expect(validate.status).toBe(0);
    const check = runOk('npm', ['run', 'generate', '--', '--check'], { cwd: context.project.dir });
    expect(check.stdout).toContain('the generated files are up to date');
    // Its reference docs, as the README tells.
    expect(pkg.scripts.docs).toBe('gen-operator docs crds --out docs/api');
    npmRun(context.project, 'docs');
    expect(readFileSync(join(context.project.dir, 'docs', 'api', 'devoops.io', 'demo.md'), 'utf8')).toMatch(
      /^\| `spec\.name` \| `string` \|/m,
    );
    expect(readFileSync(join(context.project.dir, 'docs', 'api', 'index.html'), 'utf8')).toContain('"kind":"Demo"');

    // The control-plane cache: the key step runs in the installed project and names the versions.
    const keyStep = all.find((step) => step.id === 'control-plane');
    const output = join(context.project.dir, 'github-output.txt');
    runOk('bash', ['-eo', 'pipefail', '-c', keyStep?.run ?? 'false'], {
      cwd: context.project.dir,
      env: { ...process.env, GITHUB_OUTPUT: output },
    });
    expect(readFileSync(output, 'utf8')).toBe(`key=gen-operator-testing-0.1.0-k8s-${KUBERNETES_VERSION}-etcd-${ETCD_VERSION}\n`);
    rmSync(output);
    const cache = all.find((step) => step.uses?.startsWith('actions/cache@'));
    expect(cache?.with).toEqual({
      path: '~/.cache/gen-operator/control-plane',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression
      key: '${{ runner.os }}-${{ steps.control-plane.outputs.key }}',
    });
    // That folder is where the binaries go on a runner (no XDG_CACHE_HOME or GEN_OPERATOR_CACHE_DIR there).
    expect(dirname(versionedCacheDir({}))).toBe(join(homedir(), '.cache', 'gen-operator', 'control-plane'));
  });

  it('passes a server-side dry run of deploy/, and under its ServiceAccount handles a Demo: create, kubectl get, update with diff, delete', async () => {
    const deployed = await deployProject(context.plane, context.project);
    for (const kind of [
      'serviceaccount/demo-operator',
      'clusterrole.rbac.authorization.k8s.io/demo-operator',
      'clusterrolebinding.rbac.authorization.k8s.io/demo-operator',
      'deployment.apps/demo-operator',
    ]) {
      expect(deployed.dryRun).toContain(`${kind} created (server dry run)`);
    }
    identity = deployed.identity;
    context.operator = startOperator(context.project, identity);
    const admin = context.plane.kubeconfigPath;
    const created = kubectl(admin, ['apply', '-n', 'default', '-f', join(context.project.dir, 'examples', 'demo.yaml')]);
    expect(created.status, created.stderr).toBe(0);
    const name = parse(readFileSync(join(context.project.dir, 'examples', 'demo.yaml'), 'utf8')).metadata.name as string;
    const path = `/apis/devoops.io/v1/namespaces/default/demo/${name}`;

    const handled = await eventually(
      'the create handler to record its result in status',
      async () => {
        const demo = await context.plane.request<DemoObject>('GET', path);
        return (demo.status?.createDemo as { message?: string } | undefined)?.message ? demo : undefined;
      },
      60_000,
      () => context.operator?.output() ?? '',
    );
    expect(handled.status?.createDemo).toEqual({ message: `created ${name}` });
    expect(handled.metadata.finalizers?.length).toBe(1);

    const listed = kubectl(admin, ['get', 'd', '-n', 'default']);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout.split('\n')[0]?.split(/\s{2,}/)).toEqual(['NAME', 'SPEC NAME', 'PHASE', 'AGE']);
    expect(listed.stdout).toMatch(new RegExp(`^${name}\\s+${handled.spec.name}\\s`, 'm'));

    const patched = kubectl(admin, ['patch', 'd', name, '-n', 'default', '--type=merge', '-p', '{"spec":{"name":"changed"}}']);
    expect(patched.status, patched.stderr).toBe(0);
    const updated = await eventually(
      'the update handler with the diff',
      () => context.operator?.jsonLines().find((line) => String(line.msg).includes(`${name} updated`)),
      60_000,
      () => context.operator?.output() ?? '',
    );
    expect(updated.diff).toEqual([['change', ['spec', 'name'], handled.spec.name, 'changed']]);

    const deleted = kubectl(admin, ['delete', 'd', name, '-n', 'default', '--wait=false']);
    expect(deleted.status, deleted.stderr).toBe(0);
    await eventually(
      'the object to be gone after the delete handler removed the finalizer',
      async () => !(await context.plane.exists(path)),
      60_000,
      () => context.operator?.output() ?? '',
    );
    // The operator logs asynchronously: its last lines may arrive just after the object is gone.
    await eventually(
      'the delete handler to be logged',
      () => (context.operator?.jsonLines() ?? []).some((line) => line.msg === "Handler 'deleteDemo' succeeded."),
      10_000,
    );
    const lines = (context.operator?.jsonLines() ?? []).map((line) => String(line.msg));
    expect(lines).toContain(`Demo ${name} deleted`);
    expect(lines.filter((line) => line === "Handler 'createDemo' succeeded.")).toHaveLength(1);
    expect(lines.filter((line) => line === "Handler 'deleteDemo' succeeded.")).toHaveLength(1);
    expect(lines.filter((line) => /failed/i.test(line))).toEqual([]);
  });

  it('is refused what its role does not grant (least privilege, proven)', () => {
    const guarded = 'apiVersion: devoops.io/v1\nkind: Demo\nmetadata: {name: guarded, namespace: default}\nspec: {name: guarded}\n';
    expect(kubectl(context.plane.kubeconfigPath, ['apply', '-f', '-'], guarded).status).toBe(0);
    for (const [args, input] of [
      [['get', 'secrets', '-A']],
      [['get', 'configmaps', '-n', 'default']],
      [['create', 'namespace', 'not-allowed']],
      // Its Lease is granted by name (get, update) and create: listing Leases is not.
      [['get', 'leases', '-n', 'demo-operator']],
      [['get', 'lease', 'another-operator', '-n', 'demo-operator']],
      [['delete', 'd', 'guarded', '-n', 'default', '--wait=false']],
      [['create', '-f', '-'], guarded.replace('guarded,', 'another,')],
    ] as [string[], string?][]) {
      const refused = kubectl(identity.kubeconfigPath, args, input);
      expect(refused.status, `${args.join(' ')}: ${refused.stdout}`).not.toBe(0);
      expect(refused.stderr).toMatch(/forbidden/i);
    }
    const allowed = kubectl(identity.kubeconfigPath, ['get', 'd', '-A']);
    expect(allowed.status, allowed.stderr).toBe(0);
    expect(allowed.stdout).toMatch(/guarded/);
  });

  it('regenerates after a CRD change, keeps every user edit, and still builds and passes its tests', () => {
    const handlers = join(context.project.dir, 'src', 'handlers', 'demo.ts');
    const edited = readFileSync(handlers, 'utf8').replace(
      'return { message: `created ${name}` };',
      'return { message: `hello ${name}` }; // edited by the user',
    );
    writeFileSync(handlers, edited);
    const unitTest = join(context.project.dir, 'test', 'demo.test.ts');
    writeFileSync(
      unitTest,
      readFileSync(unitTest, 'utf8').replaceAll('`created ${example.metadata?.name}`', '`hello ${example.metadata?.name}`'),
    );
    const testBefore = readFileSync(unitTest, 'utf8');
    // The end-to-end test expects the handler's result in status: the user changes it with the handler.
    const e2eTest = join(context.project.dir, 'test', 'e2e.test.ts');
    const e2eEdited = readFileSync(e2eTest, 'utf8').replace("message: 'created example-demo'", "message: 'hello example-demo'");
    expect(e2eEdited).toContain("message: 'hello example-demo'");
    writeFileSync(e2eTest, e2eEdited);

    mkdirSync(join(context.project.root, 'changed'));
    const changedCrd = join(context.project.root, 'changed', 'demo.yaml');
    const crd = parse(readFileSync(demoCrd, 'utf8'));
    crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.replicas = {
      type: 'integer',
      minimum: 1,
      default: 1,
      description: 'How many.',
    };
    writeFileSync(changedCrd, JSON.stringify(crd, null, 2));
    const output = regenerate(context.project, [changedCrd]);
    expect(output).toMatch(/update\s+src\/resources\/demo\.ts/);

    expect(readFileSync(handlers, 'utf8')).toBe(edited);
    expect(readFileSync(unitTest, 'utf8')).toBe(testBefore);
    expect(readFileSync(e2eTest, 'utf8')).toBe(e2eEdited);
    expect(readFileSync(join(context.project.dir, 'src', 'resources', 'demo.ts'), 'utf8')).toMatch(/replicas\?: number/);
    npmRun(context.project, 'build');
    expect(npmRun(context.project, 'test').stdout).toMatch(/Test Files\s+\S*\d+ passed/);
  });
});
