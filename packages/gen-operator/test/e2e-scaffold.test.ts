import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../src/generate.js';
import { workDir } from './helpers.js';
import { baseCrd, type Crd, crdText, writeInput } from './hostile/crds.js';

/** A file of a project generated from one CRD. */
async function projectFile(name: string, crd: Crd, path: string): Promise<string> {
  const cwd = join(workDir, 'e2e-scaffold', name);
  await writeInput(join(cwd, 'widget.yaml'), crdText(crd));
  const result = await generate({ paths: ['widget.yaml'], out: join(cwd, 'out'), dryRun: true, cwd });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.plan!.files.find((f) => f.path === path)!.content!;
}

const e2eTest = (name: string, crd: Crd) => projectFile(name, crd, 'test/e2e.test.ts');

const schemaOf = (crd: Crd) => crd.spec.versions[0]!.schema.openAPIV3Schema;

// Where the create handler's result lands is decided from the schema when the test is written.
describe("the generated end-to-end test asserts the create handler's result where the runtime keeps it", () => {
  const kept = "await expect.poll(async () => statusOf(await client.get('example-widget', 'default')).createWidget, wait).toEqual({";
  const logged = "await expect.poll(() => operator.output(), wait).toContain('Widget example-widget created');";
  const absent = "expect(statusOf(await client.get('example-widget', 'default'))).not.toHaveProperty('createWidget');";

  it('in status.<handler id> when status keeps unknown fields', async () => {
    const test = await e2eTest('preserved', baseCrd());
    expect(test).toContain(kept);
    expect(test).not.toContain(logged);
    expect(await projectFile('preserved', baseCrd(), 'src/handlers/widget.ts')).toContain(
      'The returned value is stored at status.createWidget.',
    );
  });

  it('in status.<handler id> when status declares that field, with or without a status subresource', async () => {
    const crd = baseCrd();
    schemaOf(crd).properties.status = {
      type: 'object',
      properties: { createWidget: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
    };
    Reflect.deleteProperty(crd.spec.versions[0]!, 'subresources');
    expect(await e2eTest('declared', crd)).toContain(kept);
  });

  it('nowhere when status prunes it, or when there is no status: the log line shows the handler ran', async () => {
    const fixed = baseCrd();
    schemaOf(fixed).properties.status = { type: 'object', properties: { phase: { type: 'string' } } };
    const none = baseCrd();
    delete schemaOf(none).properties.status;
    Reflect.deleteProperty(none.spec.versions[0]!, 'subresources');
    for (const [name, crd] of [
      ['fixed', fixed],
      ['none', none],
    ] as const) {
      const test = await e2eTest(name, crd);
      expect(test).toContain(logged);
      expect(test).toContain(absent);
      expect(test).not.toContain(kept);
      // The handler stub says so too, and what to change.
      expect(await projectFile(name, crd, 'src/handlers/widget.ts')).toContain(
        'would be stored at status.createWidget, but the status schema prunes that field',
      );
    }
  });

  it('and always follows the deletion until the object is gone, under the ServiceAccount of deploy/rbac.yaml', async () => {
    const test = await e2eTest('delete', baseCrd());
    expect(test).toContain("identityFromManifests(plane, ['deploy/rbac.yaml'], { namespace: 'widget-operator' })");
    expect(test).toContain('KUBECONFIG: identity.kubeconfigPath');
    expect(test).toContain("await client.delete('example-widget', 'default');");
    expect(test).toContain("await expect.poll(() => operator.output(), wait).toContain('Widget example-widget deleted');");
    expect(test).toContain("await expect.poll(() => exists(() => client.get('example-widget', 'default')), wait).toBe(false);");
  });
});
