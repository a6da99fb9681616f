/**
 * Every code block in README.md, exercised: the two opening commands, the shell blocks run for real
 * (in a generated project, against a control plane), the TypeScript blocks type-checked against the
 * packages and the testing one run.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type ControlPlane, startControlPlane, stopProcesses } from '@gen-operator/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, RunningProcess, repoRoot, run, runOk } from '../support/commands.js';

interface Block {
  lang: string;
  code: string;
}

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const blocks: Block[] = [...readme.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1] ?? '', code: m[2] ?? '' }));
const work = join(repoRoot, 'test', 'readme', '.work');
const project = join(work, 'demo-operator');
const ciScript = readFileSync(join(repoRoot, '.ci', 'run'), 'utf8');

describe('README.md', () => {
  let plane: ControlPlane;

  beforeAll(async () => {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(join(work, 'crds'), { recursive: true });
    cpSync(join(repoRoot, 'crds', 'demo.yaml'), join(work, 'crds', 'demo.yaml'));
    plane = await startControlPlane();
  });

  afterAll(async () => {
    await stopProcesses();
    await plane?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('has only blocks this test knows how to exercise', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    for (const block of blocks) expect(['sh', 'ts']).toContain(block.lang);
  });

  it('opens with the install-and-run command and the test command, which CI runs', () => {
    expect(blocks[0]).toEqual({ lang: 'sh', code: 'npm ci && npx gen-operator crds/demo.yaml\n' });
    expect(blocks[1]).toEqual({ lang: 'sh', code: 'npm test\n' });
    expect(ciScript).toMatch(/^npm ci\b/m);
    expect(ciScript).toMatch(/^npm test$/m);
    // `npm ci` is what CI itself starts with; the generator part runs here, in a folder of its own.
    const generated = runOk('bash', ['-c', blocks[0]!.code.replace('npm ci && ', '')], { cwd: work });
    expect(generated.stdout).toMatch(/demo-operator/);
    expect(readFileSync(join(project, 'src', 'resources', 'demo.ts'), 'utf8')).toMatch(/export interface Demo extends KubernetesObject/);
  });

  it('has TypeScript blocks that type-check against the packages, in the generated project', () => {
    const tsBlocks = blocks.filter((block) => block.lang === 'ts');
    expect(tsBlocks.length).toBeGreaterThanOrEqual(3);
    tsBlocks.forEach((block, index) => {
      writeFileSync(join(project, 'src', `readme-${index}.ts`), block.code);
    });
    const tsc = run(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project]);
    expect(tsc.stdout + tsc.stderr, 'tsc output').toBe('');
    expect(tsc.status).toBe(0);
  });

  it('has a testing block that really starts a control plane and makes an identity', () => {
    const index = blocks.filter((block) => block.lang === 'ts').findIndex((block) => block.code.includes('startControlPlane'));
    expect(index).toBeGreaterThanOrEqual(0);
    const result = runOk(process.execPath, [join(project, 'dist', `readme-${index}.js`)], { cwd: project, timeoutMs: 120_000 });
    const [admin, identity] = result.stdout.trim().split(' ');
    expect(admin).toMatch(/admin\.kubeconfig$/);
    expect(identity).toMatch(/demo-operator\.kubeconfig$/);
  });

  it('has shell blocks that work as written: testing CLI, deploy, validate', async () => {
    const shBlocks = blocks.slice(2).filter((block) => block.lang === 'sh');
    // As in a project that installed the packages: this checkout's node_modules (its bins included).
    symlinkSync(join(repoRoot, 'node_modules'), join(project, 'node_modules'));
    expect(shBlocks.length).toBeGreaterThanOrEqual(3);
    const env = { ...process.env, KUBECONFIG: plane.kubeconfigPath };
    for (const block of shBlocks) {
      for (const line of block.code.trim().split('\n')) {
        if (line.endsWith('gen-operator-testing up')) {
          // Long-running: wait until it prints its kubeconfig, then Ctrl-C.
          const up = new RunningProcess('bash', ['-c', line], { cwd: project, env });
          await eventually(
            '`up` to print the export line',
            () => /export KUBECONFIG=/.test(up.output()),
            120_000,
            () => up.output(),
          );
          await up.stop('SIGINT');
          // npm may report the interrupt in its own exit code; what matters is a clean stop.
          const folder = dirname(/export KUBECONFIG=(\S+)/.exec(up.output())?.[1] ?? '');
          expect(up.output()).toMatch(/Stopping/);
          await eventually('the plane folder to be removed', () => !existsSync(folder), 30_000);
          continue;
        }
        const result = run('bash', ['-c', line], { cwd: project, env });
        expect(result.status, `${line}\n${result.stdout}\n${result.stderr}`).toBe(0);
      }
    }
  });
});
