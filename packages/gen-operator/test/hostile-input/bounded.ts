import { spawn } from 'node:child_process';
import { cliPath, repoDir } from '../helpers.js';

/**
 * The bounds every hostile input must stay within, whatever it holds. The largest input that is
 * read at all (a 32 MiB file of dense objects) peaks at about 340–400 MiB RSS and 250 MiB of heap,
 * so the caps leave it room (a cap it brushes against fails at random); an input that blows up
 * (an alias bomb read as a tree took 2.7 GB) still meets them.
 */
export const HEAP_MIB = 512;
export const RSS_MIB = 700;
export const TIME_MS = 60_000;

export interface BoundedRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Peak resident memory of the CLI process, in MiB. */
  maxRssMib: number;
  timedOut: boolean;
}

// Runs main() of the built CLI in a child whose heap is capped, and reports the child's own peak RSS
// (process.resourceUsage) on a last stderr line: a hang is killed, a memory blow-up fails the heap cap.
const RUNNER = `
const { main } = await import(process.env.GEN_OPERATOR_CLI_PROGRAM);
const code = await main(process.argv.slice(1));
process.stderr.write('\\nmax-rss-kib=' + process.resourceUsage().maxRSS + '\\n');
process.exitCode = code;
`;

/** Runs the CLI as a user would, with a heap cap, a time limit and its peak memory measured. */
export function runBounded(args: readonly string[], cwd = repoDir): Promise<BoundedRun> {
  const program = cliPath.replace(/main\.js$/, 'program.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MIB}`, '--input-type=module', '-e', RUNNER, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', GEN_OPERATOR_CACHE: 'off', GEN_OPERATOR_CLI_PROGRAM: program },
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, TIME_MS);
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const rss = /\nmax-rss-kib=(\d+)\n$/.exec(stderr);
      resolve({
        code: code ?? -1,
        stdout,
        stderr: rss ? stderr.slice(0, rss.index) : stderr,
        maxRssMib: rss ? Number(rss[1]) / 1024 : Number.NaN,
        timedOut,
      });
    });
  });
}

/** The bounds hold: no hang, no memory blow-up, and an exit code that is not "internal error". */
export function withinBounds(run: BoundedRun): string | undefined {
  if (run.timedOut) return `timed out after ${TIME_MS} ms`;
  if (!(run.maxRssMib < RSS_MIB)) return `peak RSS ${run.maxRssMib.toFixed(0)} MiB (limit ${RSS_MIB})\n${run.stderr}`;
  if (run.code === 3 || run.code > 3 || run.code < 0) return `exit ${run.code}\n${run.stderr}`;
  return undefined;
}
