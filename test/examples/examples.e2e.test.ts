/**
 * Every example under examples/ (each NN-topic folder with an operator.ts), run end to end on one
 * control plane, one after the other: each handler succeeded exactly as often as its e2e.json says,
 * failed only where it says, and nothing else went wrong (no unexpected error lines, no stray
 * output, exit 0 on SIGTERM). Examples with their own tests (09-testing) get those run as well.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ControlPlane, installCrds, startControlPlane, startProcess, stopProcesses } from '@gen-operator/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genOperatorCli, repoRoot, run, runOk } from '../support/commands.js';
import { ExampleRun, examplesDir } from './example-run.js';
import { failureCounts, loadExpectations, messageCounts, successCounts, unexpectedErrors } from './expectations.js';

const examples = readdirSync(examplesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(examplesDir, entry.name, 'operator.ts')))
  .map((entry) => entry.name)
  .sort();

const logDir = mkdtempSync(join(tmpdir(), 'gen-operator-examples-'));

const ownTests = (name: string) => readdirSync(join(examplesDir, name)).filter((file) => file.endsWith('.test.ts'));

/** `tsc` over examples/, started beside the control plane (both take seconds; the machine has two cores). */
async function typeCheck(): Promise<{ code: number | null; output: string }> {
  const tsc = startProcess(
    process.execPath,
    [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(examplesDir, 'tsconfig.json')],
    {
      cwd: repoRoot,
    },
  );
  const code = await tsc.exited;
  return { code, output: tsc.output() };
}

describe('examples', () => {
  let plane: ControlPlane;
  let typeChecked: ReturnType<typeof typeCheck>;

  beforeAll(async () => {
    typeChecked = typeCheck();
    plane = await startControlPlane();
    await installCrds(plane, [join(examplesDir, 'crd.yaml')]);
  });

  afterAll(async () => {
    await stopProcesses();
    await plane?.stop();
  });

  it('are found, each with a README.md and an e2e.json, and listed in examples/README.md', () => {
    expect(examples.length).toBeGreaterThan(0);
    const index = readFileSync(join(examplesDir, 'README.md'), 'utf8');
    for (const name of examples) {
      expect(existsSync(join(examplesDir, name, 'README.md')), `${name}/README.md`).toBe(true);
      expect(() => loadExpectations(join(examplesDir, name))).not.toThrow();
      expect(index, `examples/README.md lists ${name}`).toContain(`(${name}/)`);
    }
  });

  it('share a resources.ts that is what gen-operator generates from crd.yaml today', () => {
    const out = mkdtempSync(join(tmpdir(), 'examples-generated-'));
    try {
      runOk(process.execPath, [genOperatorCli, join(examplesDir, 'crd.yaml'), '--out', out, '--quiet'], { cwd: repoRoot });
      const generated = readFileSync(join(out, 'src', 'resources', 'example.ts'), 'utf8');
      expect(readFileSync(join(examplesDir, 'resources.ts'), 'utf8'), 'regenerate examples/resources.ts (see examples/README.md)').toBe(
        generated,
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('type-check', async () => {
    const { code, output } = await typeChecked;
    expect(code, output).toBe(0);
  });

  for (const name of examples) {
    it(name, async () => {
      const expected = loadExpectations(join(examplesDir, name));
      const result = await new ExampleRun(plane, name, expected).run();
      const log = join(logDir, `${name}.log`);
      const timings = result.timings.map(([step, ms]) => `${step} ${ms} ms`).join(', ');
      writeFileSync(log, `${result.output}\n# steps: ${timings}\n`);
      const where = `(the operator's output: ${log})`;

      expect(result.created?.metadata.finalizers?.length ?? 0, 'finalizers on the created object').toBe(expected.finalizer ? 1 : 0);
      expect(
        result.exitCodes.every((code) => code === 0),
        `exit codes ${result.exitCodes}`,
      ).toBe(true);
      expect(successCounts(result.lines), `handlers that succeeded ${where}`).toEqual(expected.successes);
      expect(failureCounts(result.lines), `handlers that failed ${where}`).toEqual(expected.failures ?? {});
      const messages = expected.messages ?? {};
      expect(messageCounts(result.lines, Object.keys(messages)), `messages logged ${where}`).toEqual(messages);
      expect(unexpectedErrors(result.lines, expected.errors), `error lines ${where}`).toEqual([]);
      expect(result.stray, `output that is not a log line ${where}`).toEqual([]);
    });
  }

  for (const name of examples.filter((example) => ownTests(example).length > 0)) {
    it(`${name}: its own tests pass`, () => {
      const files = ownTests(name).map((file) => join('examples', name, file));
      const result = run('npx', ['vitest', 'run', '--config', 'examples/vitest.config.ts', ...files], { cwd: repoRoot });
      expect(result.status, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`Test Files\\s+${files.length} passed`));
    });
  }
});
