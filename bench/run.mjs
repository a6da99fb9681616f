// Runs the benches one after another and lets each print its own table.
// Usage: node bench/run.mjs [name ...]   (names are folders of bench/ with a run.mjs; default: all of them)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const all = readdirSync(here, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(here, e.name, 'run.mjs')))
  .map((e) => e.name)
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((n) => !all.includes(n));
if (unknown.length > 0) {
  console.error(`no such bench: ${unknown.join(', ')} (there are: ${all.join(', ')})`);
  process.exit(2);
}
let failed = 0;
for (const name of wanted.length > 0 ? wanted : all) {
  console.log(`\n## bench/${name}\n`);
  const { status } = spawnSync(process.execPath, [join(here, name, 'run.mjs')], { stdio: 'inherit' });
  if (status !== 0) {
    failed++;
    console.log(`\nbench/${name} exited with ${status}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
