/**
 * A paged listing and the watch that runs beside it. The watch starts at the first page's
 * resourceVersion, so every watch event is newer than any listed state: a listed object the watch
 * already delivered is stale and skipped. Without the watch beside it, a listing paced by the
 * queue (10 000 objects: about 35 s) would be followed by a watch that replays every write made
 * meanwhile at once, and the first live changes would wait behind that replay.
 */
import type { WatchEventType } from '../registry/types.js';

export interface KnownObject {
  name: string;
  namespace: string | undefined;
}

export class ListingMerge {
  private listing = true;
  /** Objects the listing delivered, or the watch delivered while the listing ran. */
  private readonly seen = new Set<string>();
  /** Of those, the ones the watch delivered: their listed state is older. */
  private readonly watched = new Set<string>();

  /** @param initial this process's first listing of the stream (its objects drive on.resume). */
  constructor(private readonly initial: boolean) {}

  /** A listed object: whether to deliver it (not when the watch already gave a newer state). */
  listed(uid: string): boolean {
    this.seen.add(uid);
    return !this.watched.has(uid);
  }

  /**
   * A watch event: whether it is the first sight of an object that existed before the first
   * listing (a MODIFIED or DELETED of an object not delivered yet), so it counts as listed for
   * on.resume. An ADDED object was created after the listing's snapshot: a new object.
   */
  watchedIsInitial(uid: string, type: WatchEventType): boolean {
    if (!this.listing) return false;
    const first = !this.seen.has(uid);
    this.seen.add(uid);
    this.watched.add(uid);
    return this.initial && first && type !== 'ADDED';
  }

  /** Ends the listing: the known objects that neither it nor the watch saw are gone (deleted in a gap). */
  finish(known: Map<string, KnownObject>): [string, KnownObject][] {
    this.listing = false;
    const gone = [...known].filter(([uid]) => !this.seen.has(uid));
    this.seen.clear();
    this.watched.clear();
    return gone;
  }
}
