import { describe, expect, it } from 'vitest';
import { ConfigMap } from '../builtins/index.js';
import { bindOn } from '../registry/on.js';
import { Registry } from '../registry/registry.js';
import { defineResource } from '../resource/define.js';
import { webhookConfigurations } from './registration.js';

const Demo = defineResource({ group: 'devoops.io', version: 'v1', kind: 'Demo', plural: 'demo', singular: 'demo', namespaced: true });
const Cluster = defineResource({
  group: 'example.com',
  version: 'v1beta1',
  kind: 'Thing',
  plural: 'things',
  singular: 'thing',
  namespaced: false,
});
const target = { url: 'https://127.0.0.1:9443/', caPem: 'PEM', name: 'op.gen-operator.dev', fieldManager: 'op' };

describe('the webhook configurations of development registration', () => {
  it('have one webhook per resource: the union of operations, the strictest policy, the longest timeout', () => {
    const registry = new Registry();
    const on = bindOn(registry);
    on.validate(Demo, () => undefined, { operations: ['CREATE'], failurePolicy: 'Ignore', timeoutSeconds: 5 });
    on.validate(Demo, () => undefined, { operations: ['DELETE'], timeoutSeconds: 20, sideEffects: 'NoneOnDryRun' });
    on.mutate(Demo, () => undefined, { failurePolicy: 'Ignore' });
    const [validating, mutating, ...rest] = webhookConfigurations(registry.admission.values(), { ...target, namespaces: ['a', 'b'] });
    expect(rest).toEqual([]);
    expect(validating?.plural).toBe('validatingwebhookconfigurations');
    expect(validating?.body).toMatchObject({ kind: 'ValidatingWebhookConfiguration', metadata: { name: 'op.gen-operator.dev' } });
    expect(validating?.body.webhooks).toEqual([
      {
        name: 'v1.demo.devoops.io',
        clientConfig: { url: 'https://127.0.0.1:9443/validate/devoops.io/v1/demo', caBundle: Buffer.from('PEM').toString('base64') },
        rules: [
          { apiGroups: ['devoops.io'], apiVersions: ['v1'], resources: ['demo'], operations: ['CREATE', 'DELETE'], scope: 'Namespaced' },
        ],
        failurePolicy: 'Fail',
        sideEffects: 'NoneOnDryRun',
        timeoutSeconds: 20,
        admissionReviewVersions: ['v1'],
        matchPolicy: 'Equivalent',
        namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['a', 'b'] }] },
      },
    ]);
    expect(mutating?.body.webhooks).toMatchObject([
      {
        clientConfig: { url: 'https://127.0.0.1:9443/mutate/devoops.io/v1/demo' },
        rules: [{ operations: ['CREATE', 'UPDATE'] }],
        failurePolicy: 'Ignore',
        timeoutSeconds: 10,
        reinvocationPolicy: 'Never',
      },
    ]);
  });

  it('write the core group as `core`, leave cluster-scoped resources unselected, and skip a kind without handlers', () => {
    const registry = new Registry();
    const on = bindOn(registry);
    on.validate(ConfigMap, () => undefined);
    on.validate(Cluster, () => undefined);
    const configurations = webhookConfigurations(registry.admission.values(), { ...target, namespaces: ['a'] });
    expect(configurations.map((c) => c.plural)).toEqual(['validatingwebhookconfigurations']);
    const [core, cluster] = configurations[0]!.body.webhooks;
    expect(core).toMatchObject({ name: 'v1.configmaps.core', clientConfig: { url: 'https://127.0.0.1:9443/validate/core/v1/configmaps' } });
    expect(core).toHaveProperty('namespaceSelector');
    expect(cluster).toMatchObject({ name: 'v1beta1.things.example.com', rules: [{ scope: 'Cluster' }] });
    expect(cluster).not.toHaveProperty('namespaceSelector');
  });
});
