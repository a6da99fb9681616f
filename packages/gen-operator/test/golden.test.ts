import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../src/generate.js';
import { repoDir, workDir } from './helpers.js';

const corpus = join(repoDir, 'test', 'corpus', 'crds');

// Snapshots of what the generator writes; review a changed snapshot like code.
describe('golden files', () => {
  it('crds/demo.yaml: the whole project', async () => {
    const result = await generate({
      paths: ['crds/demo.yaml'],
      out: join(workDir, 'golden-demo'),
      dryRun: true,
      cwd: repoDir,
    });
    expect(result.diagnostics).toEqual([]);
    const files = result.plan!.files;
    expect(files.map((f) => f.action)).toEqual(files.map(() => 'create'));
    for (const file of files) {
      // file: references are relative to wherever the checkout and the output folder are.
      const content = (file.content ?? '').replaceAll(/"file:[^"]*\/packages\//g, '"file:<checkout>/packages/');
      await expect(content).toMatchFileSnapshot(`golden/demo/${file.path}.golden`);
    }
  });

  it('crds/conversion/demo-versions.yaml with --webhooks validate: the conversion and webhook files', async () => {
    const result = await generate({
      paths: ['crds/conversion/demo-versions.yaml'],
      out: join(workDir, 'golden-conversion'),
      dryRun: true,
      cwd: repoDir,
      webhooks: ['validate'],
    });
    expect(result.diagnostics).toEqual([]);
    const wanted =
      /^(src\/conversion\/|test\/.*\.conversion\.test\.ts$|deploy\/(webhooks|crd-.*|deployment|kustomization)\.yaml$|src\/main\.ts$)/;
    const files = result.plan!.files.filter((f) => wanted.test(f.path));
    expect(files.map((f) => f.path).sort()).toEqual([
      'deploy/crd-demo.yaml',
      'deploy/deployment.yaml',
      'deploy/kustomization.yaml',
      'deploy/webhooks.yaml',
      'src/conversion/demo.ts',
      'src/main.ts',
      'test/demo.conversion.test.ts',
    ]);
    for (const file of files) await expect(file.content).toMatchFileSnapshot(`golden/conversion/${file.path}.golden`);
  });

  it.each([
    ['crossplane/apiextensions.crossplane.io_environmentconfigs.yaml', 'environmentconfig'],
    ['external-secrets/generators.external-secrets.io_passwords.yaml', 'password'],
    ['keda/eventing.keda.sh_cloudeventsources.yaml', 'cloudeventsource'],
  ])('%s: the resource file', async (crd, stem) => {
    const result = await generate({
      paths: [join(corpus, crd)],
      out: join(workDir, 'golden-corpus'),
      dryRun: true,
      cwd: corpus,
    });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const file = result.plan!.files.find((f) => f.path === `src/resources/${stem}.ts`);
    await expect(file?.content).toMatchFileSnapshot(`golden/corpus/${stem}.ts.golden`);
  });
});
