/**
 * Collects changed paths until `quietMs` pass without another one, then hands over the batch:
 * an editor's save is often several events (write, rename, chmod), and a formatter or `git
 * checkout` touches many files at once.
 */
export class Debouncer {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly quietMs: number,
    private readonly flush: (paths: Set<string>) => void,
  ) {}

  add(path: string): void {
    this.pending.add(path);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const batch = this.pending;
      this.pending = new Set();
      this.timer = undefined;
      this.flush(batch);
    }, this.quietMs);
  }

  /** Drops what is pending; nothing is handed over after this. */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = new Set();
  }
}
