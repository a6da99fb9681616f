/**
 * The runtime's only door to the apiserver. Every call is counted; transient failures (connection
 * errors, 429 with Retry-After, 5xx) are retried with backoff within a time budget; a 401 asks for
 * fresh credentials once (the operator re-runs its login handlers).
 */
import type { Connection } from './connection.js';
import { ApiError, ApiUnavailableError } from './errors.js';
import { exchange, type HttpResult } from './http.js';
import { PATCH_CONTENT_TYPES } from './paths.js';
import { backoffMs } from '../backoff.js';

export type PatchKind = keyof typeof PATCH_CONTENT_TYPES;

export interface ApiClientOptions {
  /** Called on a 401 to get a fresh connection (re-login). */
  relogin?: () => Promise<Connection>;
  /** How long transient failures are retried before the call fails. Default 120 s. */
  retryBudgetMs?: number;
  /** Called before each retry, for logging. */
  onRetry?: (info: { method: string; path: string; attempt: number; delayMs: number; reason: string }) => void;
  /** Per-request timeout. Default 60 s. */
  timeoutMs?: number;
  /** Called after each attempt with its answer's status (undefined when none came), for metrics. */
  onResponse?: (info: { method: string; status: number | undefined; seconds: number }) => void;
}

export interface ApiStats {
  requests: number;
  writes: number;
  retries: number;
}

const RETRIED_STATUS = new Set([429, 500, 502, 503, 504]);
/**
 * A restarting apiserver answers 401/403 for a moment while its authenticators and RBAC caches
 * fill, and a bare 404 ("page not found", no Status body) for custom resources until it has loaded
 * the CRDs; these are retried a few times (about 15 s) before they count as real answers.
 */
const STARTUP_ATTEMPTS = 7;

function startingUp(result: HttpResult): boolean {
  if (result.status === 401 || result.status === 403) return true;
  return result.status === 404 && (result.body as { kind?: string } | undefined)?.kind !== 'Status';
}

export class ApiClient {
  readonly stats: ApiStats = { requests: 0, writes: 0, retries: 0 };
  private loginInFlight: Promise<Connection> | undefined;

  constructor(
    public connection: Connection,
    private readonly options: ApiClientOptions = {},
  ) {}

  get(path: string, signal?: AbortSignal): Promise<unknown> {
    return this.call('GET', path, undefined, undefined, signal);
  }

  post(path: string, body: unknown): Promise<unknown> {
    return this.call('POST', path, body, 'application/json');
  }

  put(path: string, body: unknown): Promise<unknown> {
    return this.call('PUT', path, body, 'application/json');
  }

  /** Every write states its patch type. */
  patch(path: string, kind: PatchKind, body: unknown): Promise<unknown> {
    return this.call('PATCH', path, body, PATCH_CONTENT_TYPES[kind]);
  }

  /** `options`: DeleteOptions, e.g. `{ preconditions: { uid } }`. */
  delete(path: string, options?: unknown): Promise<unknown> {
    return options === undefined ? this.call('DELETE', path) : this.call('DELETE', path, options, 'application/json');
  }

  async call(method: string, path: string, body?: unknown, contentType?: string, signal?: AbortSignal): Promise<unknown> {
    const budgetEnds = Date.now() + (this.options.retryBudgetMs ?? 120_000);
    let relogged = false;
    let startupAnswers = 0;
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      this.stats.requests++;
      if (method !== 'GET') this.stats.writes++;
      let result: HttpResult | undefined;
      let failure: unknown;
      const sent = performance.now();
      try {
        result = await exchange(this.connection, { method, path, body, contentType, timeoutMs: this.options.timeoutMs, signal });
      } catch (error) {
        if (signal?.aborted) throw error;
        failure = error;
      }
      this.options.onResponse?.({ method, status: result?.status, seconds: (performance.now() - sent) / 1000 });
      if (result && result.status >= 200 && result.status < 300) return result.body;
      if (result?.status === 401 && this.options.relogin && !relogged) {
        relogged = true;
        await this.relogin();
        continue;
      }
      const transient = result && (RETRIED_STATUS.has(result.status) || (startingUp(result) && ++startupAnswers < STARTUP_ATTEMPTS));
      if (result && !transient) throw new ApiError(result.status, method, path, result.body);
      const step = result && startingUp(result) ? startupAnswers : attempt;
      const delayMs = Math.max(backoffMs(step), result ? retryAfterMs(result) : 0);
      if (Date.now() + delayMs > budgetEnds) {
        if (result) throw new ApiError(result.status, method, path, result.body);
        throw new ApiUnavailableError(`${method} ${path}: the apiserver is unreachable (${describe(failure)})`, { cause: failure });
      }
      this.stats.retries++;
      this.options.onRetry?.({ method, path, attempt, delayMs, reason: result ? `HTTP ${result.status}` : describe(failure) });
      await sleep(delayMs, signal);
    }
  }

  /** Fresh credentials after a 401; concurrent callers share one login. */
  async relogin(): Promise<void> {
    if (!this.options.relogin) return;
    this.loginInFlight ??= this.options.relogin().finally(() => {
      this.loginInFlight = undefined;
    });
    const previous = this.connection;
    this.connection = await this.loginInFlight;
    if (previous !== this.connection && previous.agent !== this.connection.agent) {
      // Requests still on the old sockets may finish; after the request timeout nothing can be.
      setTimeout(() => previous.agent.destroy(), (this.options.timeoutMs ?? 60_000) + 5_000).unref();
    }
  }
}

function retryAfterMs(result: HttpResult): number {
  const header = result.headers['retry-after'];
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  if (Number.isFinite(seconds) && seconds > 0) return seconds * 1000;
  const details = (result.body as { details?: { retryAfterSeconds?: number } } | undefined)?.details;
  return (details?.retryAfterSeconds ?? 0) * 1000;
}

function describe(error: unknown): string {
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.message;
  return String(error);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
