import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runValidate } from './validate.js';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: demos.devoops.io
spec:
  group: devoops.io
  scope: Namespaced
  names: { kind: Demo, plural: demos, singular: demo, listKind: DemoList }
  versions:
    - name: v1
      served: true
      storage: true
      subresources: { status: {} }
      schema:
        openAPIV3Schema:
          type: object
          properties:
            apiVersion: { type: string }
            kind: { type: string }
            metadata: { type: object }
            spec:
              type: object
              required: [replicas]
              x-kubernetes-validations:
                - rule: "self.replicas <= 5"
                  message: at most 5 replicas
                - rule: "self == oldSelf"
              properties:
                replicas: { type: integer, default: 1 }
                mode: { type: string, enum: [fast, slow] }
`;

const VALID = `apiVersion: devoops.io/v1
kind: Demo
metadata:
  name: ok
spec:
  mode: fast
`;

const INVALID = `apiVersion: devoops.io/v1
kind: Demo
metadata:
  name: bad
spec:
  replicas: 9
  mode: medium
  typo: 1
---
apiVersion: other.io/v1
kind: Nope
metadata:
  name: x
`;

function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'validate-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function run(options: Parameters<typeof runValidate>[0]) {
  let out = '';
  let err = '';
  const code = await runValidate({
    ...options,
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
  });
  return { code, out, err };
}

let cache: string;
beforeAll(() => {
  cache = mkdtempSync(join(tmpdir(), 'validate-cache-'));
  process.env.GEN_OPERATOR_CACHE = cache;
});

describe('runValidate', () => {
  it('exits 0 when every resource is valid, with CRDs from --crd', async () => {
    const dir = fixture({ 'crd.yaml': CRD, 'ok.yaml': VALID });
    const r = await run({ paths: [join(dir, 'ok.yaml')], crds: [join(dir, 'crd.yaml')] });
    expect(r.code).toBe(0);
    expect(r.out).toContain('1 resource checked against 1 CRD: all valid');
    expect(r.out).toContain('note'); // the oldSelf rule is reported as not checkable
  });

  it('exits 1 and locates each finding at file:line:col with path and rule', async () => {
    const dir = fixture({ 'crd.yaml': CRD, 'bad.yaml': INVALID });
    const r = await run({ paths: [dir] });
    expect(r.code).toBe(1);
    const bad = join(dir, 'bad.yaml');
    expect(r.out).toContain(`${bad}:7:3 error: Demo bad: Unsupported value: "medium"`);
    expect(r.out).toContain(`${bad}:8:3 error: Demo bad: unknown field`);
    expect(r.out).toMatch(
      /bad\.yaml:5:1 error: Demo bad: Invalid value: at most 5 replicas \(rule: self.replicas <= 5\) \(spec\) \[x-kubernetes-validations\]/,
    );
    expect(r.out).toContain(`${bad}:11:1 error: Nope x: no CRD defines kind Nope in group other.io`);
    expect(r.out.indexOf(':7:3 error')).toBeLessThan(r.out.indexOf(':8:3 error'));
  });

  it('exits 2 for a missing path or an unknown output format', async () => {
    expect((await run({ paths: ['/no/such/file.yaml'] })).code).toBe(2);
    const bad = await run({ paths: ['x'], output: 'xml' });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown output format');
  });

  it('writes json, junit, github and sarif', async () => {
    const dir = fixture({ 'crd.yaml': CRD, 'bad.yaml': INVALID, 'ok.yaml': VALID });
    const json = JSON.parse((await run({ paths: [dir], output: 'json' })).out);
    expect(json.valid).toBe(false);
    expect(json.resources.map((r: { valid: boolean }) => r.valid)).toEqual([false, false, true]);
    const junit = (await run({ paths: [dir], output: 'junit' })).out;
    expect(junit).toMatch(/<testsuites name="gen-operator validate" tests="3" failures="2">/);
    expect(junit).toContain(
      '<failure message="Invalid value: at most 5 replicas (rule: self.replicas &lt;= 5)" type="x-kubernetes-validations">',
    );
    expect(junit).toContain('Unsupported value: &quot;medium&quot;');
    const github = (await run({ paths: [dir], output: 'github' })).out;
    expect(github).toMatch(/^::error file=.*bad\.yaml,line=7,col=3,title=enum at spec\.mode::Demo bad: Unsupported value/m);
    const sarif = JSON.parse((await run({ paths: [dir], output: 'sarif' })).out);
    expect(sarif.version).toBe('2.1.0');
    const enumResult = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'enum');
    expect(enumResult.locations[0].physicalLocation.region).toEqual({ startLine: 7, startColumn: 3 });
  });

  it('with --strict, warnings fail the run', async () => {
    const lowerKind = CRD.replace('kind: Demo, plural', 'kind: demo, plural');
    const dir = fixture({ 'crd.yaml': lowerKind });
    const normal = await run({ paths: [dir] });
    const strict = await run({ paths: [dir], strict: true });
    expect(normal.out).toContain('warning');
    expect(normal.code).toBe(0);
    expect(strict.code).toBe(1);
  });

  it('takes metadata as kubectl writes it (creationTimestamp: null)', async () => {
    const written = VALID.replace('  name: ok\n', '  name: ok\n  creationTimestamp: null\n  labels: null\n');
    const dir = fixture({ 'crd.yaml': CRD, 'ok.yaml': written });
    const r = await run({ paths: [join(dir, 'ok.yaml')], crds: [join(dir, 'crd.yaml')], strict: true });
    expect(written).toContain('creationTimestamp: null');
    expect(r.out).toContain('1 resource checked against 1 CRD: all valid');
    expect(r.code).toBe(0);
  });

  it('a rule using something unsupported is a warning, and fails the run with --strict; a transition rule is a note', async () => {
    const unsupported = CRD.replace('- rule: "self == oldSelf"', '- rule: "self.noSuchFunction(1) == 2"');
    const dir = fixture({ 'crd.yaml': unsupported, 'ok.yaml': VALID });
    // --crd: the CRD's own warnings (it has no status) are not this run's.
    const options = { paths: [join(dir, 'ok.yaml')], crds: [join(dir, 'crd.yaml')] };
    const normal = await run(options);
    expect(normal.code).toBe(0);
    expect(normal.out).toMatch(/warning: .*not checkable here.*self\.noSuchFunction\(1\) == 2/);
    expect((await run({ ...options, strict: true })).code).toBe(1);
    const plain = fixture({ 'crd.yaml': CRD, 'ok.yaml': VALID });
    const transition = await run({ paths: [join(plain, 'ok.yaml')], crds: [join(plain, 'crd.yaml')], strict: true });
    expect(transition.code).toBe(0);
    expect(transition.out).toMatch(/note: .*self == oldSelf/);
  });

  it('reads CRDs from the cache on the next run, with the same findings at the same positions', async () => {
    const lowerKind = CRD.replace('kind: Demo, plural', 'kind: demo, plural');
    const dir = fixture({ 'crd.yaml': lowerKind, 'bad.yaml': INVALID.replace(/kind: Demo/g, 'kind: demo') });
    const first = await run({ paths: [dir], output: 'json' });
    expect(readdirSync(join(cache, 'validate')).some((f) => f.endsWith('.json'))).toBe(true);
    const second = await run({ paths: [dir], output: 'json' });
    expect(second.code).toBe(first.code);
    expect(JSON.parse(second.out)).toEqual(JSON.parse(first.out));
    const warning = JSON.parse(second.out).input.find((f: { severity: string }) => f.severity === 'warning');
    expect(warning).toMatchObject({ file: join(dir, 'crd.yaml') });
    expect(warning.line).toBeGreaterThan(1);
  });
});
