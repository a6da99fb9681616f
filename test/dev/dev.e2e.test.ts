/**
 * `npm run dev` in a generated project, in a real terminal, as a person uses it: the plane starts,
 * the example's create handler runs, an edited handler is reloaded, an edited CRD regenerates the
 * types and is installed again (an invalid one is shown and changes nothing), Ctrl-C stops
 * everything, and `--keep` leaves the plane's data for the next start.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane } from '@gen-operator/testing';
import { processesWithEnv, processRunning } from '../../packages/testing/src/process/proc.js';
import { eventually, repoRoot } from '../support/commands.js';
import { Terminal } from '../support/terminal.js';
import { type GeneratedProject, generateProject, npmInstall } from '../generated-project/project.js';

const demoCrd = join(repoRoot, 'crds', 'demo.yaml');
/** Every process dev starts inherits it: what is left after Ctrl-C is found by it. */
const MARK = 'GEN_OPERATOR_DEV_TEST';

describe('gen-operator dev in a terminal', () => {
  let project: GeneratedProject;
  const terminals: Terminal[] = [];
  const mark = randomUUID();

  /** The project's own CLI (its `dev` script is the same command; npm itself exits 130 on a Ctrl-C). */
  const startDev = (command: string) => {
    const terminal = new Terminal(command, { cwd: project.dir, env: { ...process.env, [MARK]: mark } });
    terminals.push(terminal);
    return terminal;
  };
  const edit = (file: string, change: (text: string) => string) => {
    const path = join(project.dir, file);
    writeFileSync(path, change(readFileSync(path, 'utf8')));
  };
  const leftOver = () => processesWithEnv(MARK, mark);
  const nothingLeft = () =>
    eventually(
      'every process dev started to end',
      () => leftOver().length === 0,
      30_000,
      () =>
        leftOver()
          .map((p) => `left: ${p.pid} ${p.command.slice(0, 160)}`)
          .join('\n'),
    );

  beforeAll(() => {
    project = generateProject([demoCrd], 'demo-operator');
    npmInstall(project);
  }, 600_000);

  // A failed test leaves its dev running; the next one must not meet it (the kept plane is one folder).
  afterEach(async () => {
    await Promise.all(terminals.splice(0).map((t) => t.stop()));
  });

  afterAll(() => project?.remove());

  it('runs the example, reloads on handler and CRD edits, and stops on Ctrl-C leaving nothing but the kept data', async () => {
    const dev = startDev('node_modules/.bin/gen-operator dev --keep');
    const exported = await dev.waitFor(/export KUBECONFIG=(\S+)/);
    expect(exported.match[1]).toBe(join(project.dir, '.gen-operator', 'dev', 'plane', 'admin.kubeconfig'));
    let at = (await dev.waitFor(/applied Demo example-demo/)).end;
    at = (await dev.waitFor(/\[createDemo\] Demo example-demo created/, 120_000, at)).end;

    // A handler edit: one restart, and the reloaded operator runs the new code on the example
    // (its create handler again while the Demo status keeps no progress; a resume handler otherwise).
    edit(
      'src/handlers/demo.ts',
      (text) =>
        `${text.replace('created`', 'created (edit 1)`')}\non.resume(Demo, async ({ name, logger }) => logger.info(\`Demo \${name} resumed (edit 1)\`));\n`,
    );
    at = (await dev.waitFor(/src\/handlers\/demo\.ts changed: restarting the operator/, 60_000, at)).end;
    at = (await dev.waitFor(/Demo example-demo (created|resumed) \(edit 1\)/, 60_000, at)).end;

    // A CRD edit: the types are regenerated, the CRD installed again, the operator restarted.
    edit('crds/demo.yaml', (text) =>
      text.replace(
        /\n( +)name:\n( +)type: string\n/,
        (found, key: string, value: string) => `${found}${key}colour:\n${value}type: string\n`,
      ),
    );
    at = (await dev.waitFor(/crds\/demo\.yaml changed: regenerating/, 60_000, at)).end;
    at = (await dev.waitFor(/regenerated: .*src\/resources\/demo\.ts/, 60_000, at)).end;
    at = (await dev.waitFor(/CRD demo\.devoops\.io installed/, 60_000, at)).end;
    at = (await dev.waitFor(/restarting the operator/, 60_000, at)).end;
    at = (await dev.waitFor(/Demo example-demo (created|resumed) \(edit 1\)/, 60_000, at)).end;
    expect(readFileSync(join(project.dir, 'src', 'resources', 'demo.ts'), 'utf8')).toMatch(/colour\?: string/);

    // An invalid CRD: its diagnostics with file:line, and the operator keeps running.
    edit('crds/demo.yaml', (text) => text.replace('type: string\n', 'type: strung\n'));
    at = (await dev.waitFor(/crds\/demo\.yaml:\d+:\d+/, 60_000, at)).end;
    at = (await dev.waitFor(/the operator keeps running/, 60_000, at)).end;
    expect(dev.text.slice(at)).not.toMatch(/restarting the operator/);

    dev.interrupt();
    expect(await dev.exited).toBe(0);
    expect(dev.text).toMatch(/stopping the control plane \(its data is kept\)/);
    await nothingLeft();
    expect(existsSync(join(project.dir, '.gen-operator', 'dev', 'plane', 'etcd'))).toBe(true);
  });

  it('starts again from the kept data: the example is there before examples/ is applied', async () => {
    // The example's file is gone: only the kept etcd can bring the object back.
    edit('crds/demo.yaml', (text) => text.replace('type: strung\n', 'type: string\n'));
    const example = readFileSync(join(project.dir, 'examples', 'demo.yaml'), 'utf8');
    writeFileSync(join(project.dir, 'examples', 'demo.yaml'), '');
    try {
      const dev = startDev('node_modules/.bin/gen-operator dev --keep');
      await dev.waitFor(/Demo example-demo (created|resumed) \(edit 1\)/);
      dev.interrupt();
      expect(await dev.exited).toBe(0);
      await nothingLeft();
    } finally {
      writeFileSync(join(project.dir, 'examples', 'demo.yaml'), example);
    }
  });

  it('npm run dev, without --keep: notes and errors for examples, a crash waits for the next edit, the plane is removed at the end', async () => {
    writeFileSync(
      join(project.dir, 'examples', 'extra.yaml'),
      'apiVersion: nope.example.com/v1\nkind: Nope\nmetadata:\n  name: nope\n---\napiVersion: devoops.io/v1\nkind: Demo\nmetadata:\n  name: bad-demo\nspec: {}\n',
    );
    const dev = startDev('npm run dev');
    const exported = await dev.waitFor(/export KUBECONFIG=(\S+)/);
    const planeDir = join(exported.match[1] ?? '', '..');
    await dev.waitFor(/examples\/extra\.yaml:1:1: skipped Nope nope: the cluster serves no Nope in nope\.example\.com\/v1/);
    await dev.waitFor(/examples\/extra\.yaml:6:1: Demo bad-demo was refused: .*spec\.name/);
    let at = (await dev.waitFor(/operator started/)).end;
    expect(existsSync(planeDir)).toBe(true);

    // A handler that throws as it loads: the crash is shown once, and nothing starts until the next edit.
    const handler = readFileSync(join(project.dir, 'src', 'handlers', 'demo.ts'), 'utf8');
    edit('src/handlers/demo.ts', (text) => `throw new Error('broken on purpose');\n${text}`);
    at = (await dev.waitFor(/the operator exited with code 1; dev starts it again at the next change/, 60_000, at)).end;
    writeFileSync(join(project.dir, 'src', 'handlers', 'demo.ts'), handler);
    const restart = await dev.waitFor(/src\/handlers\/demo\.ts changed: restarting the operator/, 60_000, at);
    expect(dev.text.slice(at, restart.end)).not.toMatch(/operator started/);
    await dev.waitFor(/operator started/, 60_000, restart.end);

    dev.interrupt();
    await dev.waitFor(/dev │ stopped/);
    // npm, in the same foreground group, got the SIGINT too and says so in its own exit code.
    expect([0, 130]).toContain(await dev.exited);
    await nothingLeft();
    expect(existsSync(planeDir)).toBe(false);
  });

  it('a second Ctrl-C while stopping kills what is left at once', async () => {
    // An operator whose cleanup outlasts dev's stop grace (5 s) holds dev in its stop, so the second
    // Ctrl-C surely comes while it is stopping (a plane alone may stop before the key reaches it).
    const main = join(project.dir, 'src', 'main.ts');
    const original = readFileSync(main, 'utf8');
    edit('src/main.ts', (text) =>
      text.replace("logger.info('stopping');", "logger.info('stopping');\n  await new Promise((resolve) => setTimeout(resolve, 60_000));"),
    );
    expect(readFileSync(main, 'utf8')).not.toBe(original);
    try {
      const dev = startDev('node_modules/.bin/gen-operator dev');
      await dev.waitFor(/watching src\/ and crds\//);
      dev.interrupt();
      await dev.waitFor(/stopping the operator…/);
      dev.interrupt();
      expect(await dev.exited).toBe(130);
      await nothingLeft();
    } finally {
      writeFileSync(main, original);
    }
  });

  it('killed with SIGKILL, leaves nothing: the watchdogs stop the operator and the plane, and remove its folder', async () => {
    const dev = startDev('node_modules/.bin/gen-operator dev');
    const exported = await dev.waitFor(/export KUBECONFIG=(\S+)/);
    const planeDir = join(exported.match[1] ?? '', '..');
    await dev.waitFor(/watching src\/ and crds\//);
    // node itself, not the shell or `script` around it.
    const devProcess = leftOver().find((p) => /^\S*node \S*gen-operator dev$/.test(p.command));
    expect(devProcess).toBeDefined();
    process.kill(devProcess?.pid ?? 0, 'SIGKILL');
    await nothingLeft();
    await eventually('the plane folder to be removed', () => !existsSync(planeDir), 30_000);
  });

  it('--kubeconfig: works on a cluster it did not start, and leaves that cluster running', async () => {
    const plane = await startControlPlane({ controllerManager: false });
    try {
      const dev = startDev(`node_modules/.bin/gen-operator dev --kubeconfig ${plane.kubeconfigPath}`);
      const exported = await dev.waitFor(/export KUBECONFIG=(\S+)/);
      expect(exported.match[1]).toBe(plane.kubeconfigPath);
      await dev.waitFor(/Demo example-demo created/);
      expect(await plane.exists('/apis/devoops.io/v1/namespaces/default/demo/example-demo')).toBe(true);
      dev.interrupt();
      expect(await dev.exited).toBe(0);
      expect(dev.text).not.toMatch(/stopping the control plane/);
      await nothingLeft();
      expect(plane.pids.every((pid) => processRunning(pid))).toBe(true);
    } finally {
      await plane.stop();
    }
  });
});
