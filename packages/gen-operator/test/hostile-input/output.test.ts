/**
 * Control characters from documents, CRDs and file names never reach the terminal raw, every
 * report format stays valid whatever the input, and keys named like Object.prototype's members
 * are fields like any other.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { packageDir, typeCheck, workDir } from '../helpers.js';
import { runBounded, withinBounds } from './bounded.js';

const fixtures = join(packageDir, 'test/hostile-input/fixtures');
const scratch = mkdtempSync(join(workDir, 'hostile-output-'));
const TIMEOUT = 60_000;

// What a terminal acts on or XML 1.0 forbids: C0 but newline, DEL, C1, bidi overrides, separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069\ufffe\uffff]/u;
// The XML 1.0 Char production, inverted.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const NOT_XML_CHAR = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

// The input file's own name carries an escape sequence and a right-to-left override.
const hostileName = join(scratch, 'evil\u001b[31m\u202e.yaml');
copyFileSync(join(fixtures, 'control-chars.yaml'), hostileName);
const args = (output: string) => ['validate', hostileName, '--crd', join(fixtures, 'widget-crd.yaml'), '--output', output];

describe('control characters in the input', () => {
  it('human output shows them escaped', { timeout: TIMEOUT }, async () => {
    const run = await runBounded(args('human'));
    expect(withinBounds(run)).toBeUndefined();
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect(run.stdout).toContain('evil\\x1b[31m\\u202e.yaml:6:3');
    expect(run.stdout).toContain('evil\\x1b[31mRED\\x1b]0;pwned\\x07\\x9b2J\\u202etxt\\x01\\uffff');
  });

  it('JSON and SARIF parse, and hold the text exactly, C1 and bidi as escapes', { timeout: TIMEOUT }, async () => {
    for (const output of ['json', 'sarif']) {
      const run = await runBounded(args(output));
      expect(withinBounds(run)).toBeUndefined();
      expect(run.stdout).not.toMatch(RAW_CONTROL);
      const parsed = JSON.parse(run.stdout);
      expect(JSON.stringify(parsed)).toContain('evil\\u001b[31mRED');
      expect(JSON.stringify(parsed)).toContain('\u202e');
    }
  });

  it('JUnit is well-formed XML 1.0 with only legal characters, attributes included', { timeout: TIMEOUT }, async () => {
    const run = await runBounded(args('junit'));
    expect(withinBounds(run)).toBeUndefined();
    expect(run.stdout).not.toMatch(NOT_XML_CHAR);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect(XMLValidator.validate(run.stdout)).toBe(true);
    const xml = new XMLParser({ ignoreAttributes: false }).parse(run.stdout);
    const cases = [xml.testsuites.testsuite.testcase].flat();
    expect(cases).toHaveLength(1);
    expect(cases[0]['@_classname']).toContain('evil\\x1b[31m\\u202e.yaml');
    expect(cases[0]['@_name']).toContain('txt\\x01\\uffff (document 1)');
    expect(cases[0].failure['#text']).toContain('must be of type integer (spec.size)');
  });

  it('GitHub annotations carry no raw control character', { timeout: TIMEOUT }, async () => {
    const run = await runBounded(args('github'));
    expect(withinBounds(run)).toBeUndefined();
    expect(
      run.stdout
        .trimEnd()
        .split('\n')
        .every((line) => line.startsWith('::error ')),
    ).toBe(true);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
  });

  it('generate prints a hostile CRD key and file name escaped', { timeout: TIMEOUT }, async () => {
    const crd = join(scratch, 'crd\u001b]8;;x\u0007.yaml');
    copyFileSync(join(fixtures, 'widget-crd.yaml'), crd);
    const { appendFileSync } = await import('node:fs');
    appendFileSync(crd, '  "bad\\e[2J": 1\n');
    const run = await runBounded([crd, '--dry-run', '--out', join(scratch, 'never')]);
    expect(withinBounds(run)).toBeUndefined();
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    expect(run.stderr).toContain('crd\\x1b]8;;x\\x07.yaml');
    expect(run.stderr).toContain('bad\\x1b[2J');
  });
});

describe('keys named like Object.prototype members', () => {
  const crd = join(fixtures, 'prototype-keys-crd.yaml');

  it('validate reports on them as on any field, never an internal error', { timeout: TIMEOUT }, async () => {
    const run = await runBounded(['validate', join(fixtures, 'prototype-keys.yaml'), '--crd', crd, '--output', 'json']);
    expect(withinBounds(run)).toBeUndefined();
    expect(run.code).toBe(1);
    const [missing, present] = JSON.parse(run.stdout).resources as { findings: { code: string; path: string }[] }[];
    const found = (v: typeof missing) => v!.findings.map((f) => `${f.code} ${f.path}`);
    expect(found(missing)).toEqual(expect.arrayContaining(['unknown-field metadata.__proto__', 'unknown-field spec.__proto__']));
    expect(found(present)).toEqual(expect.arrayContaining(['unknown-field __proto__', 'maxLength spec.propertyIsEnumerable']));
  });

  it('generate builds a project that type-checks, with __proto__ and hasOwnProperty fields too', { timeout: 120_000 }, async () => {
    // Both names break json-schema-to-typescript when passed as they are.
    const withMore = join(scratch, 'more-protos.yaml');
    writeFileSync(
      withMore,
      readFileSync(crd, 'utf8').replace(
        '                isPrototypeOf: { type: string }\n',
        '                isPrototypeOf: { type: string }\n                __proto__: { type: object, required: [hasOwnProperty], properties: { hasOwnProperty: { type: integer } } }\n                hasOwnProperty: { type: boolean }\n',
      ),
    );
    const out = join(scratch, 'protos');
    const run = await runBounded([withMore, '--out', out, '--quiet']);
    expect(withinBounds(run)).toBeUndefined();
    expect(run.code, run.stderr).toBe(0);
    const types = readFileSync(join(out, 'src/resources/proto.ts'), 'utf8');
    expect(types).toContain('  __proto__?: ProtoSpecProto;\n  hasOwnProperty?: boolean;');
    expect(types).toMatch(/interface ProtoSpecProto \{\n {2}hasOwnProperty: number;/);
    expect(types).toMatch(/ {2}constructor: string;\n {2}toString: string;/);
    const checked = await typeCheck(out, ['src/**/*.ts']);
    expect(checked.output).toBe('');
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'a CRD with %s among its own keys gets an error, not a crash',
    { timeout: TIMEOUT },
    async (key) => {
      const path = join(scratch, `crd-${key}.json`);
      // Raw JSON text: `__proto__` is an own key of every object it appears in.
      const at = (body: string) => `{"${key}": {"type": "string", "a": {"b": 1}}, ${body}}`;
      writeFileSync(
        path,
        at(
          `"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"protos.example.com"},"spec":${at(`"group":"example.com","scope":"Namespaced","names":${at('"kind":"Proto","plural":"protos"')},"versions":[${at('"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object"}}')}]`)}`,
        ),
      );
      const run = await runBounded([path, '--json', '--dry-run', '--out', join(scratch, 'never')]);
      expect(withinBounds(run)).toBeUndefined();
      expect(run.code).toBe(1);
      const codes = JSON.parse(run.stdout).diagnostics.map((d: { code: string; path: string }) => `${d.code} ${d.path}`);
      expect(codes).toEqual(expect.arrayContaining([`unknown-key ${key}`, `unknown-key spec.${key}`, `unknown-key spec.names.${key}`]));
    },
  );
});
