/** Running commands and long-lived processes from cross-package tests, with their output kept for failures. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TestProcess } from '@gen-operator/testing';
import { signalGroup, withRunMark } from '../../packages/testing/src/process/group.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const genOperatorCli = fileURLToPath(new URL('../../packages/gen-operator/dist/cli/main.js', import.meta.url));

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC.
const ANSI = /\x1b\[[0-9;]*m/g;
const stripAnsi = (text: string) => text.replace(ANSI, '');

export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): CommandResult {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: withRunMark(options.env ?? process.env),
    input: options.input,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 300_000,
    maxBuffer: 64 * 1024 * 1024,
    // A group of its own: a timeout kills only the command, so what it started is killed below.
    // (spawnSync honours `detached` as spawn does; its types leave it out.)
    ...({ detached: true } as object),
  });
  if (result.pid) signalGroup(result.pid, 'SIGKILL');
  return {
    status: result.status,
    stdout: stripAnsi(result.stdout ?? ''),
    stderr: stripAnsi(`${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}`),
  };
}

/** Like run(), but throws with the command's output when it does not exit 0. */
export function runOk(command: string, args: string[], options: Parameters<typeof run>[2] = {}): CommandResult {
  const result = run(command, args, options);
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}\n--- stdout\n${result.stdout.slice(-4000)}\n--- stderr\n${result.stderr.slice(-4000)}`,
    );
  }
  return result;
}

export function kubectl(kubeconfig: string, args: string[], input?: string): CommandResult {
  const result = run('kubectl', ['--kubeconfig', kubeconfig, ...args], input === undefined ? {} : { input });
  // kubectl 1.32 against 1.37 warns about the version skew; that is not an error of ours.
  return { ...result, stderr: result.stderr.replace(/^.*version difference.*\n?/gim, '') };
}

/** A long-running process (an operator under test) in a group of its own, its output lines kept; see TestProcess. */
export class RunningProcess extends TestProcess {
  /** JSON log lines (the runtime logs pino JSON); other lines are skipped. */
  jsonLines(): Record<string, unknown>[] {
    return this.lines.flatMap((line) => {
      try {
        const value = JSON.parse(line) as unknown;
        return value && typeof value === 'object' ? [value as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
  }
}

/** Polls until `check` gives a value other than undefined/false; fails with `describe()` of the last state. */
export async function eventually<V>(
  what: string,
  check: () => Promise<V | undefined | false> | V | undefined | false,
  timeoutMs = 60_000,
  describe?: () => string,
): Promise<V> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > until) {
      const detail = describe?.() ?? (lastError instanceof Error ? lastError.message : '');
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${detail ? `\n${detail}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
