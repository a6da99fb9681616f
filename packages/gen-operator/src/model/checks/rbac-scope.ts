import type { Diagnostic } from '../../diagnostics.js';
import { Reporter } from '../report.js';
import type { ResourceModel } from '../types.js';

/**
 * API groups kube-apiserver serves itself. A CRD may claim one (with the approval annotation
 * below), but deploy/rbac.yaml grants the operator its resources by group and plural: a CRD named
 * `mutatingwebhookconfigurations.admissionregistration.k8s.io` would have the generated operator
 * patch the cluster's webhooks. So the generator refuses them; the apiserver (and so `gen-operator
 * validate`) does not.
 */
const BUILT_IN_GROUPS = new Set([
  ...['admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'authentication.k8s.io'],
  ...['authorization.k8s.io', 'certificates.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'events.k8s.io'],
  ...['flowcontrol.apiserver.k8s.io', 'internal.apiserver.k8s.io', 'networking.k8s.io', 'node.k8s.io'],
  ...['rbac.authorization.k8s.io', 'resource.k8s.io', 'scheduling.k8s.io', 'storage.k8s.io', 'storagemigration.k8s.io'],
  ...['metrics.k8s.io', 'custom.metrics.k8s.io', 'external.metrics.k8s.io'],
]);

/** What the generator refuses beyond the apiserver's checks: CRDs whose RBAC rules would reach built-in resources. */
export function checkGeneratable(models: readonly ResourceModel[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const model of models) {
    if (!BUILT_IN_GROUPS.has(model.group)) continue;
    const report = new Reporter(model.source);
    report.error(
      'built-in-group',
      ['spec', 'group'],
      `spec.group "${model.group}" is a built-in Kubernetes API group; deploy/rbac.yaml would grant the operator access to built-in resources`,
      'use a group under a domain you own, e.g. "example.com"',
    );
    diagnostics.push(...report.diagnostics);
  }
  return diagnostics;
}
