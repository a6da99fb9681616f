// An operator under measurement: its own process group (startProcess from @gen-operator/testing),
// its peak RSS and CPU read from /proc, and stopped with its whole group. On Ctrl-C or SIGTERM the
// bench stops every operator and the control plane before it exits, so nothing is left behind.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess, stopProcesses } from '../../packages/testing/dist/index.js';
import { ensureVenv } from './ensure-installed.mjs';

const SAMPLE_MS = 100;

const procStatusMiB = (pid, key) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${key}:`));
  return Number(line.split(/\s+/)[1]) / 1024;
};
const cpuSeconds = (pid) => {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

/**
 * The operators a bench knows (name → a function preparing its `{ command, args }`) that OPERATORS=a,b
 * names, all when it is unset, each prepared (installed, built) only when wanted. `others` are names
 * known elsewhere (peers the caller prepares itself). Exits 2 on a name nobody knows.
 */
export function chooseOperators(operators, others = []) {
  const only = process.env.OPERATORS?.split(',');
  const unknown = (only ?? []).filter((name) => !(name in operators) && !others.includes(name));
  if (unknown.length > 0) {
    console.error(`unknown operator: ${unknown.join(', ')} (there are: ${[...Object.keys(operators), ...others].join(', ')})`);
    process.exit(2);
  }
  const launchers = {};
  for (const [name, prepare] of Object.entries(operators)) if (!only || only.includes(name)) launchers[name] = prepare();
  return { launchers, only };
}

/** kopf in a venv of `dir/requirements.txt`, running `dir/kopf_operator.py` in NAMESPACE only. */
export const kopfOperator = (dir) => () => ({
  command: join(ensureVenv(join(dir, 'requirements.txt')), 'kopf'),
  args: ['run', '--standalone', '--quiet', '--namespace', '{NAMESPACE}', join(dir, 'kopf_operator.py')],
});

/**
 * Starts `command` (`{NAMESPACE}` in `args` is env.NAMESPACE) with `env` and the launcher's own
 * variables, and samples its peak RSS (VmHWM) until stop().
 */
export function launchOperator({ command, args, env: own = {} }, env) {
  const process_ = startProcess(
    command,
    args.map((arg) => arg.replaceAll('{NAMESPACE}', env.NAMESPACE)),
    { env: { ...env, ...own } },
  );
  let peakMiB = 0;
  let cpu = Number.NaN;
  const sample = () => {
    try {
      peakMiB = Math.max(peakMiB, procStatusMiB(process_.pid, 'VmHWM'));
      cpu = cpuSeconds(process_.pid);
    } catch {
      // Exited: the last sample stands.
    }
  };
  const sampler = setInterval(sample, SAMPLE_MS);
  let exitCode;
  process_.exited.then((code) => {
    exitCode = code;
  });
  return {
    process: process_,
    /** Peak RSS so far, in MiB. */
    peakMiB: () => {
      sample();
      return peakMiB;
    },
    /** User + system CPU so far, in seconds. */
    cpuSeconds: () => {
      sample();
      return cpu;
    },
    /** `promise`'s value, or undefined as soon as the operator exits (a crash need not wait for a timeout). */
    whileRunning: (promise) => Promise.race([promise, process_.exited.then(() => undefined)]),
    /** Why a wait ended without the result: how the operator exited, or the timeout. */
    whyNot: (timeoutMs) => (exitCode !== undefined ? `exited with ${exitCode}` : `after ${timeoutMs / 1000} s`),
    /** The last lines it printed, for a report when it did not converge. */
    tail: (lines = 20) => process_.lines.slice(-lines).join('\n'),
    async stop() {
      sample();
      clearInterval(sampler);
      await process_.stop('SIGTERM', 5_000);
    },
  };
}

/**
 * On SIGINT or SIGTERM: stop every operator this bench started, then `cleanup()` (the control plane),
 * then exit 130. A second signal exits at once (the process's exit hook still kills the groups, and
 * the control plane's watchdog takes the plane down when this process ends).
 */
export function stopEverythingOnSignal(cleanup) {
  let stopping = false;
  const onSignal = async () => {
    if (stopping) process.exit(130);
    stopping = true;
    // Requests in flight fail as the plane goes away: expected now, not worth a stack trace.
    process.on('uncaughtException', () => undefined);
    process.on('unhandledRejection', () => undefined);
    process.stderr.write('\nstopping the operators and the control plane…\n');
    try {
      await stopProcesses(2_000);
      await cleanup();
    } finally {
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
