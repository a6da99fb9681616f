import { existsSync, type FSWatcher, watch } from 'node:fs';
import { join } from 'node:path';
import { WATCHED } from './changes.js';
import { Debouncer } from './debounce.js';

/**
 * Watches the project's src/ and crds/ and hands over changed paths (relative, `/`-separated) in
 * debounced batches. Node's recursive fs.watch (inotify on Linux since Node 20, FSEvents on macOS)
 * covers two small folders; a polling watcher would only add latency.
 */
export class ProjectWatcher {
  private readonly watchers: FSWatcher[] = [];
  private readonly debouncer: Debouncer;

  constructor(project: string, quietMs: number, onBatch: (paths: Set<string>) => void) {
    this.debouncer = new Debouncer(quietMs, onBatch);
    for (const folder of WATCHED) {
      const dir = join(project, folder);
      if (!existsSync(dir)) continue;
      const watcher = watch(dir, { recursive: true }, (_event, name) => {
        if (name) this.debouncer.add(`${folder}/${name.toString().replaceAll('\\', '/')}`);
      });
      // A folder removed while dev runs ends its watch; dev goes on with the others.
      watcher.on('error', () => watcher.close());
      this.watchers.push(watcher);
    }
  }

  close(): void {
    this.debouncer.cancel();
    for (const watcher of this.watchers) watcher.close();
  }
}
