/**
 * One serialized worker per object key: items for a key that arrive while it is busy are coalesced
 * (merge() folds them, by default the latest wins), at most `concurrency` keys are processed at
 * once, and a key's entry is freed as soon as it has nothing pending. process() may ask to be
 * called again after a delay with the last item (a retry, a delayed handler, a consistency wait);
 * a newer item cancels that timer and is processed at once.
 */

export interface QueueOptions<I> {
  concurrency: number;
  process(key: string, item: I): Promise<number | undefined>;
  /** Folds a newly arrived item into the one still pending. Default: the newer one. */
  merge?(pending: I, next: I): I;
  onError?(key: string, error: unknown): void;
  /** Called as an item starts, with how long it waited for a free worker (for metrics). */
  onStart?(key: string, waitedMs: number): void;
  /** Take items but process none until release() (the operator holds work until its indexes are complete). */
  held?: boolean;
}

interface Entry<I> {
  pending: I | undefined;
  last: I | undefined;
  running: boolean;
  queued: boolean;
  /** performance.now() when the key became ready to run. */
  readySince: number;
  timer: NodeJS.Timeout | undefined;
}

export class WorkQueue<I> {
  private readonly entries = new Map<string, Entry<I>>();
  private readonly ready: string[] = [];
  private readyHead = 0;
  private active = 0;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  private roomWaiters: (() => void)[] = [];

  private held: boolean;

  constructor(private readonly options: QueueOptions<I>) {
    this.held = options.held ?? false;
  }

  /** Whether items are taken but not processed yet (see `held`). */
  get holding(): boolean {
    return this.held;
  }

  /** Starts processing what was pushed while held. */
  release(): void {
    this.held = false;
    this.pump();
  }

  /** Keys with work pending, running or scheduled. */
  get size(): number {
    return this.entries.size;
  }

  /** Whether the key has work pending, running or waiting on a timer. */
  busy(key: string): boolean {
    return this.entries.has(key);
  }

  get running(): number {
    return this.active;
  }

  /** Items waiting for a free slot (not running, not waiting on a timer). */
  get waiting(): number {
    return this.ready.length - this.readyHead;
  }

  /**
   * Resolves once at most `limit` items wait for a slot: producers (a LIST of 10 000 objects) await
   * it so that memory holds a bounded backlog, not every object at once.
   */
  async roomFor(limit: number): Promise<void> {
    while (this.waiting > limit && !this.closed) await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
  }

  push(key: string, item: I): void {
    if (this.closed) return;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { pending: undefined, last: undefined, running: false, queued: false, readySince: 0, timer: undefined };
      this.entries.set(key, entry);
    }
    entry.pending = entry.pending !== undefined && this.options.merge ? this.options.merge(entry.pending, item) : item;
    if (entry.timer) {
      clearTimeout(entry.timer);
      entry.timer = undefined;
    }
    this.schedule(key, entry);
  }

  /** Stops taking items, cancels timers, and resolves when nothing runs any more. */
  async close(): Promise<void> {
    this.closed = true;
    for (const [key, entry] of this.entries) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = undefined;
      entry.pending = undefined;
      if (!entry.running) this.entries.delete(key);
    }
    this.ready.length = 0;
    this.readyHead = 0;
    for (const resolve of this.roomWaiters.splice(0)) resolve();
    if (this.active === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(key: string, entry: Entry<I>): void {
    if (entry.running || entry.queued) return;
    entry.queued = true;
    entry.readySince = performance.now();
    this.ready.push(key);
    this.pump();
  }

  private pump(): void {
    if (this.held) return;
    while (this.active < this.options.concurrency && this.readyHead < this.ready.length) {
      const key = this.ready[this.readyHead++]!;
      if (this.readyHead > 1024 && this.readyHead * 2 > this.ready.length) {
        this.ready.splice(0, this.readyHead);
        this.readyHead = 0;
      }
      if (this.roomWaiters.length) for (const resolve of this.roomWaiters.splice(0)) resolve();
      const entry = this.entries.get(key);
      if (!entry) continue;
      entry.queued = false;
      if (entry.pending === undefined) continue;
      void this.work(key, entry);
    }
  }

  private async work(key: string, entry: Entry<I>): Promise<void> {
    const item = entry.pending as I;
    entry.pending = undefined;
    entry.last = item;
    entry.running = true;
    this.active++;
    this.options.onStart?.(key, performance.now() - entry.readySince);
    let again: number | undefined;
    try {
      again = await this.options.process(key, item);
    } catch (error) {
      this.options.onError?.(key, error);
    }
    entry.running = false;
    this.active--;
    if (entry.pending !== undefined && !this.closed) {
      this.schedule(key, entry);
    } else if (again !== undefined && !this.closed) {
      entry.timer = setTimeout(() => {
        entry.timer = undefined;
        if (entry.pending === undefined) entry.pending = entry.last;
        this.schedule(key, entry);
      }, again);
    } else {
      this.entries.delete(key);
    }
    if (!this.closed || this.active > 0) this.pump();
    if (this.active === 0 && this.closed) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
