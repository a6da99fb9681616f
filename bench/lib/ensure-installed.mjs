// What a bench's peers need, installed the first time a bench needs it: a folder with its own
// package.json (peers pinned apart from the workspace) from its lock; a Python venv for a
// requirements.txt (kopf); the venvs and built binaries live in the user's cache, outside the repository.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const run = (command, args) => execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });

/** The folder the benches keep what they build or install. */
export const benchCache = () => join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'gen-operator', 'bench');

/** A short name for some content: a new pin or source installs or builds anew. */
export const contentHash = (...parts) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex').slice(0, 16);
};

export function ensureInstalled(dir) {
  if (existsSync(join(dir, 'node_modules/.package-lock.json'))) return;
  run('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund']);
}

/** A venv with `requirements` (a requirements.txt) installed; returns its bin folder. */
export function ensureVenv(requirements) {
  const venv = join(benchCache(), `venv-${contentHash(readFileSync(requirements))}`);
  const done = join(venv, 'installed'); // written last: a venv without it was interrupted
  if (existsSync(done)) return join(venv, 'bin');
  rmSync(venv, { recursive: true, force: true });
  console.error(`installing ${requirements} into ${venv}`);
  run('python3', ['-m', 'venv', venv]);
  run(join(venv, 'bin', 'pip'), ['install', '--quiet', '-r', requirements]);
  writeFileSync(done, '');
  return join(venv, 'bin');
}
