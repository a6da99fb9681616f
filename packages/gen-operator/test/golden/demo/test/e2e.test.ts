import { type ChildProcess, spawn } from 'node:child_process';
import { type ControlPlane, installCrds, startControlPlane } from '@gen-operator/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
{resourceImports}

// The built operator (npm run build) against a real kube-apiserver, with the CRDs installed.
let plane: ControlPlane;
let operator: ChildProcess | undefined;

beforeAll(async () => {
  plane = await startControlPlane();
  await installCrds(plane, ['crds/demo.yaml']);
  operator = spawn(process.execPath, ['dist/main.js'], {
    env: { ...process.env, KUBECONFIG: plane.kubeconfigPath, WATCH_NAMESPACES: 'default', HEALTH_PORT: '0' },
    stdio: 'inherit',
  });
});

afterAll(async () => {
  operator?.kill('SIGTERM');
  await plane?.stop();
});
{cases}
