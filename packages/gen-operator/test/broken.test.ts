import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostics.js';
import { packageDir, repoDir, runCli, workDir } from './helpers.js';

const fixtures = join(packageDir, 'test/fixtures/broken');

// Each broken CRD: the rule that fires, where (line:col), and the exit code (1 error, 0 warning only).
const expected: Record<string, [code: string, line: number, col: number, exit: number]> = {
  v1beta1: ['v1beta1', 1, 1, 1],
  'not-a-crd': ['not-a-crd', 2, 1, 1],
  'yaml-syntax': ['yaml-syntax', 10, 1, 1],
  'duplicate-key': ['yaml-syntax', 12, 5, 1],
  'name-mismatch': ['name-mismatch', 4, 3, 1],
  'missing-name': ['required', 3, 1, 1],
  'group-no-dot': ['invalid-group', 6, 3, 1],
  'group-uppercase': ['invalid-group', 6, 3, 1],
  'plural-uppercase': ['invalid-name', 10, 5, 1],
  'missing-plural': ['required', 8, 3, 1],
  'missing-kind': ['required', 8, 3, 1],
  'invalid-kind': ['invalid-kind', 9, 5, 1],
  'lowercase-kind': ['kind-case', 9, 5, 0],
  'listkind-equals-kind': ['invalid-kind', 10, 5, 1],
  'bad-shortname': ['invalid-name', 13, 9, 1],
  'scope-lowercase': ['invalid-scope', 7, 3, 1],
  'missing-scope': ['required', 5, 1, 1],
  'misplaced-shortnames': ['misplaced-key', 12, 3, 1],
  'misplaced-served': ['misplaced-key', 8, 3, 1],
  'typo-key': ['unknown-key', 11, 5, 1],
  'boolean-as-string': ['field-type', 14, 7, 1],
  'no-versions': ['no-versions', 12, 3, 1],
  'no-storage': ['storage-version', 12, 3, 1],
  'two-storage': ['storage-version', 22, 7, 1],
  'duplicate-version': ['duplicate-version', 20, 7, 1],
  'invalid-version-name': ['invalid-version', 13, 7, 1],
  'no-schema': ['no-schema', 13, 7, 1],
  'root-not-object': ['root-type', 20, 11, 1],
  'missing-type': ['missing-type', 27, 17, 1],
  'invalid-type': ['invalid-type', 26, 19, 1],
  'type-array': ['invalid-type', 26, 19, 1],
  ref: ['forbidden-keyword', 28, 19, 1],
  'unique-items': ['forbidden-keyword', 29, 19, 1],
  'additional-with-properties': ['forbidden-keyword', 24, 15, 1],
  'additional-false': ['forbidden-keyword', 24, 15, 1],
  definitions: ['forbidden-keyword', 21, 11, 1],
  'unknown-keyword': ['unknown-keyword', 27, 19, 1],
  'array-without-items': ['missing-items', 27, 17, 1],
  'items-list': ['schema-type', 29, 19, 1],
  'type-in-junctor': ['junctor-keyword', 28, 23, 1],
  'junctor-undeclared-field': ['junctor-field', 27, 21, 1],
  'metadata-restricted': ['metadata-schema', 25, 17, 1],
  'int-or-string-with-type': ['int-or-string', 26, 19, 1],
  'list-map-without-keys': ['list-map-keys', 29, 19, 1],
  'list-map-key-optional': ['list-map-keys', 30, 48, 1],
  'list-set-of-objects': ['list-type', 29, 19, 1],
  'embedded-without-fields': ['embedded-resource', 29, 19, 1],
  'preserve-false': ['extension-false', 31, 15, 1],
  'default-wrong-type': ['default-invalid', 27, 19, 1],
  'default-not-in-enum': ['default-invalid', 30, 19, 1],
  'default-unknown-field': ['default-invalid', 24, 15, 1],
  'default-null': ['default-null', 27, 19, 0],
  'default-above-maximum': ['default-invalid', 28, 19, 1],
  'printer-column-type': ['printer-column', 18, 11, 1],
  'printer-column-path': ['printer-column', 19, 11, 1],
  'scale-path': ['scale', 19, 11, 1],
  'deprecation-warning': ['deprecation-warning', 16, 7, 1],
  'preserve-unknown-fields-spec': ['preserve-unknown-fields', 8, 3, 1],
  'conversion-strategy': ['conversion', 9, 5, 1],
  'list-type-on-object': ['list-type', 24, 15, 1],
};

/** Runs the CLI on a file in --json mode, in a dry run, so nothing is ever written. */
async function check(file: string) {
  const run = await runCli([file, '--json', '--dry-run', '--out', join(workDir, 'never')]);
  return { ...run, report: JSON.parse(run.stdout) as { ok: boolean; written: boolean; diagnostics: Diagnostic[] } };
}

// Every case runs the built CLI (about a second on an idle machine, five at a time): seconds under
// load, beyond the unit tests' default.
const CLI = { timeout: 60_000 };

describe('broken CRDs', CLI, () => {
  it('every fixture has an expectation, and there are at least 30', async () => {
    const files = (await readdir(fixtures)).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));
    expect(files.sort()).toEqual(Object.keys(expected).sort());
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it.concurrent.each(Object.entries(expected))('%s', async (name, [code, line, col, exit]) => {
    const { code: status, report } = await check(join(fixtures, `${name}.yaml`));
    expect(status).toBe(exit);
    const hit = report.diagnostics.find((d) => d.code === code);
    expect(hit, JSON.stringify(report.diagnostics)).toBeDefined();
    expect([hit!.line, hit!.col]).toEqual([line, col]);
    expect(hit!.file).toContain(`${name}.yaml`);
    expect(hit!.message.length).toBeGreaterThan(10);
    expect(hit!.hint?.length ?? 0).toBeGreaterThan(5);
    expect(report.written).toBe(false);
  });
});

describe("the talk's CRDs", CLI, () => {
  it('shortNames under spec: an error that says where it belongs', async () => {
    const run = await runCli(['crds/talk/shortnames-under-spec.yaml', '--dry-run', '--out', join(workDir, 'never')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('crds/talk/shortnames-under-spec.yaml:12:3 error: unknown field "shortNames" in spec');
    expect(run.stderr).toContain('did you mean spec.names.shortNames?');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('default: None on a string: a warning about Python None, exit 0', async () => {
    const { code, report } = await check(join(repoDir, 'crds/talk/default-none-string.yaml'));
    expect(code).toBe(0);
    const hit = report.diagnostics.find((d) => d.code === 'default-none')!;
    expect(hit.severity).toBe('warning');
    expect([hit.line, hit.col]).toEqual([27, 19]);
    expect(hit.hint).toContain("Python's None");
  });

  it('default: None on an integer: an error, exit 1', async () => {
    const { code, report } = await check(join(repoDir, 'crds/talk/default-none-integer.yaml'));
    expect(code).toBe(1);
    const hit = report.diagnostics.find((d) => d.code === 'default-invalid')!;
    expect(hit.message).toContain('must be of type integer');
    expect(hit.hint).toContain('remove the default line');
  });

  it('names.kind: demo: a warning to use CamelCase, exit 0', async () => {
    const { code, report } = await check(join(repoDir, 'crds/talk/lowercase-kind.yaml'));
    expect(code).toBe(0);
    expect(report.diagnostics.find((d) => d.code === 'kind-case')?.hint).toContain('"Demo"');
  });

  it('all problems of all files at once', async () => {
    const run = await runCli([fixtures, '--json', '--dry-run', '--out', join(workDir, 'never')]);
    const report = JSON.parse(run.stdout) as { diagnostics: Diagnostic[] };
    const files = new Set(report.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file));
    expect(run.code).toBe(1);
    // Every file has an error but two: not-a-crd.yaml fails alone (no CRD at all), beside CRDs its
    // ConfigMap is only skipped, with a note; default-null.yaml has a warning only (the apiserver
    // reads `default: null` as no default). lowercase-kind.yaml defines the same CRD as the others.
    expect(files.size).toBe(Object.keys(expected).length - 2);
    expect(report.diagnostics.filter((d) => d.file.endsWith('default-null.yaml')).map((d) => d.severity)).toEqual(['warning']);
    expect(report.diagnostics.find((d) => d.file.endsWith('not-a-crd.yaml'))?.severity).toBe('note');
  });
});

describe('a CRD file that also holds objects', () => {
  it('skips the documents that are not CRDs, with a note each, and generates from the CRD', async () => {
    const run = await runCli([
      join(packageDir, 'test/fixtures/mixed/gadgets.yaml'),
      '--json',
      '--dry-run',
      '--strict',
      '--out',
      join(workDir, 'mixed'),
    ]);
    const report = JSON.parse(run.stdout) as { ok: boolean; diagnostics: Diagnostic[]; plan: { path: string }[] };
    expect(run.code).toBe(0);
    expect(report.diagnostics.map((d) => [d.severity, d.code, d.line, d.message])).toEqual([
      ['note', 'not-a-crd', 31, 'this document is a Namespace, not a CustomResourceDefinition: skipped'],
      ['note', 'not-a-crd', 36, 'this document is a Gadget, not a CustomResourceDefinition: skipped'],
    ]);
    expect(report.plan.map((f) => f.path)).toContain('src/resources/gadget.ts');
  });

  it('still refuses a document that is not a Kubernetes object', async () => {
    const file = join(workDir, 'list.yaml');
    await writeFile(file, `${await readFile(join(packageDir, 'test/fixtures/mixed/gadgets.yaml'), 'utf8')}---\n- just\n- a list\n`);
    const run = await runCli([file, '--json', '--dry-run', '--out', join(workDir, 'never')]);
    expect(run.code).toBe(1);
    expect(
      (JSON.parse(run.stdout) as { diagnostics: Diagnostic[] }).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code),
    ).toEqual(['not-a-crd']);
  });
});

describe('usage errors', CLI, () => {
  it('no path: exit 2 with usage', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Not enough non-option arguments');
    expect(run.stderr).toContain('Run gen-operator --help for usage.');
  });

  it('an unknown option: exit 2', async () => {
    const run = await runCli(['crds/demo.yaml', '--frobnicate']);
    expect(run.code).toBe(2);
  });

  it('a missing file: exit 1, located at the path', async () => {
    const run = await runCli(['crds/nope.yaml', '--dry-run']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('crds/nope.yaml:1:1 error: no such file or folder');
  });

  it('--help shows examples and exit codes', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toContain('Exit codes: 0 done; 1 the input is invalid');
  });
});
