/**
 * One control-plane process: its own process group (so stop() takes its children too), output to a
 * log file, and the last lines kept in memory for error messages.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

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
  private child: ChildProcess | undefined;
  private log: WriteStream | undefined;
  private readonly tail: string[] = [];
  private exited: Promise<void> = Promise.resolve();
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  constructor(private readonly options: ManagedProcessOptions) {}

  get name(): string {
    return this.options.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.exitInfo === undefined;
  }

  start(): void {
    this.exitInfo = undefined;
    this.tail.length = 0;
    this.log = createWriteStream(this.options.logFile, { flags: 'a' });
    const child = spawn(this.options.binary, this.options.args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: this.options.env ?? process.env,
    });
    this.child = child;
    const record = (chunk: Buffer) => {
      this.log?.write(chunk);
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        this.tail.push(line);
        if (this.tail.length > TAIL_LINES) this.tail.shift();
      }
    };
    child.stdout?.on('data', record);
    child.stderr?.on('data', record);
    this.exited = new Promise((resolve) => {
      child.on('error', (error) => {
        this.tail.push(`failed to launch ${this.options.binary}: ${error.message}`);
        this.exitInfo = { code: null, signal: null };
        resolve();
      });
      child.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve();
      });
    });
    // The test process must not wait on the control plane to exit.
    child.unref();
    (child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
    (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
  }

  logTail(): string {
    return this.tail.join('\n');
  }

  /** Throws ProcessExitedError if the process has exited. */
  assertRunning(): void {
    if (this.exitInfo) {
      throw new ProcessExitedError(this.name, this.exitInfo.code, this.exitInfo.signal, this.logTail(), this.options.logFile);
    }
  }

  /** SIGTERM to the whole group, SIGKILL after the grace period. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child?.pid || this.exitInfo) {
      this.log?.end();
      return;
    }
    signalGroup(child.pid, 'SIGTERM');
    const done = await Promise.race([this.exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!done) {
      signalGroup(child.pid, 'SIGKILL');
      await this.exited;
    }
    this.log?.end();
  }

  /** Immediate SIGKILL, as a crash would. */
  async kill(): Promise<void> {
    if (this.child?.pid && !this.exitInfo) {
      signalGroup(this.child.pid, 'SIGKILL');
      await this.exited;
    }
    this.log?.end();
  }
}

export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
