/**
 * Built-in kinds are typed from client-node's models and used like generated resources: handlers
 * get the model (with apiVersion and kind as literals, times as strings), a wrong field fails to
 * compile, and validate() checks what it can without a schema.
 */
import type { V1DeploymentSpec, V1PodStatus } from '@kubernetes/client-node';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ConfigMap,
  CronJob,
  createOperator,
  DaemonSet,
  Deployment,
  Ingress,
  Job,
  NetworkPolicy,
  PersistentVolumeClaim,
  Pod,
  PodDisruptionBudget,
  ReplicaSet,
  Secret,
  Service,
  ServiceAccount,
  StatefulSet,
  type Wire,
} from '../index.js';

describe('built-in kinds', () => {
  it('type handler arguments from client-node models', () => {
    const operator = createOperator();
    operator.on.create(Deployment, ({ body, spec, patch }) => {
      expectTypeOf(body).toEqualTypeOf<Deployment>();
      expectTypeOf(body.apiVersion).toEqualTypeOf<'apps/v1'>();
      expectTypeOf(body.kind).toEqualTypeOf<'Deployment'>();
      expectTypeOf(spec).toEqualTypeOf<Wire<V1DeploymentSpec>>();
      expectTypeOf(spec.replicas).toEqualTypeOf<number | undefined>();
      patch.spec = { replicas: 3 };
      // @ts-expect-error: replicas is a number
      patch.spec = { replicas: 'three' };
      // @ts-expect-error: a Deployment's spec has no field 'size'
      return spec.size;
    });
    operator.on.update(Pod, ({ status }) => {
      expectTypeOf(status).toEqualTypeOf<Wire<V1PodStatus>>();
      // The JSON carries RFC 3339 strings where client-node's models say Date.
      expectTypeOf(status.startTime).toEqualTypeOf<string | undefined>();
      expectTypeOf(status.conditions?.[0]?.lastTransitionTime).toEqualTypeOf<string | undefined>();
    });
    operator.on.create(ConfigMap, ({ body }) => {
      expectTypeOf(body.data).toEqualTypeOf<{ [key: string]: string } | undefined>();
      // @ts-expect-error: a ConfigMap has no spec
      return body.spec;
    });
    // @ts-expect-error: kind is a literal
    const wrongKind: ConfigMap = { apiVersion: 'v1', kind: 'Secret' };
    void wrongKind;
    expect(operator.on).toBeDefined();
  });

  it('describe each kind as the apiserver serves it', () => {
    const described = [
      ConfigMap,
      Secret,
      Service,
      ServiceAccount,
      Pod,
      PersistentVolumeClaim,
      Deployment,
      StatefulSet,
      DaemonSet,
      ReplicaSet,
      Job,
      CronJob,
      Ingress,
      NetworkPolicy,
      PodDisruptionBudget,
    ].map((r) => `${r.apiVersion} ${r.kind} ${r.plural}${r.namespaced ? '' : ' cluster'}`);
    expect(described).toEqual([
      'v1 ConfigMap configmaps',
      'v1 Secret secrets',
      'v1 Service services',
      'v1 ServiceAccount serviceaccounts',
      'v1 Pod pods',
      'v1 PersistentVolumeClaim persistentvolumeclaims',
      'apps/v1 Deployment deployments',
      'apps/v1 StatefulSet statefulsets',
      'apps/v1 DaemonSet daemonsets',
      'apps/v1 ReplicaSet replicasets',
      'batch/v1 Job jobs',
      'batch/v1 CronJob cronjobs',
      'networking.k8s.io/v1 Ingress ingresses',
      'networking.k8s.io/v1 NetworkPolicy networkpolicies',
      'policy/v1 PodDisruptionBudget poddisruptionbudgets',
    ]);
    expect(Object.isFrozen(Deployment)).toBe(true);
  });

  it('validate() checks the kind and metadata, and passes the rest as the apiserver would judge it', () => {
    const good: ConfigMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', labels: { app: 'web' } },
      data: { a: 'b' },
    };
    expect(ConfigMap.validate(good)).toEqual({ valid: true, value: good, issues: [] });
    const bad = ConfigMap.validate({
      apiVersion: 'apps/v1',
      kind: 'ConfigMap',
      metadata: { name: 'Not_A_Name', labels: { 'bad key!': 'x' } },
    });
    expect(bad.valid).toBe(false);
    expect(bad.issues.map((i) => i.path)).toEqual(['apiVersion', 'metadata.name', 'metadata.labels']);
    expect(Deployment.validate({ apiVersion: 'apps/v1', kind: 'Deployment' }).issues).toEqual([
      { path: 'metadata.name', message: 'Required value: name or generateName is required', rule: 'metadata.name' },
    ]);
    expect(Pod.validate('a pod').issues[0]?.message).toMatch(/must be an object \(a Pod\)/);
  });

  it('withDefaults() says that built-in kinds are defaulted by the apiserver', () => {
    expect(() => Deployment.withDefaults({ apiVersion: 'apps/v1', kind: 'Deployment' })).toThrow(/built-in kind.*dryRun/);
  });
});
