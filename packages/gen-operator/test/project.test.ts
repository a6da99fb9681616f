import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { exampleCrd, repoDir, runCli, typeCheck, workDir } from './helpers.js';

const demoCrd = join(repoDir, 'crds/demo.yaml');

describe('the generated demo project', () => {
  it('type-checks against the runtime and testing packages (src and test)', { timeout: 120_000 }, async () => {
    const out = join(workDir, 'typecheck-demo');
    await rm(out, { recursive: true, force: true });
    const run = await runCli([demoCrd, '--out', out, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const result = await typeCheck(out, ['src', 'test']);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });
});

// These cases run the built CLI (about a second a run on an idle machine).
describe('re-running over a project', { timeout: 60_000 }, () => {
  const dir = join(workDir, 'rerun');
  const crds = join(dir, 'input');
  const out = join(dir, 'demo-operator');

  beforeEach(async () => {
    await rm(dir, { recursive: true, force: true });
    await mkdir(crds, { recursive: true });
    await cp(demoCrd, join(crds, 'demo.yaml'));
  });

  it('keeps every user edit byte for byte after a CRD change, and adds what a new kind needs', { timeout: 60_000 }, async () => {
    expect((await runCli([crds, '--out', out, '-q'])).code).toBe(0);
    // The user edits their files.
    const edits: Record<string, (s: string) => string> = {
      'src/handlers/demo.ts': (s) => `${s}\n// my own note\nexport const answer = 42;\n`,
      'src/main.ts': (s) => s.replace("logger.info('starting');", "logger.info('starting, my way');"),
      'README.md': (s) => `${s}\nMy notes.\n`,
      'package.json': (s) => s.replace('"version": "0.1.0"', '"version": "1.2.3"'),
      'deploy/deployment.yaml': (s) => s.replace('replicas: 1', 'replicas: 2'),
      'examples/demo.yaml': (s) => s.replace('name: example\n', 'name: mine\n'),
    };
    const before: Record<string, string> = {};
    for (const [path, edit] of Object.entries(edits)) {
      before[path] = edit(await readFile(join(out, path), 'utf8'));
      await writeFile(join(out, path), before[path]);
    }
    // The CRD changes (a new field) and a second CRD arrives.
    const crd = await readFile(demoCrd, 'utf8');
    await writeFile(
      join(crds, 'demo.yaml'),
      crd.replace(
        '                  maxLength: 63\n',
        '                  maxLength: 63\n                greeting:\n                  type: string\n',
      ),
    );
    await writeFile(join(crds, 'widget.yaml'), widgetCrd);

    const dry = await runCli([crds, '--out', out, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/update +src\/resources\/demo\.ts/);
    expect(dry.stdout).toMatch(/create +src\/handlers\/widget\.ts/);
    expect(dry.stdout).toMatch(/update +src\/main\.ts +\(adds import '\.\/handlers\/widget\.js'\)/);
    expect(dry.stdout).toMatch(/keep +src\/handlers\/demo\.ts/);
    expect(await stat(join(out, 'src/handlers/widget.ts')).catch(() => undefined)).toBeUndefined();

    expect((await runCli([crds, '--out', out, '-q'])).code).toBe(0);
    for (const path of Object.keys(edits).filter((p) => p !== 'src/main.ts')) {
      expect(await readFile(join(out, path), 'utf8')).toBe(before[path]);
    }
    // main.ts: the user's text unchanged, plus exactly one added import line.
    const main = await readFile(join(out, 'src/main.ts'), 'utf8');
    const added = "import './handlers/widget.js';\n";
    expect(main).toContain(added);
    expect(main.replace(added, '')).toBe(before['src/main.ts']);
    expect(await readFile(join(out, 'src/resources/demo.ts'), 'utf8')).toContain('greeting?: string;');
    expect(await readFile(join(out, 'src/handlers/widget.ts'), 'utf8')).toContain('on.create(Widget, createWidget');
    expect(await readFile(join(out, 'src/resources/index.ts'), 'utf8')).toContain("export { Widget } from './widget.js';");
    // A third run changes nothing.
    const again = await runCli([crds, '--out', out, '--dry-run', '--json']);
    const plan = (JSON.parse(again.stdout) as { plan: { action: string }[] }).plan;
    expect(plan.filter((f) => f.action !== 'keep')).toEqual([]);
  });

  it('never rewrites a generated file whose header the user removed', async () => {
    expect((await runCli([crds, '--out', out, '-q'])).code).toBe(0);
    const mine = '// taken over by hand\nexport {};\n';
    await writeFile(join(out, 'src/resources/demo.ts'), mine);
    const run = await runCli([crds, '--out', out]);
    expect(run.stdout).toMatch(/keep +src\/resources\/demo\.ts +\(no generated header/);
    expect(await readFile(join(out, 'src/resources/demo.ts'), 'utf8')).toBe(mine);
  });

  it('refuses a non-empty folder that is not a gen-operator project, unless --force', async () => {
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'notes.txt'), 'mine');
    const refused = await runCli([crds, '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is not empty and is not a gen-operator project');
    expect(await stat(join(out, 'src')).catch(() => undefined)).toBeUndefined();
    expect((await runCli([crds, '--out', out, '--force', '-q'])).code).toBe(0);
    expect(await readFile(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('writes nothing when the input has an error', async () => {
    await writeFile(join(crds, 'broken.yaml'), widgetCrd.replace('scope: Namespaced', 'scope: Sideways'));
    const run = await runCli([crds, '--out', out]);
    expect(run.code).toBe(1);
    expect(await stat(out).catch(() => undefined)).toBeUndefined();
  });

  it('a path in the way of a new file is refused before anything is written', async () => {
    expect((await runCli([crds, '--out', out, '-q'])).code).toBe(0);
    await writeFile(join(crds, 'widget.yaml'), widgetCrd);
    await mkdir(join(out, 'test/widget.test.ts'), { recursive: true });
    const run = await runCli([crds, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('exists and is not a file');
    expect(await stat(join(out, 'src/handlers/widget.ts')).catch(() => undefined)).toBeUndefined();
  });
});

// Each case runs the CLI a few times (about a second each on an idle machine).
describe('--check: are the generated files up to date with the CRDs?', { timeout: 60_000 }, () => {
  const dir = join(workDir, 'check');
  const out = join(dir, 'demo-operator');
  /** As the project's CI runs it: from the project, against its own crds/. */
  const check = (...extra: string[]) => runCli(['crds', '--out', '.', '--check', ...extra], out);

  beforeEach(async () => {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await cp(demoCrd, join(dir, 'demo.yaml'));
    // Created from outside, by another name for the CRD than the project's CI uses.
    expect((await runCli(['demo.yaml', '--out', 'demo-operator', '-q'], dir)).code).toBe(0);
  }, 60_000);

  it('exits 0 on a fresh project, named either way, and writes nothing', async () => {
    const before = await snapshot(out);
    const run = await check();
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('the generated files are up to date');
    expect((await runCli(['demo.yaml', '--out', 'demo-operator', '--check'], dir)).code).toBe(0);
    expect(await snapshot(out)).toEqual(before);
  });

  it('exits 1 after a CRD change, naming each stale generated file, and writes nothing', async () => {
    const crd = join(out, 'crds/demo.yaml');
    await writeFile(
      crd,
      (await readFile(crd, 'utf8')).replace(
        '                  maxLength: 63\n',
        '                  maxLength: 63\n                greeting:\n                  type: string\n',
      ),
    );
    const before = await snapshot(out);
    const run = await check();
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('stale  src/resources/demo.ts\n');
    expect(run.stderr).toContain('1 generated file is stale; run gen-operator crds --out . to update');
    expect(await snapshot(out)).toEqual(before);
    const json = await check('--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, written: false, stale: ['src/resources/demo.ts'] });
    // Regenerating brings it back to 0.
    expect((await runCli(['crds', '--out', '.', '-q'], out)).code).toBe(0);
    expect((await check()).code).toBe(0);
  });

  it('a new CRD makes its generated files stale, never the user files it would add', async () => {
    await writeFile(join(out, 'crds/widget.yaml'), widgetCrd);
    const run = await check();
    expect(run.code).toBe(1);
    const stale = run.stdout.trim().split('\n').sort();
    // deploy/rbac.yaml gains the Widget rules; the handler, its test and example are the user's to create.
    expect(stale).toEqual([
      'stale  deploy/rbac.yaml',
      'stale  gen-operator.json',
      'stale  src/resources/index.ts',
      'stale  src/resources/widget.ts',
    ]);
  });

  it('user files never count: edited, missing, or a generated file taken over', async () => {
    await writeFile(join(out, 'src/handlers/demo.ts'), '// all mine\nexport {};\n');
    await writeFile(join(out, 'README.md'), 'mine\n');
    await rm(join(out, 'test/demo.test.ts'));
    await rm(join(out, '.github'), { recursive: true });
    await writeFile(join(out, 'deploy/rbac.yaml'), '# taken over by hand\n');
    const run = await check();
    expect(run.code, run.stdout).toBe(0);
    // A generated file that is missing is stale.
    await rm(join(out, 'src/resources/index.ts'));
    const missing = await check();
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('stale  src/resources/index.ts\n');
  });

  it('exits 2 when the folder is not a gen-operator project', async () => {
    const run = await runCli(['demo.yaml', '--out', 'nothing-here', '--check'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not a gen-operator project');
    expect(await stat(join(dir, 'nothing-here')).catch(() => undefined)).toBeUndefined();
  });
});

/** Every file under a folder with its content, to prove a run wrote nothing. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      files[path] = await readFile(path, 'utf8');
    }
  }
  return files;
}

const widgetCrd = exampleCrd('Widget', 'widgets');
