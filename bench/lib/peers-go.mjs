// The controller-runtime peers (bench/peers-go, one binary for every bench), built once per content
// of their sources into the user's cache, from the Go module proxy with the committed go.sum.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCache, contentHash } from './ensure-installed.mjs';

const sources = fileURLToPath(new URL('../peers-go/', import.meta.url));

/** The path of the built binary; builds it when these sources have not been built before. */
export function peersGoBinary() {
  const files = readdirSync(sources)
    .filter((name) => name.endsWith('.go') || name === 'go.mod' || name === 'go.sum')
    .sort();
  const dir = benchCache();
  const binary = join(dir, `peers-go-${contentHash(...files.flatMap((name) => [name, readFileSync(join(sources, name))]))}`);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  console.error('building bench/peers-go (controller-runtime), a few minutes the first time…');
  const partial = `${binary}.partial-${process.pid}`;
  execFileSync('go', ['build', '-mod=readonly', '-trimpath', '-o', partial, '.'], {
    cwd: sources,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  renameSync(partial, binary);
  return binary;
}
