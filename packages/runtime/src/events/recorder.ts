/**
 * Posts Kubernetes Events in the background. Recording never throws and never waits: occurrences go
 * into a bounded buffer, which is written once the operator has logged in. Repeats of an occurrence
 * become one Event with a series (count, lastObservedTime), as client-go's events/v1 recorder does;
 * client-go patches the count at the second occurrence and then every 30 minutes, here a series is
 * patched at most every few seconds (and on stop), so `kubectl describe` is close to the truth
 * while a handler failing in a tight loop costs one write per interval, not one per failure. When
 * the API refuses a write, the Event is dropped with one log line (then silence until a write
 * succeeds again).
 */
import type { Logger } from '../registry/types.js';
import { microTime } from '../api/micro-time.js';
import { type EventSeries, eventBody, eventName, eventNamespace, type Occurrence, type Reporter, seriesKey } from './event-body.js';

/** Where Events are written (the apiserver, through the runtime's API client; a fake in unit tests). */
export interface EventSink {
  create(namespace: string, body: Record<string, unknown>, signal: AbortSignal): Promise<unknown>;
  patch(namespace: string, name: string, patch: Record<string, unknown>, signal: AbortSignal): Promise<unknown>;
}

/** The status of a refused write, when the sink's error carries one. */
const statusOf = (error: unknown) => (error as { status?: number } | undefined)?.status;

export interface RecorderLimits {
  /** Series waiting for a write; more are dropped. Default 1 000. */
  buffer: number;
  /** Series remembered for aggregation. Default 4 096. */
  remembered: number;
  /** Writes at once. Default 4. */
  concurrency: number;
  /** A series not seen for this long ends; the next occurrence starts a new Event. Default 6 min, as client-go. */
  seriesIdleMs: number;
  /** Least time between two writes of one series. Default 5 s. */
  seriesWriteMs: number;
}

const DEFAULT_LIMITS: RecorderLimits = { buffer: 1000, remembered: 4096, concurrency: 4, seriesIdleMs: 6 * 60_000, seriesWriteMs: 5_000 };

interface Series {
  key: string;
  occurrence: Occurrence;
  name: string | undefined;
  firstMs: number;
  lastMs: number;
  count: number;
  /** The count the apiserver has; 0 before the Event exists. */
  written: number;
  /** performance.now() of the last write. */
  writtenAt: number;
  queued: boolean;
  writing: boolean;
  /** Set while the next write waits for seriesWriteMs to pass. */
  timer: NodeJS.Timeout | undefined;
}

export interface Attachment {
  sink: EventSink;
  reporter: Reporter;
  logger: Logger;
}

export class EventRecorder {
  private readonly limits: RecorderLimits;
  private readonly series = new Map<string, Series>();
  private readonly queue: Series[] = [];
  private attached: Attachment | undefined;
  private abort = new AbortController();
  private writers = 0;
  private idle: (() => void)[] = [];
  /** Drops not yet logged (before a logger is attached), and whether the current run of refusals was logged. */
  private unloggedDrops = 0;
  private refusalLogged = false;
  private closing = false;

  constructor(
    limits: Partial<RecorderLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Records one occurrence; returns at once. */
  record(occurrence: Occurrence): void {
    try {
      const key = seriesKey(occurrence);
      const now = this.now();
      let entry = this.series.get(key);
      if (entry && now - entry.lastMs > this.limits.seriesIdleMs && !entry.queued && !entry.writing && !entry.timer) {
        this.series.delete(key);
        entry = undefined;
      }
      if (entry) {
        entry.count++;
        entry.lastMs = now;
        // Most recently used last, so the oldest series is forgotten first.
        this.series.delete(key);
        this.series.set(key, entry);
      } else {
        entry = {
          key,
          occurrence,
          name: undefined,
          firstMs: now,
          lastMs: now,
          count: 1,
          written: 0,
          writtenAt: 0,
          queued: false,
          writing: false,
          timer: undefined,
        };
        this.remember(entry);
      }
      this.schedule(entry);
      this.pump();
    } catch (error) {
      // Recording must never fail a handler.
      this.attached?.logger.debug('Could not record an Event.', { error: String(error) });
    }
  }

  /** Starts writing, with the apiserver behind `sink`; what was buffered before goes first. */
  attach(attachment: Attachment): void {
    this.attached = attachment;
    this.abort = new AbortController();
    if (this.unloggedDrops > 0) {
      attachment.logger.warn(`${this.unloggedDrops} Events were dropped before login: the buffer holds ${this.limits.buffer}.`);
      this.unloggedDrops = 0;
    }
    this.pump();
  }

  /**
   * Writes what is buffered for at most `boundMs`, then abandons the rest (one log line) and stops
   * writing; later occurrences are buffered again until the next attach().
   */
  async close(boundMs: number): Promise<void> {
    const attached = this.attached;
    if (!attached) return;
    // Counts waiting for their interval are written now.
    this.closing = true;
    for (const entry of this.series.values()) {
      if (!entry.timer) continue;
      clearTimeout(entry.timer);
      entry.timer = undefined;
      this.enqueue(entry);
    }
    this.pump();
    let timer: NodeJS.Timeout | undefined;
    const flushed = await Promise.race([
      this.drained().then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), boundMs);
      }),
    ]);
    clearTimeout(timer);
    this.closing = false;
    this.attached = undefined;
    this.abort.abort(new Error('the operator stopped'));
    const left = this.queue.length + this.writers;
    if (!flushed && left > 0) attached.logger.warn(`${left} Events were not written within ${boundMs / 1000} s of stopping; dropped.`);
    this.queue.length = 0;
    for (const entry of this.series.values()) entry.queued = false;
  }

  /** Series buffered, waiting for their interval, or being written (for tests and metrics). */
  get pending(): number {
    let waiting = 0;
    for (const entry of this.series.values()) if (entry.timer) waiting++;
    return this.queue.length + this.writers + waiting;
  }

  private remember(entry: Series): void {
    this.series.set(entry.key, entry);
    if (this.series.size <= this.limits.remembered) return;
    for (const [key, old] of this.series) {
      if (this.series.size <= this.limits.remembered) break;
      if (!old.queued && !old.writing && !old.timer) this.series.delete(key);
    }
  }

  /** Queues the series' next write now, or when seriesWriteMs has passed since its last one. */
  private schedule(entry: Series): void {
    if (entry.queued || entry.writing || entry.timer || entry.count <= entry.written) return;
    const wait = entry.written === 0 || this.closing ? 0 : entry.writtenAt + this.limits.seriesWriteMs - performance.now();
    if (wait <= 0) {
      this.enqueue(entry);
      return;
    }
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      if (this.series.get(entry.key) !== entry) return;
      this.enqueue(entry);
      this.pump();
    }, wait);
    // A pending count never keeps the process alive; stop() writes it.
    entry.timer.unref();
  }

  private enqueue(entry: Series): void {
    if (this.queue.length >= this.limits.buffer) {
      this.series.delete(entry.key);
      this.dropped('the buffer is full', undefined);
      return;
    }
    entry.queued = true;
    this.queue.push(entry);
  }

  private pump(): void {
    const attached = this.attached;
    if (!attached) return;
    while (this.writers < this.limits.concurrency && this.queue.length > 0) {
      const entry = this.queue.shift()!;
      entry.queued = false;
      entry.writing = true;
      this.writers++;
      void this.write(entry, attached).finally(() => {
        entry.writing = false;
        this.writers--;
        // Repeats that came while the write was in flight get one more write.
        if (this.series.get(entry.key) === entry && this.attached) this.schedule(entry);
        this.pump();
        if (this.writers === 0 && this.queue.length === 0) for (const resolve of this.idle.splice(0)) resolve();
      });
    }
  }

  private drained(): Promise<void> {
    if (this.writers === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private async write(entry: Series, { sink, reporter }: Attachment): Promise<void> {
    const namespace = eventNamespace(entry.occurrence.regarding);
    const count = entry.count;
    const series: EventSeries | undefined = count > 1 ? { count, lastObservedTime: microTime(entry.lastMs) } : undefined;
    const signal = this.abort.signal;
    try {
      if (entry.name && series) {
        try {
          await sink.patch(namespace, entry.name, { series }, signal);
          entry.written = count;
          entry.writtenAt = performance.now();
          this.succeeded();
          return;
        } catch (error) {
          // The Event expired (events live an hour by default): post it again.
          if (statusOf(error) !== 404) throw error;
        }
      }
      for (let attempt = 0; ; attempt++) {
        const name = eventName(entry.occurrence.regarding, this.now());
        try {
          await sink.create(namespace, eventBody(entry.occurrence, reporter, name, entry.firstMs, series), signal);
          entry.name = name;
          entry.written = count;
          entry.writtenAt = performance.now();
          this.succeeded();
          return;
        } catch (error) {
          if (statusOf(error) !== 409 || attempt > 0) throw error;
        }
      }
    } catch (error) {
      this.series.delete(entry.key);
      if (!signal.aborted) this.dropped('the API refused it', error);
    }
  }

  private succeeded(): void {
    this.refusalLogged = false;
  }

  private dropped(why: string, error: unknown): void {
    const logger = this.attached?.logger;
    if (!logger) {
      this.unloggedDrops++;
      return;
    }
    if (this.refusalLogged) return;
    this.refusalLogged = true;
    logger.warn(`Event dropped: ${why}. Further drops are not logged until an Event is written.`, {
      ...(error !== undefined ? { error: error instanceof Error ? error.message : String(error) } : {}),
    });
  }
}
