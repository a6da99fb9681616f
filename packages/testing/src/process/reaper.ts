/**
 * A tiny watchdog process: it holds a pipe to the test process and, when that pipe closes (the test
 * process ended, even by SIGKILL), kills every process group it was told about and removes the
 * control plane's folder (when given one). Without it an interrupted test run would leave etcd and apiservers behind.
 *
 * Protocol on stdin, one line each: `pid <n>` adds a process group, `done` ends the watch cleanly.
 * The script is inline so it runs the same from src/ (under vitest) and from dist/.
 */
import { spawn } from 'node:child_process';

const REAPER_SCRIPT = `
const { rmSync } = require('node:fs');
const groups = new Set();
let released = false;
let buffer = '';
process.stdin.on('data', (chunk) => {
  buffer += chunk.toString();
  let i;
  while ((i = buffer.indexOf('\\n')) >= 0) {
    const line = buffer.slice(0, i).trim();
    buffer = buffer.slice(i + 1);
    if (line === 'done') released = true;
    else if (line.startsWith('pid ')) groups.add(Number(line.slice(4)));
  }
});
process.stdin.on('close', () => {
  if (!released) {
    for (const pid of groups) { try { process.kill(-pid, 'SIGKILL'); } catch {} }
    if (process.argv[1]) rmSync(process.argv[1], { recursive: true, force: true });
  }
  process.exit(0);
});
`;

export class Reaper {
  private readonly child;

  /** `dir`: a folder to remove too when the watched process dies. */
  constructor(dir?: string) {
    this.child = spawn(process.execPath, ['-e', REAPER_SCRIPT, ...(dir ? [dir] : [])], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    this.child.unref();
    // Let the parent exit without waiting on the pipe; its closing is the signal.
    (this.child.stdin as unknown as { unref?: () => void }).unref?.();
    this.child.stdin.on('error', () => {});
  }

  watch(pid: number | undefined): void {
    if (pid) this.child.stdin.write(`pid ${pid}\n`);
  }

  release(): void {
    this.child.stdin.end('done\n');
  }
}
