import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleCrd as crd, runCli, workDir } from './helpers.js';

// `gen-operator validate` as a user types it (the built CLI, a second or two a run): --crd takes one value per flag.
describe('validate --crd', { timeout: 30_000 }, () => {
  const dir = join(workDir, 'validate-cli');

  beforeAll(async () => {
    await mkdir(join(dir, 'crds'), { recursive: true });
    await mkdir(join(dir, 'more'), { recursive: true });
    await writeFile(join(dir, 'crds/widget.yaml'), crd('Widget', 'widgets'));
    await writeFile(join(dir, 'more/gadget.yaml'), crd('Gadget', 'gadgets'));
    await writeFile(join(dir, 'ok.yaml'), object('Widget', 'w', 3));
    await writeFile(join(dir, 'bad.yaml'), object('Widget', 'w', 'three'));
    await writeFile(join(dir, 'both.yaml'), `${object('Widget', 'w', 1)}---\n${object('Gadget', 'g', 2)}`);
  });

  it('takes the path after its value as a document, not as a second --crd', async () => {
    const ok = await runCli(['validate', '--crd', 'crds/', 'ok.yaml'], dir);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('1 resource checked against 1 CRD: all valid');
    const bad = await runCli(['validate', '--crd', 'crds/', 'bad.yaml'], dir);
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stdout).toMatch(/^bad\.yaml:\d+:\d+ error: Widget w: .*spec\.size/m);
  });

  it('repeats for several CRD folders', async () => {
    const run = await runCli(['validate', '--crd', 'crds/', '--crd', 'more/', 'both.yaml'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('2 resources checked against 2 CRDs: all valid');
    const one = await runCli(['validate', '--crd', 'crds/', 'both.yaml'], dir);
    expect(one.code).toBe(1);
    expect(one.stdout).toContain('no CRD defines kind Gadget');
  });

  it('without a value is a usage error (exit 2)', async () => {
    const run = await runCli(['validate', 'ok.yaml', '--crd'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('crd');
  });
});

const object = (kind: string, name: string, size: number | string) => `apiVersion: example.com/v1
kind: ${kind}
metadata:
  name: ${name}
spec:
  size: ${JSON.stringify(size)}
`;
