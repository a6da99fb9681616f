/**
 * Hostile input files, one class at a time, through the built CLI with a heap cap, a time limit
 * and the peak memory measured. Small inputs are fixtures; large ones are built here, in a temp dir.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageDir, workDir } from '../helpers.js';
import { runBounded, withinBounds } from './bounded.js';

const fixtures = join(packageDir, 'test/hostile-input/fixtures');
const widgetCrd = join(fixtures, 'widget-crd.yaml');
const scratch = mkdtempSync(join(workDir, 'hostile-read-'));
const TIMEOUT = 120_000;

function file(name: string, content: string | Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

const widget = (spec: string) => `apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec:\n${spec}`;

/** validate <file> --crd widget-crd.yaml: the bounds hold, and the finding with `code` is reported at line:col. */
async function refused(path: string, code: string, at?: [number, number]) {
  const run = await runBounded(['validate', path, '--crd', widgetCrd, '--output', 'json']);
  expect(withinBounds(run)).toBeUndefined();
  expect(run.code).toBe(1);
  const report = JSON.parse(run.stdout) as { input: { code: string; line: number; col: number; message: string }[] };
  const hit = report.input.find((f) => f.code === code);
  expect(hit, run.stdout).toBeDefined();
  if (at) expect([hit!.line, hit!.col]).toEqual(at);
  return hit!;
}

describe('YAML aliases', () => {
  it('a billion-laughs document is refused as go-yaml refuses it', { timeout: TIMEOUT }, async () => {
    const hit = await refused(join(fixtures, 'billion-laughs.yaml'), 'yaml-aliases', [2, 1]);
    expect(hit.message).toContain('excessive aliasing');
  });

  it('a billion-laughs CRD stops generate before any stage walks it', { timeout: TIMEOUT }, async () => {
    const levels = ['    l0: &l0 [a, a, a, a, a, a, a, a, a, a]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `    l${i}: &l${i} [${Array(10)
          .fill(`*l${i - 1}`)
          .join(', ')}]`,
      );
    const crd = file(
      'laughs-crd.yaml',
      `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: { name: laughs.example.com }\nspec:\n  group: example.com\n  x:\n${levels.join('\n')}\n`,
    );
    const run = await runBounded([crd, '--json', '--dry-run', '--out', join(scratch, 'never')]);
    expect(withinBounds(run)).toBeUndefined();
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).diagnostics.map((d: { code: string }) => d.code)).toEqual(['yaml-aliases']);
  });

  it('an anchor that contains its own alias is refused, located at the alias', { timeout: TIMEOUT }, async () => {
    await refused(join(fixtures, 'self-anchor.yaml'), 'yaml-aliases', [7, 3]);
  });

  it('aliases within go-yaml budget that expand past 3 MiB stop at the apiserver object limit', { timeout: TIMEOUT }, async () => {
    // 40 aliases of 10 000 strings: 97.5 % of 410 000 nodes from aliases (go-yaml allows 98.7 %), 14 MB as JSON.
    const items = Array.from({ length: 10_000 }, (_, i) => `"${'v'.repeat(30)}${i}"`).join(', ');
    const path = file('alias-large.yaml', widget(`  base: &b [${items}]\n  copies: [${Array(40).fill('*b').join(', ')}]\n`));
    const hit = await refused(path, 'too-large', [1, 1]);
    expect(hit.message).toContain('aliases expanded');
  });

  it('aliases within budget, merge keys included, read as the repeated values', { timeout: TIMEOUT }, async () => {
    const path = file('aliases.yaml', widget('  base: &base { size: 1, label: x }\n  copy: *base\n  merged: { <<: *base, label: y }\n'));
    const run = await runBounded(['validate', path, '--crd', widgetCrd]);
    expect(withinBounds(run)).toBeUndefined();
    expect(run.code, run.stdout).toBe(0);
  });
});

describe('nesting', () => {
  const deep = 10_000;
  it('10 000 nested flow sequences: refused with a location, no stack overflow', { timeout: TIMEOUT }, async () => {
    const hit = await refused(file('deep-flow.yaml', widget(`  x: ${'['.repeat(deep)}${']'.repeat(deep)}\n`)), 'too-deep');
    expect(hit.line).toBe(5);
    expect(hit.message).toContain('512');
  });

  it('10 000 nested block sequences on one line: refused', { timeout: TIMEOUT }, async () => {
    await refused(file('deep-block.yaml', widget(`  x:\n    ${'- '.repeat(deep)}x\n`)), 'too-deep');
  });

  it('10 000 nested JSON arrays and objects: refused', { timeout: TIMEOUT }, async () => {
    const json = `{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"x":${'[{"a":'.repeat(deep / 2)}1${'}]'.repeat(deep / 2)}}}`;
    // Located at the key whose value is the 513th level: 83 characters of prefix, 6 per two levels.
    await refused(file('deep.json', json), 'too-deep', [1, 83 + 6 * 254 + 2 + 1]);
  });

  it('aliases that nest an anchor inside itself again and again: refused once expanded too deep', { timeout: TIMEOUT }, async () => {
    const lines = [`  a0: &a0 ${'['.repeat(300)}${']'.repeat(300)}`];
    for (let i = 1; i < 4; i++) lines.push(`  a${i}: &a${i} ${'['.repeat(300)}*a${i - 1}${']'.repeat(300)}`);
    await refused(file('deep-aliases.yaml', widget(`${lines.join('\n')}\n`)), 'too-deep');
  });

  it('a deep schema the reader accepts is generated and validated, never an internal error', { timeout: TIMEOUT }, async () => {
    const levels = 250;
    const schema = `${'{"type":"object","properties":{"a":'.repeat(levels)}{"type":"string","x-kubernetes-validations":[{"rule":"self.size() > 0"}]}${'}}'.repeat(levels)}`;
    const crd = file(
      'deep-crd.json',
      `{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"deeps.example.com"},"spec":{"group":"example.com","scope":"Namespaced","names":{"kind":"Deep","plural":"deeps","singular":"deep","listKind":"DeepList"},"versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","properties":{"status":{"type":"object","x-kubernetes-preserve-unknown-fields":true},"spec":${schema}}}}}]}}`,
    );
    const generated = await runBounded([crd, '--dry-run', '--out', join(scratch, 'deep-project')]);
    expect(withinBounds(generated)).toBeUndefined();
    expect(generated.code, generated.stderr).toBe(0);
    const cr = file(
      'deep-cr.json',
      `{"apiVersion":"example.com/v1","kind":"Deep","metadata":{"name":"d"},"spec":${'{"a":'.repeat(levels)}""${'}'.repeat(levels)}}`,
    );
    const checked = await runBounded(['validate', cr, '--crd', crd, '--output', 'json']);
    expect(withinBounds(checked)).toBeUndefined();
    expect(checked.code).toBe(1);
    const finding = JSON.parse(checked.stdout).resources[0].findings[0];
    expect(finding.code).toBe('x-kubernetes-validations');
    expect(finding.path.split('.')).toHaveLength(levels + 1);
  });
});

describe('files that are not regular files', () => {
  const fifo = (name: string) => {
    const path = join(scratch, name);
    execFileSync('mkfifo', [path]);
    return path;
  };

  it('a FIFO named on the command line is skipped with a note, never opened', { timeout: TIMEOUT }, async () => {
    const path = fifo('named.yaml');
    const run = await runBounded(['validate', path, '--crd', widgetCrd, '--output', 'json']);
    expect(withinBounds(run)).toBeUndefined();
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).input).toMatchObject([{ code: 'not-a-file', severity: 'warning' }]);
    const generated = await runBounded([path, '--dry-run', '--out', join(scratch, 'never')]);
    expect(withinBounds(generated)).toBeUndefined();
    expect(generated.code).toBe(1);
    expect(generated.stderr).toContain('named pipe');
    expect(generated.stderr).toContain('no CustomResourceDefinition');
  });

  it('FIFOs and links to them in a folder are skipped; the rest is read', { timeout: TIMEOUT }, async () => {
    const dir = join(scratch, 'with-fifo');
    mkdirSync(dir);
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    symlinkSync(join(dir, 'pipe.yaml'), join(dir, 'link.yaml'));
    writeFileSync(join(dir, 'widget.yaml'), widget('  size: 1\n'));
    const run = await runBounded(['validate', dir, '--crd', widgetCrd, '--output', 'json']);
    expect(withinBounds(run)).toBeUndefined();
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.input.map((f: { file: string }) => f.file.split('/').pop())).toEqual(['link.yaml', 'pipe.yaml']);
    expect(report.resources).toHaveLength(1);
  });

  it('a device is skipped, not read to its endless end', { timeout: TIMEOUT }, async () => {
    const run = await runBounded(['validate', '/dev/zero', '--crd', widgetCrd, '--output', 'json']);
    expect(withinBounds(run)).toBeUndefined();
    expect(JSON.parse(run.stdout).input).toMatchObject([{ code: 'not-a-file', file: '/dev/zero' }]);
  });
});

describe('size', () => {
  it('a file above 32 MiB is refused without being read', { timeout: TIMEOUT }, async () => {
    const path = file('huge.yaml', '');
    truncateSync(path, 40 * 1024 * 1024);
    const hit = await refused(path, 'too-large', [1, 1]);
    expect(hit.message).toContain('40 MiB');
  });

  it('a file just under 32 MiB of dense objects, with one finding to locate, stays within the bounds', { timeout: TIMEOUT }, async () => {
    const items = Array.from({ length: 30_000 }, (_, j) => `    - { name: item${j}, value: "${'v'.repeat(40)}" }\n`).join('');
    const docs: string[] = [];
    for (let i = 0, size = 0; size < 28 * 1024 * 1024; i++) {
      const doc = `apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w${i} }\nspec:\n${i === 3 ? '  size: bad\n' : ''}  items:\n${items}`;
      docs.push(doc);
      size += doc.length;
    }
    const path = file('dense.yaml', docs.join('---\n'));
    const run = await runBounded(['validate', path, '--crd', widgetCrd, '--output', 'json']);
    expect(withinBounds(run)).toBeUndefined();
    const report = JSON.parse(run.stdout);
    expect(report.resources).toHaveLength(docs.length);
    // The lines of three documents, the `---` line, then apiVersion, kind, metadata, spec, size.
    const line = docs.slice(0, 3).join('---\n').split('\n').length - 1 + 6;
    expect(report.resources[3].findings).toMatchObject([{ code: 'type', path: 'spec.size', line, col: 3 }]);
  });

  it('more than 10 000 objects in one file are refused before any is checked', { timeout: TIMEOUT }, async () => {
    const path = file('many.yaml', 'a: 1\n---\n'.repeat(10_001));
    const hit = await refused(path, 'too-many', [1, 1]);
    expect(hit.message).toContain('10001 objects');
  });

  it('an object above the apiserver 3 MiB request limit is refused, smaller ones in the same file are read', {
    timeout: TIMEOUT,
  }, async () => {
    const big = 'x'.repeat(3 * 1024 * 1024);
    const small = 'y'.repeat(1024 * 1024);
    const path = file('large-object.yaml', `${widget(`  label: ${small}\n`)}---\n${widget(`  label: ${big}\n`)}`);
    const run = await runBounded(['validate', path, '--crd', widgetCrd, '--output', 'json']);
    expect(withinBounds(run)).toBeUndefined();
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.input).toMatchObject([{ code: 'too-large', line: 7 }]);
    expect(report.resources).toHaveLength(1);
  });
});

describe('encoding and numbers', () => {
  const bad: [string, number[]][] = [
    ['a stray byte', [0xff]],
    ['a truncated sequence', [0xe2, 0x82]],
    ['an overlong slash', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
  ];
  it.each(bad)('invalid UTF-8 (%s) is refused at its line and column, not replaced', { timeout: TIMEOUT }, async (_, bytes) => {
    const head = Buffer.from(widget('  label: "é '));
    const path = file(`bad-${bytes.join('-')}.yaml`, Buffer.concat([head, Buffer.from(bytes), Buffer.from('"\n')]));
    const hit = await refused(path, 'encoding', [5, 13]);
    expect(hit.message).toContain(`0x${bytes[0]!.toString(16).toUpperCase()}`);
  });

  it('valid multi-byte UTF-8 is read as written', { timeout: TIMEOUT }, async () => {
    const path = file('good-utf8.yaml', widget('  label: "é 😀 中"\n'));
    const run = await runBounded(['validate', path, '--crd', widgetCrd]);
    expect(withinBounds(run)).toBeUndefined();
    expect(run.code, run.stdout).toBe(0);
  });

  it('a JSON number beyond float64 is refused, located', { timeout: TIMEOUT }, async () => {
    await refused(join(fixtures, 'out-of-range.json'), 'json-number', [5, 13]);
  });

  it('a YAML plain 1e400 stays a string, as go-yaml reads it (so an integer field refuses it)', { timeout: TIMEOUT }, async () => {
    const run = await runBounded(['validate', file('big-number.yaml', widget('  size: 1e400\n')), '--crd', widgetCrd, '--output', 'json']);
    expect(withinBounds(run)).toBeUndefined();
    expect(JSON.parse(run.stdout).resources[0].findings).toMatchObject([{ code: 'type', path: 'spec.size' }]);
  });
});
