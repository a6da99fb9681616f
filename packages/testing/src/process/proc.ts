/**
 * What is running, read from /proc (Linux). Zombies are left out: they are dead, and a machine
 * whose init does not reap orphans keeps them around for ever. Without /proc (macOS) the answers
 * fall back to signal 0, which cannot tell a zombie from a live process.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const hasProc = existsSync('/proc/self/stat');

export interface ProcessInfo {
  pid: number;
  /** The parent's pid. */
  ppid: number;
  /** The command line, arguments separated by spaces. */
  command: string;
}

interface Stat {
  state: string;
  ppid: number;
  pgid: number;
}

/** `pid (comm) state ppid pgrp …`; comm may hold spaces and parentheses, so split after the last `)`. */
function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', ppid: Number(fields[1]), pgid: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

function pids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

/** Whether `pid` runs (a zombie does not). */
export function processRunning(pid: number): boolean {
  if (!hasProc) {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
  const stat = readStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

/** Whether any live process is left in process group `pgid`. */
export function groupAlive(pgid: number): boolean {
  if (!hasProc) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  return pids().some((pid) => {
    const stat = readStat(pid);
    return stat?.pgid === pgid && stat.state !== 'Z';
  });
}

/** Live processes whose environment holds `name=value` (only this user's processes are readable). */
export function processesWithEnv(name: string, value: string): ProcessInfo[] {
  if (!hasProc) return [];
  const entry = `${name}=${value}`;
  const found: ProcessInfo[] = [];
  for (const pid of pids()) {
    let environ: string;
    try {
      environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
    } catch {
      continue;
    }
    if (!environ.split('\0').includes(entry)) continue;
    const stat = readStat(pid);
    if (!stat || stat.state === 'Z') continue;
    found.push({ pid, ppid: stat.ppid, command: commandOf(pid) });
  }
  return found;
}
