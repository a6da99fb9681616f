/**
 * The webhook manifests of deploy/ put to a real kube-apiserver: a project of two kinds, one served
 * in two differing versions (crds/conversion), generated with --webhooks validate,mutate, applied
 * with kubectl -k as the generated README says (cert-manager's kinds installed beforehand, its
 * controllers absent: nothing here needs a certificate issued).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ControlPlane, installCrds, startControlPlane } from '@gen-operator/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kubectl } from '../../../test/support/commands.js';
import { repoDir, runCli, workDir } from './helpers.js';

const certManager = ['cert-manager.io_issuers.yaml', 'cert-manager.io_certificates.yaml'].map((f) =>
  join(repoDir, 'test', 'corpus', 'crds', 'cert-manager', f),
);
const out = join(workDir, 'webhooks-e2e');
let plane: ControlPlane;

beforeAll(async () => {
  const [started, generated] = await Promise.all([
    startControlPlane(),
    runCli(['crds/demo.yaml', 'crds/conversion/demo-versions.yaml', '--out', out, '--webhooks', 'validate,mutate', '-q']),
  ]);
  plane = started;
  expect(generated.code, generated.stderr).toBe(0);
  await installCrds(plane, [...certManager, join(out, 'crds', 'demo.yaml'), join(out, 'crds', 'demo-versions.yaml')]);
});

afterAll(async () => {
  await plane?.stop();
});

describe('deploy/ with webhooks and conversion', () => {
  it('passes a server-side dry run, then applies: the configurations and the CRD point at the Service', async () => {
    const admin = plane.kubeconfigPath;
    const namespace = kubectl(admin, ['apply', '-f', join(out, 'deploy', 'namespace.yaml')]);
    expect(namespace.status, namespace.stderr).toBe(0);
    const dryRun = kubectl(admin, ['apply', '--dry-run=server', '-k', join(out, 'deploy')]);
    expect(dryRun.status, dryRun.stderr).toBe(0);
    const apply = kubectl(admin, ['apply', '-k', join(out, 'deploy')]);
    expect(apply.status, apply.stderr).toBe(0);

    const name = JSON.parse(readFileSync(join(out, 'gen-operator.json'), 'utf8')).name as string;
    const service = { name: `${name}-webhook`, namespace: name, port: 443 };
    const validating = await plane.request<{
      metadata: { annotations: Record<string, string> };
      webhooks: { name: string; clientConfig: unknown }[];
    }>('GET', `/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/${name}-validate`);
    expect(validating.metadata.annotations['cert-manager.io/inject-ca-from']).toBe(`${name}/${name}-webhook`);
    expect(validating.webhooks.map((w) => [w.name, w.clientConfig])).toEqual([
      ['validate.v1.demo.devoops.io', { service: { ...service, path: '/validate/devoops.io/v1/demo' } }],
      [
        'validate.v1alpha1.demos.conversion.devoops.io',
        { service: { ...service, path: '/validate/conversion.devoops.io/v1alpha1/demos' } },
      ],
      ['validate.v1.demos.conversion.devoops.io', { service: { ...service, path: '/validate/conversion.devoops.io/v1/demos' } }],
    ]);
    const mutating = await plane.request<{ webhooks: unknown[] }>(
      'GET',
      `/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/${name}-mutate`,
    );
    expect(mutating.webhooks).toHaveLength(3);

    const crd = await plane.request<{ spec: { conversion: unknown } }>(
      'GET',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/demos.conversion.devoops.io',
    );
    expect(crd.spec.conversion).toEqual({
      strategy: 'Webhook',
      webhook: {
        conversionReviewVersions: ['v1'],
        clientConfig: { service: { ...service, path: '/convert/conversion.devoops.io/demos' } },
      },
    });
    // The single-version Demo keeps the strategy None.
    const demo = await plane.request<{ spec: { conversion: { strategy: string } } }>(
      'GET',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/demo.devoops.io',
    );
    expect(demo.spec.conversion.strategy).toBe('None');
    const certificate = parse(readFileSync(join(out, 'deploy', 'webhooks.yaml'), 'utf8').split('\n---\n')[2]!);
    expect(certificate.spec.dnsNames).toContain(`${name}-webhook.${name}.svc`);
  });
});
