/** createOperator(): one registry plus the lifecycle that runs it. */
import { Registry } from '../registry/registry.js';
import { bindOn, type On } from '../registry/on.js';
import type { RunOptions } from './options.js';

export interface Operator {
  readonly on: On;
  /** Starts, then resolves when the operator has stopped (on SIGTERM/SIGINT, stop(), or a fatal error). */
  run(options?: RunOptions): Promise<void>;
  /** Resolves once startup handlers succeeded and every watch has listed; keeps running until stop(). */
  start(options?: RunOptions): Promise<void>;
  /** Drains handlers in flight, runs cleanup handlers, closes the watches. */
  stop(): Promise<void>;
}

export function createOperator(): Operator {
  const registry = new Registry();
  const on = bindOn(registry);
  const notYet = async () => {
    throw new Error('not implemented yet');
  };
  return { on, run: notYet, start: notYet, stop: notYet };
}
