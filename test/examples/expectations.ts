/**
 * What an example expects of its end-to-end run, read from the `e2e.json` beside its operator.ts,
 * and the pure checks of log lines and objects against it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicyRule } from '@gen-operator/testing';

/** What must be true after one step of the run; the harness polls until it is. */
export interface Awaited {
  /** Handler ids that logged `Handler '<id>' succeeded.` since the step began. */
  succeeded?: string[];
  /** Handler ids that logged `Handler '<id>' failed permanently.` since the step began. */
  failed?: string[];
  /** Log messages (`msg`) seen since the step began. */
  logged?: string[];
  /** A subset the object's status must contain. */
  status?: Record<string, unknown>;
  /** A subset the example's liveness endpoint (GET /healthz on LIVENESS_PORT) must answer. */
  probe?: Record<string, unknown>;
  /** events.k8s.io/v1 Events about the object: each a subset one of them must contain (e.g. type, reason, note). */
  events?: Record<string, unknown>[];
}

export interface Expectations {
  /** Rights in the example's namespace (a Role); nothing else is granted. */
  rules: PolicyRule[];
  /** Cluster-wide rights, only for examples that need them. */
  clusterRules?: PolicyRule[];
  /** The object to apply, relative to the example folder. Default: the shared ../obj.yaml. */
  object?: string;
  /** The object's resource plural (for its URL). Default `examples`. */
  plural?: string;
  /** After the operator has started (lines from its beginning). */
  started?: Awaited;
  /** After the object is created. */
  created?: Awaited;
  /**
   * The child the example's create handler makes, named after the object in its namespace: it must
   * exist with the object as its controller, come back after the harness deletes it (then
   * `restored` must hold), and be gone after the object is deleted (the garbage collector).
   */
  child?: { apiVersion: string; plural: string; restored?: Awaited };
  /** Whether the created object carries a finalizer (a non-optional delete handler matches it). Default false. */
  finalizer?: boolean;
  /**
   * Changes the example's admission webhooks must refuse, tried after `created`: each a merge patch
   * of the object, text the refusal's message contains, and the HTTP code when it is not 400.
   */
  refused?: Refusal[];
  /** A merge patch applied after `created`, then what it must lead to. */
  updated?: Awaited & { patch: Record<string, unknown> };
  /** The operator is stopped and started again while the object exists; then this. */
  restarted?: Awaited;
  /** `harness` (default) deletes the object; `operator` means the example deletes it itself. */
  deletedBy?: 'harness' | 'operator';
  /** After the object is gone. */
  deleted?: Awaited;
  /** After the operator exited on SIGTERM. */
  stopped?: Awaited;
  /** Exact count of `succeeded` lines per handler id over the whole run; ids not named must not succeed. */
  successes: Record<string, number>;
  /** Exact count of `failed permanently` lines per handler id; default none. */
  failures?: Record<string, number>;
  /** Exact counts of these log messages over the whole run (e.g. what startup and cleanup handlers log). */
  messages?: Record<string, number>;
  /** Messages of error lines (level ≥ 50) the example provokes on purpose, matched as regular expressions. */
  errors?: string[];
}

export interface Refusal {
  patch: Record<string, unknown>;
  message: string;
  code?: number;
}

/** What is wrong with the apiserver's answer to a change that must be refused; undefined when it was refused as expected. */
export function refusalProblem(expected: Refusal, answer: { status: number; message: string } | undefined): string | undefined {
  if (!answer) return `${JSON.stringify(expected.patch)} was admitted; expected a refusal saying '${expected.message}'`;
  const code = expected.code ?? 400;
  if (answer.status !== code || !answer.message.includes(expected.message)) {
    return `${JSON.stringify(expected.patch)} was answered ${answer.status} '${answer.message}'; expected ${code} saying '${expected.message}'`;
  }
  return undefined;
}

export type LogLine = Record<string, unknown> & { level?: number; msg?: string };

export function loadExpectations(dir: string): Expectations {
  const path = join(dir, 'e2e.json');
  if (!existsSync(path)) throw new Error(`${path} is missing: every example states its rights and expected handler counts there.`);
  const value = JSON.parse(readFileSync(path, 'utf8')) as Expectations;
  if (!Array.isArray(value.rules) || typeof value.successes !== 'object') {
    throw new Error(`${path}: needs "rules" (a list of PolicyRules) and "successes" (handler id → count).`);
  }
  return value;
}

const SUCCEEDED = /^Handler '(.+)' succeeded\.$/;
const FAILED = /^Handler '(.+)' failed permanently\.$/;

function countMatches(lines: LogLine[], pattern: RegExp): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of lines) {
    const id = typeof line.msg === 'string' ? pattern.exec(line.msg)?.[1] : undefined;
    if (id !== undefined) counts[id] = (counts[id] ?? 0) + 1;
  }
  return counts;
}

/** How often each of `messages` was logged. */
export function messageCounts(lines: LogLine[], messages: string[]): Record<string, number> {
  return Object.fromEntries(messages.map((msg) => [msg, lines.filter((line) => line.msg === msg).length]));
}

export const successCounts = (lines: LogLine[]) => countMatches(lines, SUCCEEDED);
export const failureCounts = (lines: LogLine[]) => countMatches(lines, FAILED);

/** Whether `actual` has every key of `expected` with an equal value (recursively for objects). */
export function contains(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object' || Array.isArray(expected)) {
    return JSON.stringify(actual) === JSON.stringify(expected);
  }
  if (actual === null || typeof actual !== 'object') return false;
  const record = actual as Record<string, unknown>;
  return Object.entries(expected).every(([key, value]) => contains(record[key], value));
}

/** What of `awaited` is still missing from the lines (and the object's status); empty when all is there. */
export function missing(awaited: Awaited, lines: LogLine[], status: unknown, probe?: unknown, events: unknown[] = []): string[] {
  const succeeded = successCounts(lines);
  const failed = failureCounts(lines);
  const messages = new Set(lines.map((line) => line.msg));
  return [
    ...(awaited.succeeded ?? []).filter((id) => !succeeded[id]).map((id) => `handler '${id}' to succeed`),
    ...(awaited.failed ?? []).filter((id) => !failed[id]).map((id) => `handler '${id}' to fail permanently`),
    ...(awaited.logged ?? []).filter((msg) => !messages.has(msg)).map((msg) => `the log line '${msg}'`),
    ...(awaited.status && !contains(status, awaited.status) ? [`status to contain ${JSON.stringify(awaited.status)}`] : []),
    ...(awaited.probe && !contains(probe, awaited.probe) ? [`the liveness endpoint to answer ${JSON.stringify(awaited.probe)}`] : []),
    ...(awaited.events ?? [])
      .filter((expected) => !events.some((event) => contains(event, expected)))
      .map((expected) => `an Event about the object with ${JSON.stringify(expected)}`),
  ];
}

/** Error lines (level ≥ 50) that the example did not announce in `errors`. */
export function unexpectedErrors(lines: LogLine[], allowed: string[] = []): LogLine[] {
  const patterns = allowed.map((text) => new RegExp(text));
  return lines.filter((line) => (line.level ?? 0) >= 50 && !patterns.some((pattern) => pattern.test(String(line.msg))));
}
