/**
 * Processes a test starts (the operator under test, `npm start`, a CLI): each leads a process group
 * of its own, its output lines are kept for assertions and failure messages, and each one is tracked
 * until its whole group is gone. stopProcesses() in an afterAll stops what a file left running, on
 * success, failure or timeout alike; if this process exits first, the groups are killed on the way out.
 */
import { DEFAULT_GRACE_MS, type GroupOptions, ProcessGroup, settlesWithin, signalGroup } from './group.js';
import { groupAlive } from './proc.js';

const OUTPUT_AFTER_EXIT_MS = 2_000;
const tracked = new Set<TestProcess>();
let exitHook = false;

function track(process_: TestProcess): void {
  tracked.add(process_);
  if (exitHook) return;
  exitHook = true;
  // Synchronous by necessity: nothing asynchronous runs in an exit handler.
  process.on('exit', () => {
    for (const running of tracked) if (running.pid) signalGroup(running.pid, 'SIGKILL');
  });
}

export type StartProcessOptions = Omit<GroupOptions, 'stdio'>;

export class TestProcess {
  /** Output lines (stdout and stderr interleaved as they came), blank lines left out. */
  readonly lines: string[] = [];
  /** Everything on stdout, as it came. */
  stdout = '';
  /** Everything on stderr, as it came. */
  stderr = '';
  /** The exit code (null when a signal ended it), once the output has been read to its end. */
  readonly exited: Promise<number | null>;
  private readonly group: ProcessGroup;

  constructor(command: string, args: readonly string[], options: StartProcessOptions = {}) {
    this.group = new ProcessGroup(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const ends: Promise<void>[] = [];
    for (const name of ['stdout', 'stderr'] as const) {
      const stream = this.group.child[name];
      if (!stream) continue;
      let partial = '';
      stream.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        this[name] += text;
        const parts = (partial + text).split('\n');
        partial = parts.pop() ?? '';
        this.lines.push(...parts.filter((line) => line.trim()));
      });
      ends.push(
        new Promise((resolve) =>
          stream.on('close', () => {
            if (partial.trim()) this.lines.push(partial);
            resolve();
          }),
        ),
      );
    }
    this.exited = this.group.exited.then(async (exit) => {
      // The last output can come just after the exit; something that left the group may hold the pipe for ever.
      await settlesWithin(OUTPUT_AFTER_EXIT_MS, Promise.all(ends));
      if (this.group.launchError) this.lines.push(`failed to start ${command}: ${this.group.launchError.message}`);
      if (this.pid === undefined || !groupAlive(this.pid)) tracked.delete(this);
      return exit.code;
    });
    track(this);
  }

  get pid(): number | undefined {
    return this.group.pid;
  }

  output(): string {
    return this.lines.join('\n');
  }

  /** `signal` to the whole group (SIGKILL after `graceMs` for what is left); resolves with the exit code once all of it is gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = DEFAULT_GRACE_MS): Promise<number | null> {
    await this.group.stop(graceMs, signal);
    tracked.delete(this);
    return this.exited;
  }
}

/** Starts `command` in a process group of its own, tracked until stopProcesses(). */
export function startProcess(command: string, args: readonly string[], options: StartProcessOptions = {}): TestProcess {
  return new TestProcess(command, args, options);
}

/** Stops every process started here whose group still runs: SIGTERM, SIGKILL after `graceMs`. For an afterAll. */
export async function stopProcesses(graceMs = DEFAULT_GRACE_MS): Promise<void> {
  await Promise.all([...tracked].map((running) => running.stop('SIGTERM', graceMs)));
}
