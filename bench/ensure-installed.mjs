// A bench folder with its own package.json (peers pinned apart from the workspace) is installed from
// its lock the first time a bench needs it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function ensureInstalled(dir) {
  if (existsSync(join(dir, 'node_modules/.package-lock.json'))) return;
  execFileSync('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund'], { stdio: ['ignore', 'inherit', 'inherit'] });
}
