/**
 * The Prometheus project's own exposition parser and naming linter (expfmt + promlint, what
 * `promtool check metrics` runs), built once from ./promlint with the machine's Go and cached.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface MetricsReport {
  families: { name: string; type: string; samples: number; labels: string[] }[];
  problems: string[];
}

const source = fileURLToPath(new URL('./promlint/', import.meta.url));

/** The linter's path; builds it when its sources changed since the cached build. */
export function promlintBinary(): string {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum', 'main.go']) hash.update(readFileSync(join(source, file)));
  const dir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'gen-operator', 'promlint');
  const binary = join(dir, `promlint-${hash.digest('hex').slice(0, 16)}`);
  if (!existsSync(binary)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('go', ['build', '-o', binary, '.'], { cwd: source, stdio: ['ignore', 'ignore', 'pipe'], timeout: 600_000 });
  }
  return binary;
}

/** Parses and lints one exposition; throws with the parser's message when it does not parse. */
export function lintMetrics(binary: string, exposition: string): MetricsReport {
  const out = execFileSync(binary, [], { input: exposition, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  return JSON.parse(out) as MetricsReport;
}
