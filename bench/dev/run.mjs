// gen-operator dev, timed in a generated Demo project (cached control-plane binaries):
//   start  from `npm run dev` to the first run of the example's create handler (dev starts its plane);
//   attach from `gen-operator dev --kubeconfig` (a plane already up) to that run, beside `kopf run`
//          on the same example against a plane already up;
//   reload from saving an edited handler file to the reloaded operator's first handler run on the
//          example (the new log line).
// Usage: npm run build && node bench/dev/run.mjs      (REPS=5 by default; RELOADS=5 edits per start)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { installCrds, startControlPlane, startProcess } from '../../packages/testing/dist/index.js';
import { ensureVenv } from '../lib/ensure-installed.mjs';
import { stopEverythingOnSignal } from '../lib/operator-process.mjs';
import { median } from '../lib/stats.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const REPS = Number(process.env.REPS ?? 5);
const RELOADS = Number(process.env.RELOADS ?? 5);
const TIMEOUT_MS = 120_000;
const POLL_MS = 5;
const CREATED = /Demo example-demo created/;

let plane;
let root;
stopEverythingOnSignal(async () => {
  await plane?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Polls `process_`'s output lines from `from` on until one matches; resolves with the time it was seen. */
async function lineTime(process_, pattern, from = 0) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const index = process_.lines.slice(from).findIndex((line) => pattern.test(line));
    if (index >= 0) return { at: performance.now(), next: from + index + 1 };
    if (Date.now() > deadline)
      throw new Error(`no line matching ${pattern} after ${TIMEOUT_MS / 1000} s:\n${process_.lines.slice(-20).join('\n')}`);
    await sleep(POLL_MS);
  }
}

const seconds = (ms) => (ms / 1000).toFixed(2);

console.log('generating and installing a Demo project…');
root = mkdtempSync(join(tmpdir(), 'bench-dev-'));
const project = join(root, 'demo-operator');
execFileSync(process.execPath, [
  here('../../packages/gen-operator/dist/cli/main.js'),
  here('../../crds/demo.yaml'),
  '--out',
  project,
  '--quiet',
]);
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent'], { cwd: project, stdio: 'inherit' });
const handlerFile = join(project, 'src', 'handlers', 'demo.ts');
const handler = readFileSync(handlerFile, 'utf8');
const devCli = join(project, 'node_modules', '.bin', 'gen-operator');
const env = { ...process.env, NO_COLOR: '1' };

const starts = [];
const attaches = [];
const kopfs = [];
const reloads = [];
try {
  for (let rep = 0; rep < REPS; rep++) {
    // start + reload: dev with its own plane, the example applied by dev.
    writeFileSync(handlerFile, handler);
    let t0 = performance.now();
    const dev = startProcess('npm', ['run', 'dev'], { cwd: project, env });
    let seen = await lineTime(dev, CREATED);
    starts.push(seen.at - t0);
    for (let edit = 1; edit <= RELOADS; edit++) {
      const marker = `(edit ${rep}.${edit})`;
      // The create handler runs again on the example after a restart while the Demo status keeps no
      // progress (the runtime keeps it in annotations there); a resume handler covers the other case.
      const edited = `${handler.replace('created`', `created ${marker}\``)}\non.resume(Demo, async ({ name, logger }) => logger.info(\`Demo \${name} resumed ${marker}\`));\n`;
      t0 = performance.now();
      writeFileSync(handlerFile, edited);
      seen = await lineTime(dev, new RegExp(`Demo example-demo (created|resumed) \\(edit ${rep}\\.${edit}\\)`), seen.next);
      reloads.push(seen.at - t0);
    }
    await dev.stop('SIGINT', 15_000);
    writeFileSync(handlerFile, handler);

    // attach and kopf: the same stage for both, a plane already up with the CRD installed and the
    // example created; dev then applies both again (unchanged) as part of its start.
    for (const peer of ['gen-operator dev --kubeconfig', 'kopf run']) {
      plane = await startControlPlane({ controllerManager: false });
      await installCrds(plane, [join(project, 'crds', 'demo.yaml')]);
      await plane.request('POST', '/apis/devoops.io/v1/namespaces/default/demo', {
        apiVersion: 'devoops.io/v1',
        kind: 'Demo',
        metadata: { name: 'example-demo' },
        spec: { name: 'example' },
      });
      const [command, args, cwd] =
        peer === 'kopf run'
          ? [
              join(ensureVenv(here('requirements.txt')), 'kopf'),
              ['run', '--standalone', '--namespace', 'default', here('kopf_operator.py')],
              root,
            ]
          : [devCli, ['dev', '--kubeconfig', plane.kubeconfigPath], project];
      t0 = performance.now();
      const operator = startProcess(command, args, { cwd, env: { ...env, KUBECONFIG: plane.kubeconfigPath } });
      const { at } = await lineTime(operator, CREATED);
      (peer === 'kopf run' ? kopfs : attaches).push(at - t0);
      await operator.stop('SIGINT', 15_000);
      await plane.stop();
      plane = undefined;
    }
  }
} finally {
  await plane?.stop();
  rmSync(root, { recursive: true, force: true });
}

const row = (what, xs) =>
  console.log(`| ${what} | ${seconds(median(xs))} | ${seconds(Math.min(...xs))} | ${seconds(Math.max(...xs))} | ${xs.length} |`);
console.log(`\nload average (1 min) at the end: ${loadavg()[0].toFixed(2)}; seconds\n`);
console.log('| measure | median | min | max | runs |');
console.log('|---|---|---|---|---|');
row('`npm run dev` → first create handler run (starts its plane)', starts);
row('`gen-operator dev --kubeconfig` → first create handler run (plane up)', attaches);
row('`kopf run` → first create handler run (plane up, object created before)', kopfs);
row("handler saved → reloaded operator's first handler run", reloads);
