import { createInterface } from 'node:readline';
import { ProcessGroup, Reaper, signalGroup } from '@gen-operator/testing';
import type { DevPrinter } from './printer.js';

/** How long the operator gets to finish its handlers and clean up after SIGTERM before SIGKILL. */
export const STOP_GRACE_MS = 5_000;

export interface OperatorCommand {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** `node --import tsx src/main.ts`: the operator from its sources, no build step between an edit and a run. */
export function operatorCommand(project: string, kubeconfigPath: string, env: NodeJS.ProcessEnv = process.env): OperatorCommand {
  return {
    command: process.execPath,
    // tsx from this package, so a project needs nothing more than gen-operator for dev.
    args: ['--enable-source-maps', '--import', import.meta.resolve('tsx'), 'src/main.ts'],
    cwd: project,
    env: {
      ...env,
      KUBECONFIG: kubeconfigPath,
      LOG_FORMAT: 'pretty',
      // Any free port: a second project in dev, or a deployed operator's port-forward, may hold 8080.
      GEN_OPERATOR_PORT: '0',
    },
  };
}

/**
 * The operator as a child process group: started, stopped (SIGTERM, SIGKILL after a grace) and
 * restarted by dev, its output shown line by line. An exit dev did not ask for is reported once and
 * not restarted: the next edit starts it again. A watchdog kills the group if dev itself is killed.
 */
export class OperatorSupervisor {
  private group: ProcessGroup | undefined;
  private readonly reaper = new Reaper();
  private stopping = false;

  constructor(
    private readonly command: OperatorCommand,
    private readonly printer: DevPrinter,
  ) {}

  get pid(): number | undefined {
    return this.group?.exit ? undefined : this.group?.pid;
  }

  start(): void {
    const group = new ProcessGroup(this.command.command, this.command.args, {
      cwd: this.command.cwd,
      env: this.command.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.group = group;
    this.stopping = false;
    this.reaper.watch(group.pid);
    for (const stream of [group.child.stdout, group.child.stderr]) {
      if (stream) createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => this.printer.operator(line));
    }
    this.printer.step(`operator started (pid ${group.pid ?? '?'})`);
    void group.exited.then((exit) => {
      if (this.group !== group || this.stopping) return;
      const how = group.launchError
        ? `could not start: ${group.launchError.message}`
        : exit.signal
          ? `was killed by ${exit.signal}`
          : `exited with code ${exit.code}`;
      this.printer.error(`the operator ${how}; dev starts it again at the next change under src/ (Ctrl-C quits)`);
    });
  }

  /** Stops the running operator, if any; resolves when its whole group is gone. */
  async stop(graceMs = STOP_GRACE_MS): Promise<void> {
    const group = this.group;
    if (!group || group.exit) return;
    this.stopping = true;
    const { forced } = await group.stop(graceMs);
    if (forced) this.printer.warn(`the operator did not stop within ${graceMs / 1000} s of SIGTERM; killed`);
  }

  async restart(): Promise<void> {
    await this.stop();
    this.start();
  }

  /** SIGKILL to the group now (a second Ctrl-C). */
  kill(): void {
    const pid = this.pid;
    this.stopping = true;
    if (pid) signalGroup(pid, 'SIGKILL');
  }

  /** Ends the watchdog once the operator is stopped on purpose. */
  release(): void {
    this.reaper.release();
  }
}
