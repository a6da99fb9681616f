import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hasErrors } from '../diagnostics.js';
import { generate } from '../generate.js';
import { describeFiles, planReload, type Reload } from './changes.js';
import { ClusterError, type DevCluster, openCluster } from './cluster.js';
import { applyExamples, installCrds } from './installer.js';
import { OperatorSupervisor, operatorCommand } from './operator.js';
import type { DevPrinter } from './printer.js';
import { ProjectWatcher } from './watcher.js';

export interface DevOptions {
  /** The project folder (absolute). */
  project: string;
  /** An existing cluster's kubeconfig: no plane is started. */
  kubeconfig?: string;
  /** Keep the plane's data in the project (.gen-operator/dev/plane) and reuse it next time. */
  keep: boolean;
  /** Quiet time after the last change before a reload. */
  debounceMs: number;
  /** The environment the operator inherits; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Resolves when dev should stop (the first Ctrl-C or SIGTERM). */
  stopRequested: Promise<void>;
  /** Resolves when dev should stop at once (a second one): SIGKILL to the operator and the plane. */
  forceRequested?: Promise<void>;
}

/** The project is not one dev can run (exit 2: usage). */
export class DevProjectError extends Error {}

/**
 * `gen-operator dev`: a cluster (started, or --kubeconfig), crds/ installed, examples/ applied, the
 * operator run from src/ and restarted on every change there; a change under crds/ regenerates the
 * project and reinstalls the CRDs first. Ends when `stopRequested` resolves, having stopped
 * everything it started. Returns the exit code.
 */
export async function runDev(options: DevOptions, printer: DevPrinter): Promise<number> {
  const { project } = options;
  if (!existsSync(join(project, 'src', 'main.ts')))
    throw new DevProjectError(
      `${project}: no src/main.ts; run gen-operator dev in a project gen-operator made (where package.json's "dev" script is)`,
    );
  let stopping = false;
  void options.stopRequested.then(() => {
    stopping = true;
  });

  const started = Date.now();
  printer.step(options.kubeconfig ? `using the cluster of ${options.kubeconfig}` : 'starting a control plane (etcd, kube-apiserver)…');
  let cluster: DevCluster;
  try {
    cluster = await openCluster(options);
  } catch (error) {
    if (error instanceof ClusterError) {
      printer.error(error.message);
      return 1;
    }
    throw error;
  }
  const session = new Session(options, printer, cluster);
  void options.forceRequested?.then(() => session.kill());
  try {
    if (cluster.started)
      printer.done(
        `control plane ready in ${((Date.now() - started) / 1000).toFixed(1)} s${cluster.keptDir ? ` (kept in ${relative(project, cluster.keptDir)})` : ''}; for kubectl in another terminal:`,
      );
    else printer.step('for kubectl in another terminal:');
    printer.command(`export KUBECONFIG=${cluster.kubeconfigPath}`);
    if (!stopping) await session.begin();
    await options.stopRequested;
  } catch (error) {
    // The cluster refused or went away during the start: said plainly, not as a crash of dev.
    printer.error(error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    await session.end();
  }
  return 0;
}

class Session {
  private readonly operator: OperatorSupervisor;
  private watcher: ProjectWatcher | undefined;
  /** Reloads run one at a time; changes during one are batched into the next. */
  private queue: Promise<void> = Promise.resolve();
  private pending = new Set<string>();
  /** Files the generator wrote in the last reload: their change events are dev's own echo. */
  private ownWrites = new Set<string>();

  constructor(
    private readonly options: DevOptions,
    private readonly printer: DevPrinter,
    private readonly cluster: DevCluster,
  ) {
    this.operator = new OperatorSupervisor(operatorCommand(options.project, cluster.kubeconfigPath, options.env), printer);
  }

  async begin(): Promise<void> {
    const { project } = this.options;
    this.watcher = new ProjectWatcher(project, this.options.debounceMs, (paths) => this.changed(paths));
    await installCrds(this.cluster.kubeconfigPath, project, this.printer);
    // The operator's start (node, tsx, its imports: about a second) overlaps the examples' apply;
    // it sees them as they come, as it would in a cluster.
    this.operator.start();
    await applyExamples(this.cluster.kubeconfigPath, project, this.printer);
    this.printer.step('watching src/ and crds/; Ctrl-C stops everything');
  }

  private changed(paths: Set<string>): void {
    for (const path of paths) this.pending.add(path);
    this.queue = this.queue.then(() => this.reloadPending());
  }

  private async reloadPending(): Promise<void> {
    const reload = planReload(this.pending, this.ownWrites);
    this.pending = new Set();
    this.ownWrites = new Set();
    if (!reload) return;
    try {
      await this.reload(reload);
    } catch (error) {
      this.printer.error(`reload failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async reload(reload: Reload): Promise<void> {
    const { project } = this.options;
    const what = describeFiles(reload.files);
    if (reload.regenerate) {
      this.printer.step(`${what} changed: regenerating`);
      const result = await generate({ paths: ['crds'], out: '.', cwd: project });
      if (hasErrors(result.diagnostics) || !result.plan) {
        this.printer.diagnostics(result.diagnostics);
        this.printer.error('the CRD has errors (above); the operator keeps running on the last good one');
        return;
      }
      const written = result.plan.files.filter((f) => f.action !== 'keep').map((f) => f.path);
      this.ownWrites = new Set(written);
      this.printer.done(`regenerated${written.length ? `: ${written.join(', ')}` : ' (no file changed)'}`);
      if (!(await installCrds(this.cluster.kubeconfigPath, project, this.printer))) {
        this.printer.error('the CRD was not installed; the operator keeps running');
        return;
      }
    }
    this.printer.step(`${what} changed: restarting the operator`);
    await this.operator.restart();
  }

  /** Stops the watcher, the operator and the plane (not an external cluster's), in that order. */
  async end(): Promise<void> {
    this.watcher?.close();
    await this.queue;
    this.printer.step('stopping the operator…');
    await this.operator.stop();
    this.operator.release();
    if (this.cluster.started) {
      this.printer.step(this.cluster.keptDir ? 'stopping the control plane (its data is kept)…' : 'stopping the control plane…');
      await this.cluster.stop();
    }
    this.printer.done('stopped');
  }

  /** A second Ctrl-C: SIGKILL to everything now. */
  kill(): void {
    this.operator.kill();
    this.cluster.kill();
  }
}
