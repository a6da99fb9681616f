// Wall time, CPU time and peak RSS of one child process: GNU time when it is there, /proc polling
// otherwise (then without CPU time). CPU time hardly moves with other load on the machine; wall time does.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

/** Runs `command args` in `cwd`; resolves to { ms, cpuMs, peakBytes, code, stdout, stderr }. */
export function measure(command, args, { cwd } = {}) {
  const gnu = existsSync(GNU_TIME);
  const dir = mkdtempSync(join(tmpdir(), 'bench-generate-'));
  const report = join(dir, 'time');
  const [cmd, argv] = gnu ? [GNU_TIME, ['-f', '%U %S %M', '-o', report, command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    let polled = 0;
    const poll = gnu ? undefined : setInterval(() => (polled = Math.max(polled, treeRss(child.pid))), 50);
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (poll) clearInterval(poll);
      const [user, sys, kb] = gnu ? readFileSync(report, 'utf8').trim().split('\n').at(-1).split(' ').map(Number) : [];
      rmSync(dir, { recursive: true, force: true });
      resolve({ ms, cpuMs: gnu ? (user + sys) * 1000 : Number.NaN, peakBytes: gnu ? kb * 1024 : polled, code, stdout, stderr });
    });
  });
}

/** Resident memory of a process and its descendants right now. */
function treeRss(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {}
  }
  let total = 0;
  const visit = (p) => {
    try {
      const line = readFileSync(`/proc/${p}/status`, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('VmRSS:'));
      total += Number(line.split(/\s+/)[1]) * 1024;
    } catch {}
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return total;
}

/** Files and bytes under a folder, leaving out what the bench itself put there. */
export function outputSize(dir, skip = new Set()) {
  let files = 0;
  let bytes = 0;
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      if (skip.has(name)) continue;
      const path = join(d, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else {
        files++;
        bytes += st.size;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}
