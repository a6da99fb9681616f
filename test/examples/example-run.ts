/**
 * One example's end-to-end run, the way a user would try it: the operator as a child process under
 * a least-privilege identity, the object applied in a fresh namespace, (updated, restarted,)
 * deleted, the operator stopped with SIGTERM. Each step waits for its witness (the object's state,
 * then the handlers' outcome lines), never for a fixed time.
 */
import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { type ControlPlane, createIdentity, type Identity, RestError } from '@gen-operator/testing';
import { parse } from 'yaml';
import { eventually, RunningProcess, repoRoot } from '../support/commands.js';
import { type Awaited, type Expectations, type LogLine, missing, refusalProblem, successCounts } from './expectations.js';

export const examplesDir = join(repoRoot, 'examples');
const STEP_TIMEOUT_MS = 30_000;
/** The garbage collector notices a CRD installed after it started only at its next discovery (every 30 s). */
const COLLECTED_TIMEOUT_MS = 120_000;

interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    finalizers?: string[];
    ownerReferences?: { uid: string; controller?: boolean }[];
  };
  status?: Record<string, unknown>;
}

export interface RunResult {
  lines: LogLine[];
  /** Output lines that are not JSON log lines (stack traces, stray prints). */
  stray: string[];
  exitCodes: (number | null)[];
  /** Everything the operator processes printed. */
  output: string;
  /** Milliseconds each step took, in order. */
  timings: [step: string, ms: number][];
  /** The object right after the `created` step. */
  created: KubeObject | undefined;
}

export class ExampleRun {
  private readonly processes: RunningProcess[] = [];
  private readonly timings: [string, number][] = [];
  private lastStep = Date.now();
  private identity!: Identity;
  private livenessPort = 0;
  readonly namespace: string;
  private readonly dir: string;
  private readonly object: KubeObject;
  private readonly path: string;

  constructor(
    private readonly plane: ControlPlane,
    readonly name: string,
    private readonly expect: Expectations,
  ) {
    this.dir = join(examplesDir, name);
    this.namespace = `e2e-${name}`.toLowerCase();
    this.object = parse(readFileSync(join(this.dir, expect.object ?? '../obj.yaml'), 'utf8')) as KubeObject;
    this.object.metadata.namespace = this.namespace;
    const [group, version] = this.object.apiVersion.includes('/') ? this.object.apiVersion.split('/') : ['', this.object.apiVersion];
    const root = group ? `/apis/${group}/${version}` : `/api/${version}`;
    this.path = `${root}/namespaces/${this.namespace}/${expect.plural ?? 'examples'}`;
  }

  async run(): Promise<RunResult> {
    this.identity = await createIdentity(this.plane, {
      name: 'example-operator',
      namespace: this.namespace,
      rules: this.expect.rules,
      ...(this.expect.clusterRules ? { clusterRules: this.expect.clusterRules } : {}),
    });
    this.livenessPort = await freePort();
    this.step('identity');
    try {
      await this.start();
      await this.reach('started', this.expect.started, 0);
      this.step('start');
      let mark = this.mark();
      // A new namespace gets its default ServiceAccount a moment later; pods are refused until then.
      await eventually('the object to be created', () => this.plane.request('POST', this.path, this.object).then(() => true));
      await this.reach('created', this.expect.created, mark);
      const created = await this.get();
      this.step('create');
      if (this.expect.child && created) {
        await this.restoreChild(this.expect.child, created);
        this.step('child');
      }

      if (this.expect.refused) {
        await this.refusals(this.expect.refused);
        this.step('refused');
      }

      if (this.expect.updated) {
        mark = this.mark();
        await this.plane.request('PATCH', `${this.path}/${this.object.metadata.name}`, this.expect.updated.patch);
        await this.reach('updated', this.expect.updated, mark);
        this.step('update');
      }
      if (this.expect.restarted) {
        await this.stop();
        mark = this.mark();
        await this.start();
        await this.reach('restarted', this.expect.restarted, mark);
        this.step('restart');
      }
      mark = this.mark();
      if (this.expect.deletedBy !== 'operator') await this.plane.request('DELETE', `${this.path}/${this.object.metadata.name}`);
      await eventually(
        'the object to be gone',
        async () => (await this.get()) === undefined,
        STEP_TIMEOUT_MS,
        () => this.tail(),
      );
      await this.reach('deleted', this.expect.deleted, mark);
      if (this.expect.child) {
        const path = this.childPath(this.expect.child);
        await eventually(
          'the child to be collected',
          async () => (await this.get(path)) === undefined,
          COLLECTED_TIMEOUT_MS,
          () => this.tail(),
        );
      }
      // Objects the example makes itself (12-embedded's application) may still be in their handlers:
      // every expected success is the witness that the run is complete before the operator stops.
      await eventually(
        `${this.name}: every expected handler success`,
        () => {
          const counts = successCounts(this.lines());
          return Object.entries(this.expect.successes).every(([id, n]) => (counts[id] ?? 0) >= n);
        },
        STEP_TIMEOUT_MS,
        () => this.tail(),
      );
      this.step('delete');

      mark = this.mark();
      await this.stop();
      await this.reach('stopped', this.expect.stopped, mark);
      this.step('stop');
      return {
        timings: this.timings,
        lines: this.lines(),
        stray: this.processes.flatMap((p) => p.lines.filter((line) => !isJson(line))),
        exitCodes: await Promise.all(this.processes.map((p) => p.exited)),
        output: this.processes.map((p) => p.output()).join('\n'),
        created,
      };
    } finally {
      await Promise.all(this.processes.map((p) => p.stop('SIGKILL')));
    }
  }

  /** Each change must be refused by the example's admission webhooks, with its message and code. */
  private async refusals(refused: NonNullable<Expectations['refused']>): Promise<void> {
    for (const expected of refused) {
      let answer: { status: number; message: string } | undefined;
      try {
        await this.plane.request('PATCH', `${this.path}/${this.object.metadata.name}`, expected.patch);
      } catch (error) {
        if (!(error instanceof RestError)) throw error;
        answer = { status: error.status, message: String((error.body as { message?: unknown } | undefined)?.message ?? '') };
      }
      const problem = refusalProblem(expected, answer);
      if (problem) throw new Error(`${this.name}: ${problem}\n--- operator output (last lines)\n${this.tail()}`);
    }
  }

  private step(name: string): void {
    const now = Date.now();
    this.timings.push([name, now - this.lastStep]);
    this.lastStep = now;
  }

  private async start(): Promise<void> {
    const operator = new RunningProcess('node', ['--import', 'tsx', join(this.dir, 'operator.ts')], {
      cwd: repoRoot,
      env: {
        ...process.env,
        KUBECONFIG: this.identity.kubeconfigPath,
        WATCH_NAMESPACE: this.namespace,
        LIVENESS_PORT: String(this.livenessPort),
        // Examples with admission handlers serve them on any free port (and register that one).
        GEN_OPERATOR_WEBHOOK_PORT: '0',
        LOG_LEVEL: 'info',
      },
    });
    this.processes.push(operator);
    const running = await Promise.race([
      eventually(
        'the operator to start',
        () => operator.jsonLines().some((line) => line.msg === 'Operator started.'),
        STEP_TIMEOUT_MS,
        () => operator.output(),
      ),
      operator.exited.then((code) => {
        throw new Error(`${this.name}: the operator exited with ${code} before it started\n${operator.output()}`);
      }),
    ]);
    if (!running) throw new Error(`${this.name}: the operator did not start`);
  }

  private async stop(): Promise<void> {
    await this.processes.at(-1)?.stop('SIGTERM');
  }

  private lines(): LogLine[] {
    return this.processes.flatMap((p) => p.jsonLines() as LogLine[]);
  }

  private mark(): number {
    return this.lines().length;
  }

  private tail(): string {
    return this.processes
      .flatMap((p) => p.lines)
      .slice(-30)
      .join('\n');
  }

  private async probe(): Promise<unknown> {
    const response = await fetch(`http://127.0.0.1:${this.livenessPort}/healthz`);
    return response.ok ? response.json() : undefined;
  }

  private childPath(child: { apiVersion: string; plural: string }): string {
    const root = child.apiVersion.includes('/') ? `/apis/${child.apiVersion}` : `/api/${child.apiVersion}`;
    return `${root}/namespaces/${this.namespace}/${child.plural}/${this.object.metadata.name}`;
  }

  /** The child exists with the object as its controller; deleted by hand, it comes back (a new uid, the same owner). */
  private async restoreChild(child: NonNullable<Expectations['child']>, parent: KubeObject): Promise<void> {
    const path = this.childPath(child);
    const controlled = async (notUid?: string) => {
      const found = await this.get(path);
      const owner = found?.metadata.ownerReferences?.find((ref) => ref.controller === true);
      return found && owner?.uid === parent.metadata.uid && found.metadata.uid !== notUid ? found : undefined;
    };
    const first = await eventually(
      'the child, controlled by the object',
      () => controlled(),
      STEP_TIMEOUT_MS,
      () => this.tail(),
    );
    const mark = this.mark();
    await this.plane.request('DELETE', path);
    await eventually(
      'the child to come back',
      () => controlled(first.metadata.uid),
      STEP_TIMEOUT_MS,
      () => this.tail(),
    );
    await this.reach('child restored', child.restored, mark);
  }

  private async get(path = `${this.path}/${this.object.metadata.name}`): Promise<KubeObject | undefined> {
    try {
      return await this.plane.request<KubeObject>('GET', path);
    } catch (error) {
      if (error instanceof RestError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** events.k8s.io/v1 Events in the example's namespace about its object. */
  private async events(): Promise<unknown[]> {
    const list = await this.plane.request<{ items: { regarding?: { name?: string } }[] }>(
      'GET',
      `/apis/events.k8s.io/v1/namespaces/${this.namespace}/events`,
    );
    return list.items.filter((event) => event.regarding?.name === this.object.metadata.name);
  }

  /** Polls until what `awaited` names is there (lines since `mark`, the object's status). */
  private async reach(step: string, awaited: Awaited | undefined, mark: number): Promise<void> {
    if (!awaited) return;
    let left: string[] = [];
    await eventually(
      `${this.name} ${step}`,
      async () => {
        const status = awaited.status ? (await this.get())?.status : undefined;
        const probe = awaited.probe ? await this.probe() : undefined;
        const events = awaited.events ? await this.events() : [];
        left = missing(awaited, this.lines().slice(mark), status, probe, events);
        return left.length === 0;
      },
      STEP_TIMEOUT_MS,
      () => `still waiting for: ${left.join('; ')}\n--- operator output (last lines)\n${this.tail()}`,
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function isJson(line: string): boolean {
  try {
    return typeof JSON.parse(line) === 'object';
  } catch {
    return false;
  }
}
