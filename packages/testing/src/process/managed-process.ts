/**
 * One control-plane process: its own process group (so stop() takes its children too), output to a
 * log file, and the last lines kept in memory for error messages.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { DEFAULT_GRACE_MS, ProcessGroup, type StopOutcome } from './group.js';

const TAIL_LINES = 40;

export class ProcessExitedError extends Error {
  constructor(
    readonly processName: string,
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly logTail: string,
    readonly logFile: string,
  ) {
    super(
      `${processName} exited at start (${signal ? `signal ${signal}` : `exit code ${exitCode}`}). Last lines of ${logFile}:\n${logTail}`,
    );
  }
}

export interface ManagedProcessOptions {
  name: string;
  binary: string;
  args: string[];
  logFile: string;
  env?: NodeJS.ProcessEnv;
}

export class ManagedProcess {
  private group: ProcessGroup | undefined;
  private log: WriteStream | undefined;
  private readonly tail: string[] = [];

  constructor(private readonly options: ManagedProcessOptions) {}

  get name(): string {
    return this.options.name;
  }

  get pid(): number | undefined {
    return this.group?.pid;
  }

  get running(): boolean {
    return this.group !== undefined && this.group.exit === undefined;
  }

  start(): void {
    this.tail.length = 0;
    this.log = createWriteStream(this.options.logFile, { flags: 'a' });
    const group = new ProcessGroup(this.options.binary, this.options.args, { env: this.options.env ?? process.env });
    this.group = group;
    const record = (chunk: Buffer) => {
      this.log?.write(chunk);
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        this.tail.push(line);
        if (this.tail.length > TAIL_LINES) this.tail.shift();
      }
    };
    const { child } = group;
    child.stdout?.on('data', record);
    child.stderr?.on('data', record);
    child.on('error', (error) => this.tail.push(`failed to launch ${this.options.binary}: ${error.message}`));
    // A test or script must not wait on the control plane to exit; stop() holds the loop while it waits.
    child.unref();
    (child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
    (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
  }

  logTail(): string {
    return this.tail.join('\n');
  }

  /** Throws ProcessExitedError if the process has exited. */
  assertRunning(): void {
    const exit = this.group?.exit;
    if (exit) throw new ProcessExitedError(this.name, exit.code, exit.signal, this.logTail(), this.options.logFile);
  }

  /** SIGTERM to the whole group, SIGKILL after the grace period (said on stderr: a stop should never need it). */
  async stop(graceMs = DEFAULT_GRACE_MS): Promise<StopOutcome | undefined> {
    const outcome = this.group?.exit ? undefined : await this.group?.stop(graceMs);
    if (outcome?.forced) {
      process.stderr.write(`@gen-operator/testing: ${this.name} did not stop within ${graceMs} ms of SIGTERM; killed with SIGKILL.\n`);
    }
    await this.closeLog();
    return outcome;
  }

  /** Immediate SIGKILL, as a crash would. */
  async kill(): Promise<void> {
    if (!this.group?.exit) await this.group?.kill();
    await this.closeLog();
  }

  private closeLog(): Promise<void> {
    const log = this.log;
    this.log = undefined;
    return new Promise((resolve) => (log ? log.end(resolve) : resolve()));
  }
}
