import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatReport, generate, validate } from '../src/index.js';
import { exampleCrd, workDir } from './helpers.js';

// gen-operator as a library: results come back as data, and nothing reaches stdout or stderr.
describe('gen-operator as a library', () => {
  const dir = join(workDir, 'library');
  const written: string[] = [];

  beforeAll(async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'widget.yaml'), exampleCrd('Widget', 'widgets'));
    await writeFile(join(dir, 'ok.yaml'), 'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { size: 3 }\n');
    await writeFile(join(dir, 'bad.yaml'), 'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { size: three }\n');
    for (const stream of [process.stdout, process.stderr])
      vi.spyOn(stream, 'write').mockImplementation((text: string | Uint8Array) => written.push(String(text)) > 0);
  });
  afterEach(() => {
    expect(written).toEqual([]);
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  it('generate() returns the plan of a dry run and writes nothing', async () => {
    const out = join(dir, 'widget-operator');
    const result = await generate({ paths: ['widget.yaml'], out, dryRun: true, cwd: dir });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.written).toBe(false);
    expect(result.plan?.out).toBe(out);
    expect(result.plan?.files.map((f) => f.path)).toContain('crds/widget.yaml');
    expect(result.plan?.files.every((f) => f.action === 'create')).toBe(true);
    expect(existsSync(out)).toBe(false);
  });

  it('generate() returns the diagnostics of a broken input and no plan', async () => {
    const result = await generate({ paths: ['missing.yaml'], cwd: dir });
    expect(result.plan).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.severity, d.file])).toContainEqual(['error', 'missing.yaml']);
  });

  it('validate() returns verdicts and findings', async () => {
    const crds = [join(dir, 'widget.yaml')];
    const ok = await validate({ paths: [join(dir, 'ok.yaml')], crds });
    expect(ok).toMatchObject({ valid: true, unreadable: false });
    expect(ok.report.verdicts.map((v) => v.valid)).toEqual([true]);
    const bad = await validate({ paths: [join(dir, 'bad.yaml')], crds });
    expect(bad).toMatchObject({ valid: false, unreadable: false });
    expect(bad.findings.map((f) => [f.severity, f.object, f.path])).toContainEqual(['error', 'Widget w', 'spec.size']);
    expect(formatReport(bad.report, 'human')).toMatch(/bad\.yaml:4:\d+ error: Widget w: .*\(spec\.size\)/);
    const missing = await validate({ paths: [join(dir, 'nothing-here.yaml')] });
    expect(missing).toMatchObject({ valid: false, unreadable: true });
  });
});
