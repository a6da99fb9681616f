/** createOperator(): one registry plus the lifecycle that runs it. */
import { bindEvents, EventRecorder, type Events } from '../events/index.js';
import { bindOn, type On } from '../registry/on.js';
import { Registry } from '../registry/registry.js';
import type { KubernetesObject, ResourceDefinition } from '../resource/types.js';
import { convertWith } from '../webhooks/conversion.js';
import { withEnvironment } from './environment.js';
import type { RunOptions } from './options.js';
import { type OperatorStats, RunningOperator } from './running.js';

export interface Operator {
  readonly on: On;
  /** Kubernetes Events about objects: `events.info / warn / exception(object, reason, message)`; buffered until login. */
  readonly events: Events;
  /** Starts, then resolves when the operator has stopped (SIGTERM/SIGINT with handleSignals, or stop()). */
  run(options?: RunOptions): Promise<void>;
  /** Resolves once startup handlers succeeded and every watch has listed; keeps running until stop(). */
  start(options?: RunOptions): Promise<void>;
  /** Closes the watches, drains handlers in flight, runs cleanup handlers. */
  stop(): Promise<void>;
  /** API requests so far and objects in memory. */
  stats(): OperatorStats;
  /** Runs the on.probe handlers (for a liveness endpoint): `{ <id>: result }`. */
  probe(): Promise<Record<string, unknown>>;
  /** The port /healthz, /readyz and /metrics are served on, when started with `port` (or GEN_OPERATOR_PORT). */
  readonly port: number | undefined;
  /** The port webhooks are served on, once they are (on.validate / on.mutate handlers, or `webhooks` given). */
  readonly webhookPort: number | undefined;
  /**
   * `object` converted to `to`'s version by this operator's on.conversion converters, as its
   * conversion webhook answers the apiserver (for unit tests of converters); throws a failure's message.
   */
  convert<T extends KubernetesObject>(object: KubernetesObject, to: ResourceDefinition<T>): Promise<T>;
}

/** Exit codes of run() with handleSignals: 0 stopped by a signal, 1 startup or login failed, or leadership lost. */
export const EXIT_FAILURE = 1;

export function createOperator(): Operator {
  const registry = new Registry();
  const on = bindOn(registry);
  const recorder = new EventRecorder();
  const events = bindEvents(recorder);
  let running: RunningOperator | undefined;

  const start = async (options: RunOptions = {}) => {
    if (running) throw new Error('This operator is already running.');
    running = new RunningOperator(registry, withEnvironment(options), recorder, options.webhooks !== undefined);
    try {
      await running.start();
    } catch (error) {
      running.logger.error(error instanceof Error ? error.message : String(error));
      await running.stop();
      throw error;
    }
  };

  const run = async (options: RunOptions = {}) => {
    const signals = options.handleSignals ?? false;
    const onSignal = (signal: NodeJS.Signals) => {
      running?.logger.info(`Received ${signal}; stopping.`);
      void running?.stop();
    };
    if (signals) {
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
    }
    try {
      await start(options);
    } catch (error) {
      if (signals) {
        // Without a running operator (bad configuration) there is no logger yet: say it plainly.
        if (!running) process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(EXIT_FAILURE);
      }
      throw error;
    }
    await running!.stopped;
    if (signals) process.exit(running!.exitCode);
  };

  return {
    on,
    events,
    run,
    start,
    stop: async () => {
      await running?.stop();
    },
    probe: async () => (running ? running.probe() : {}),
    get port() {
      return running?.port;
    },
    get webhookPort() {
      return running?.webhookPort;
    },
    stats: () =>
      running?.stats() ?? { requests: 0, writes: 0, retries: 0, objects: 0, queued: 0, watchRestarts: { ended: 0, expired: 0, failed: 0 } },
    convert: (object, to) => convertWith(registry, object, to),
  };
}
