/**
 * --children: which kinds are accepted, where the list is kept, and what it adds to a project: the
 * handler and its tests (snapshots), and RBAC with exactly the verbs the runtime uses.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type GenerateOptions, generate } from '../src/generate.js';
import { parseFile } from '../src/load/index.js';
import { CHILD_KINDS, childSpelling, parseChildren } from '../src/model/index.js';
import { repoDir, runCli, typeCheck, workDir } from './helpers.js';
import { injectedCode, writeProject } from './hostile/check.js';
import { baseCrd, crdText, writeInput } from './hostile/crds.js';
import { ACCEPTED } from './hostile/names.js';

const demoCrd = join(repoDir, 'crds/demo.yaml');
const ALL = CHILD_KINDS.map(childSpelling);

const entries = (...values: unknown[]) => values.map((value) => ({ value, where: '--children' }));

describe('the list of children', () => {
  it('takes the built-in kinds as [group/]version/Kind, in the order given, and skips blank entries', () => {
    const { kinds, problems } = parseChildren(entries('apps/v1/Deployment', ' v1/ConfigMap ', '', 'policy/v1/PodDisruptionBudget'));
    expect(problems).toEqual([]);
    expect(kinds.map((k) => [k.group, k.version, k.kind, k.plural])).toEqual([
      ['apps', 'v1', 'Deployment', 'deployments'],
      ['', 'v1', 'ConfigMap', 'configmaps'],
      ['policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets'],
    ]);
    expect(parseChildren(entries(...ALL)).kinds).toEqual(CHILD_KINDS);
  });

  it('refuses a kind given twice, another spelling of a built-in kind, and anything else, listing the kinds there are', () => {
    expect(parseChildren(entries('v1/ConfigMap', 'v1/ConfigMap')).problems).toEqual([
      '--children: "v1/ConfigMap" is listed twice; list each kind once',
    ]);
    expect(parseChildren(entries('extensions/v1beta1/Ingress', 'ConfigMap', 'apps/v1/deployment')).problems).toEqual([
      '--children: "extensions/v1beta1/Ingress": the runtime has Ingress as networking.k8s.io/v1/Ingress; write that',
      '--children: "ConfigMap": the runtime has ConfigMap as v1/ConfigMap; write that',
      '--children: "apps/v1/deployment": the runtime has Deployment as apps/v1/Deployment; write that',
    ]);
    const unknown = parseChildren(entries('v1/Node', 'example.com/v1/Widget')).problems;
    expect(unknown.slice(0, 2)).toEqual([
      '--children: "v1/Node" is not a built-in kind of @gen-operator/runtime',
      '--children: "example.com/v1/Widget" is not a built-in kind of @gen-operator/runtime',
    ]);
    expect(unknown[2]).toBe(`the built-in kinds are ${ALL.join(', ')}`);
  });

  it('refuses what is not a string (gen-operator.json), and bounds the report of a long bad list', () => {
    const where = (value: unknown, i: number) => ({ value, where: `gen-operator.json: children[${i}]` });
    expect(parseChildren([7, null, ['v1/ConfigMap']].map(where)).problems).toEqual([
      'gen-operator.json: children[0]: a number, not a kind; write each kind as a string [group/]version/Kind, e.g. "apps/v1/Deployment"',
      'gen-operator.json: children[1]: null, not a kind; write each kind as a string [group/]version/Kind, e.g. "apps/v1/Deployment"',
      'gen-operator.json: children[2]: a list, not a kind; write each kind as a string [group/]version/Kind, e.g. "apps/v1/Deployment"',
    ]);
    const many = parseChildren(entries(...Array.from({ length: 100_000 }, (_, i) => `v1/K${i}`), 'x'.repeat(1_000_000)));
    expect(many.problems).toHaveLength(12);
    expect(many.problems[10]).toBe('… and 99991 more');
    expect(many.problems.join('').length).toBeLessThan(3_000);
  });
});

/** The planned files of a project generated (dry run) from `crds` in a folder of its own. */
async function planned(name: string, options: Partial<GenerateOptions> & { crds?: Record<string, string> } = {}) {
  const cwd = join(workDir, 'children', name);
  const inputs = options.crds ?? { 'demo.yaml': await readFile(demoCrd, 'utf8') };
  for (const [path, text] of Object.entries(inputs)) await writeInput(join(cwd, path), text);
  const result = await generate({ paths: Object.keys(inputs), out: join(cwd, 'out'), dryRun: true, cwd, ...options });
  const files = new Map(result.plan!.files.map((f) => [f.path, f.content ?? '']));
  return { result, files };
}

/** Every `group/resource:verb` the ClusterRole grants, sorted; and the kinds of the documents. */
function rbacOf(content: string): { grants: string[]; kinds: string[] } {
  const docs = parseFile('rbac.yaml', content).documents.map((d) => d.value as Record<string, unknown>);
  const role = docs.find((d) => d.kind === 'ClusterRole') as { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] };
  const grants = role.rules.flatMap((r) =>
    r.apiGroups.flatMap((g) => r.resources.flatMap((res) => r.verbs.map((v) => `${g}/${res}:${v}`))),
  );
  return { grants: grants.sort(), kinds: docs.map((d) => String(d.kind)) };
}

describe('a project with children', () => {
  it('has the handler, its unit test, its end-to-end case and gen-operator.json as the snapshots show', async () => {
    const { result, files } = await planned('snapshot', { children: ['v1/ConfigMap', 'apps/v1/Deployment'] });
    expect(result.diagnostics).toEqual([]);
    for (const path of ['src/handlers/demo.ts', 'test/demo.test.ts', 'test/e2e.test.ts', 'deploy/rbac.yaml']) {
      await expect(files.get(path)).toMatchFileSnapshot(`golden/demo-children/${path}.golden`);
    }
    expect(JSON.parse(files.get('gen-operator.json')!).children).toEqual(['v1/ConfigMap', 'apps/v1/Deployment']);
  });

  it('grants each child kind list, watch, create and patch, the parent finalizers update, Events; no get or delete; the Lease in its own Role', async () => {
    const { files } = await planned('rbac-all', { children: ALL });
    const { grants, kinds } = rbacOf(files.get('deploy/rbac.yaml')!);
    expect(kinds).toEqual(['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding']);
    const children = CHILD_KINDS.flatMap((c) => ['list', 'watch', 'create', 'patch'].map((v) => `${c.group}/${c.plural}:${v}`));
    expect(grants).toEqual(
      [
        ...['get', 'list', 'watch', 'patch'].map((v) => `devoops.io/demo:${v}`),
        'devoops.io/demo/status:patch',
        'devoops.io/demo/finalizers:update',
        ...children,
        'events.k8s.io/events:create',
        'events.k8s.io/events:patch',
      ].sort(),
    );
    expect(grants.filter((g) => /lease|:delete$|:update$|\*/.test(g))).toEqual(['devoops.io/demo/finalizers:update']);
  });

  it('without children grants the kind, its status and Events only (and the Lease in its own Role)', async () => {
    const { files } = await planned('rbac-none');
    const { grants, kinds } = rbacOf(files.get('deploy/rbac.yaml')!);
    expect(kinds).toEqual(['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding']);
    expect(grants).toEqual(
      [
        ...['get', 'list', 'watch', 'patch'].map((v) => `devoops.io/demo:${v}`),
        'devoops.io/demo/status:patch',
        'events.k8s.io/events:create',
        'events.k8s.io/events:patch',
      ].sort(),
    );
    expect(files.get('src/handlers/demo.ts')).not.toContain('children');
    expect(JSON.parse(files.get('gen-operator.json')!)).not.toHaveProperty('children');
  });

  it('gives a cluster-scoped kind no children (with a warning), and refuses children when every kind is cluster-scoped', async () => {
    const cluster = baseCrd({ kind: 'Gadget', plural: 'gadgets' });
    cluster.spec.scope = 'Cluster';
    const crds = { 'widget.yaml': crdText(baseCrd()), 'gadget.yaml': crdText(cluster) };
    const { result, files } = await planned('cluster-scoped', { crds, children: ['v1/ConfigMap'] });
    expect(result.diagnostics.map((d) => [d.severity, d.code, d.file])).toEqual([['warning', 'children-cluster-scoped', 'gadget.yaml']]);
    expect(files.get('src/handlers/widget.ts')).toContain('await children.apply(ConfigMap,');
    expect(files.get('src/handlers/gadget.ts')).not.toContain('children');
    const { grants } = rbacOf(files.get('deploy/rbac.yaml')!);
    expect(grants).toContain('example.com/widgets/finalizers:update');
    expect(grants).not.toContain('example.com/gadgets/finalizers:update');
    await expect(planned('cluster-only', { crds: { 'gadget.yaml': crdText(cluster) }, children: ['v1/ConfigMap'] })).rejects.toThrow(
      /--children: every kind here is cluster-scoped \(Gadget\)/,
    );
  });

  it('imports a built-in kind under another name when a kind of the project has its name', async () => {
    const crds = { 'configmap.yaml': crdText(baseCrd({ kind: 'ConfigMap', plural: 'configmaps' })) };
    const { files } = await planned('same-name', { crds, children: ['v1/ConfigMap'] });
    const handler = files.get('src/handlers/configmap.ts')!;
    expect(handler).toContain("import { type ChangeArgs, ConfigMap as K8sConfigMap, on } from '@gen-operator/runtime';");
    expect(handler).toContain('on.child(ConfigMap, K8sConfigMap, ({ body, children }) => applyConfigMapChildren(body, children));');
    expect(files.get('test/e2e.test.ts')).toContain("import { ApiError, ConfigMap as K8sConfigMap } from '@gen-operator/runtime';");
  });
});

describe('the generated project type-checks against the runtime', { timeout: 300_000 }, () => {
  it('with every built-in kind as a child, a kind named like one, and a kind without a spec (src and test)', async () => {
    const out = join(workDir, 'children-typecheck');
    await rm(out, { recursive: true, force: true });
    const input = join(workDir, 'children-typecheck-input');
    const noSpec = baseCrd({ kind: 'Bare', plural: 'bares' });
    delete (noSpec.spec.versions[0]!.schema.openAPIV3Schema.properties as Partial<Record<string, unknown>>).spec;
    await writeInput(join(input, 'bare.yaml'), crdText(noSpec));
    await writeInput(join(input, 'deployment.yaml'), crdText(baseCrd({ kind: 'Deployment', plural: 'deployments' })));
    const run = await runCli([demoCrd, input, '--out', out, '--quiet', '--children', ALL.join(',')]);
    expect(run.code, run.stderr).toBe(0);
    const bare = await readFile(join(out, 'src/handlers/bare.ts'), 'utf8');
    expect(bare).toContain("await children.apply(ConfigMap, { data: { 'spec.json': JSON.stringify({}) } }, force);");
    const checked = await typeCheck(out, ['src', 'test']);
    expect(checked.output).toBe('');
    expect(checked.code).toBe(0);
  });
});

describe('kinds the apiserver accepts that are hard to name, with every child kind', { timeout: 300_000 }, () => {
  it('hold only code from the templates, and type-check against the runtime', async () => {
    const root = join(workDir, 'children-names');
    await rm(root, { recursive: true, force: true });
    const include: string[] = [];
    for (const [i, [, crds]] of ACCEPTED.entries()) {
      const { result } = await planned(`names-${i}`, { crds: { 'crds.yaml': crdText(...crds) }, children: ALL });
      for (const file of result.plan!.files) if (file.path.endsWith('.ts')) expect(injectedCode(file.path, file.content!)).toEqual([]);
      await writeProject(join(root, `p${i}`), result.plan!.files);
      include.push(`p${i}/src`, `p${i}/test`);
    }
    const checked = await typeCheck(root, include);
    expect(checked.output).toBe('');
  });
});

describe('the list is kept in gen-operator.json', { timeout: 180_000 }, () => {
  const dir = join(workDir, 'children-kept');
  const out = join(dir, 'demo-operator');
  const handler = join(out, 'src/handlers/demo.ts');
  const marker = join(out, 'gen-operator.json');

  it('a plain re-run keeps it; --children replaces it; a kept handler is noted with what to change by hand', async () => {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    expect((await runCli([demoCrd, '--out', out, '-q', '--children', 'v1/ConfigMap', '--children', 'apps/v1/Deployment'])).code).toBe(0);
    expect(JSON.parse(await readFile(marker, 'utf8')).children).toEqual(['v1/ConfigMap', 'apps/v1/Deployment']);
    const rbac = await readFile(join(out, 'deploy/rbac.yaml'), 'utf8');

    // `npm run generate -- --check` in the project: no --children, nothing stale.
    const check = await runCli(['crds', '--out', '.', '--check'], out);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect((await runCli([demoCrd, '--out', out, '-q'])).code).toBe(0);
    expect(await readFile(join(out, 'deploy/rbac.yaml'), 'utf8')).toBe(rbac);

    // Another list: RBAC and the marker follow it; the handler is the user's, so the plan says what to do.
    const before = await readFile(handler, 'utf8');
    const json = await runCli([demoCrd, '--out', out, '--json', '--children', 'v1/ConfigMap,v1/Secret']);
    expect(json.code, json.stderr).toBe(0);
    const plan = JSON.parse(json.stdout).plan as { path: string; action: string; note?: string }[];
    const byPath = new Map(plan.map((f) => [f.path, f]));
    expect(byPath.get('deploy/rbac.yaml')?.action).toBe('update');
    expect(byPath.get('gen-operator.json')?.action).toBe('update');
    expect(byPath.get('src/handlers/demo.ts')).toEqual({
      path: 'src/handlers/demo.ts',
      action: 'keep',
      owner: 'user',
      note:
        'add by hand: children.apply(Secret, …) from the create and update handlers, and on.child(Demo, Secret, …) (a project generated afresh with these --children shows the code); ' +
        'applies apps/v1/Deployment, which deploy/rbac.yaml does not grant (it is not in --children): grant it in a file of your own, or remove its children.apply() and on.child()',
    });
    expect(await readFile(handler, 'utf8')).toBe(before);
    const { grants } = rbacOf(await readFile(join(out, 'deploy/rbac.yaml'), 'utf8'));
    expect(grants).toContain('/secrets:create');
    expect(grants.some((g) => g.startsWith('apps/'))).toBe(false);

    // An empty list clears it.
    expect((await runCli([demoCrd, '--out', out, '-q', '--children', ''])).code).toBe(0);
    expect(JSON.parse(await readFile(marker, 'utf8'))).not.toHaveProperty('children');
    expect(rbacOf(await readFile(join(out, 'deploy/rbac.yaml'), 'utf8')).grants.some((g) => g.includes('configmaps'))).toBe(false);
  });

  it('a bad list, on the command line or in the file, is a usage error (exit 2) and nothing is written', async () => {
    await rm(dir, { recursive: true, force: true });
    const refused = await runCli([demoCrd, '--out', out, '--children', 'v1/ConfigMap,v1/Node,v1/ConfigMap']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--children: "v1/Node" is not a built-in kind of @gen-operator/runtime');
    expect(refused.stderr).toContain('--children: "v1/ConfigMap" is listed twice; list each kind once');
    expect(refused.stderr).toContain(`the built-in kinds are ${ALL.join(', ')}`);
    await expect(readFile(marker)).rejects.toThrow(/ENOENT/);

    expect((await runCli([demoCrd, '--out', out, '-q'])).code).toBe(0);
    const kept = JSON.parse(await readFile(marker, 'utf8'));
    await writeFile(marker, JSON.stringify({ ...kept, children: 'v1/ConfigMap' }));
    const notList = await runCli([demoCrd, '--out', out]);
    expect(notList.code).toBe(2);
    expect(notList.stderr).toMatch(/gen-operator\.json: children must be a list of kinds/);
    await writeFile(marker, JSON.stringify({ ...kept, children: ['v1/ConfigMap', 'v1/Pods'] }));
    const misspelt = await runCli([demoCrd, '--out', out]);
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toMatch(/gen-operator\.json: children\[1\]: "v1\/Pods" is not a built-in kind/);
    await writeFile(marker, '{ not json');
    expect((await runCli([demoCrd, '--out', out])).stderr).toMatch(/gen-operator\.json is not JSON/);
    // --children and --webhooks replace what the file says (its only list settings), so the file is not read.
    expect((await runCli([demoCrd, '--out', out, '-q', '--children', 'v1/Secret', '--webhooks', ''])).code).toBe(0);
  });
});
