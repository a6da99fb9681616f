/**
 * A --children entry (or one in gen-operator.json) is data: only the runtime's built-in kinds are
 * accepted, so none of its text lands in a generated file; a refused one is shown escaped, bounded,
 * and nothing is written.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate, UsageError } from '../../src/generate.js';
import { repoDir, workDir } from '../helpers.js';
import { runBounded, withinBounds } from './bounded.js';

const demoCrd = join(repoDir, 'crds/demo.yaml');
const scratch = mkdtempSync(join(workDir, 'hostile-children-'));
const TIMEOUT = 60_000;

// What a terminal acts on: C0 but newline, DEL, C1, bidi overrides, line separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;

const HOSTILE = [
  "v1/Config'Map",
  'apps/v1/"Deployment',
  'v1/ConfigMap\nkind: ClusterRole',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder as data is the point
  'v1/${process.exit(1)}',
  'v1/`Secret`',
  '../../../etc/passwd',
  'v1/ConfigMap/../Secret',
  'C:\\Windows\\ConfigMap',
  'v1/ConfigMap */ on.create(',
  'v1/\u001b[31mPod\u001b]0;pwned\u0007',
  'v1/Ser\u2028vice\u202e',
];

describe('hostile --children entries', () => {
  it('are refused one by one (exit 2), shown escaped on one line each, and nothing is written', { timeout: TIMEOUT }, async () => {
    const out = join(scratch, 'cli');
    const run = await runBounded([demoCrd, '--out', out, ...HOSTILE.flatMap((entry) => ['--children', entry])]);
    expect(withinBounds(run)).toBeUndefined();
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    // Ten problems are listed and the rest counted; the first and an escaped one are there as written.
    expect(run.stderr).toContain(`--children: "v1/Config'Map" is not a built-in kind of @gen-operator/runtime`);
    expect(run.stderr).toContain('--children: "../../../etc/passwd" is not a built-in kind');
    expect(run.stderr).toContain('--children: "v1/ConfigMap\\nkind: ClusterRole" is not a built-in kind');
    expect(run.stderr).toContain('… and 1 more');
    expect(existsSync(out)).toBe(false);
  });

  it('through the library: a UsageError, nothing planned', async () => {
    for (const entry of HOSTILE) {
      const out = join(scratch, 'library');
      await expect(generate({ paths: [demoCrd], out, children: [entry], dryRun: true })).rejects.toBeInstanceOf(UsageError);
    }
  });

  it('in gen-operator.json: refused the same way, and the file is left as it was', { timeout: TIMEOUT }, async () => {
    const out = join(scratch, 'kept');
    const first = await runBounded([demoCrd, '--out', out, '-q']);
    expect(first.code, first.stderr).toBe(0);
    const marker = join(out, 'gen-operator.json');
    const hostile = `${JSON.stringify({ ...JSON.parse(await readFile(marker, 'utf8')), children: HOSTILE.slice(8) }, null, 2)}\n`;
    await writeFile(marker, hostile);
    const run = await runBounded([demoCrd, '--out', out]);
    expect(withinBounds(run)).toBeUndefined();
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    expect(run.stderr).toContain('gen-operator.json: children[1]: "v1/\\x1b[31mPod\\x1b]0;pwned\\x07" is not a built-in kind');
    expect(run.stderr).toContain('gen-operator.json: children[2]: "v1/Ser\\u2028vice\\u202e" is not a built-in kind');
    expect(await readFile(marker, 'utf8')).toBe(hostile);
  });

  it('an accepted entry is written in the table’s own spelling, never as given', async () => {
    const out = join(scratch, 'accepted');
    const result = await generate({ paths: [demoCrd], out, children: ['  v1/ConfigMap\t', '\napps/v1/Deployment '], dryRun: true });
    const marker = result.plan!.files.find((f) => f.path === 'gen-operator.json')!.content!;
    expect(JSON.parse(marker).children).toEqual(['v1/ConfigMap', 'apps/v1/Deployment']);
    for (const file of result.plan!.files) expect(file.content ?? '', file.path).not.toMatch(/\t|\n(?:apps|v1)\/|ConfigMap\t/);
  });
});
