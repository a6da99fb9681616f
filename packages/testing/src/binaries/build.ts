/**
 * Builds etcd, kube-apiserver and kube-controller-manager from the wrapper Go module shipped in
 * this package (controlplane/go.mod). k8s.io/kubernetes cannot be `go install`ed: its go.mod requires
 * the staging modules at v0.0.0, so the wrapper replaces each with its published tag.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KUBERNETES_VERSION } from '../versions.js';
import type { BinaryName } from './binaries.js';

/** The wrapper module: packages/testing/controlplane, both from src/ and from dist/. */
export const WRAPPER_MODULE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'controlplane');

const PACKAGES: Record<BinaryName, { path: string; minutes: string; stamped: boolean }> = {
  etcd: { path: 'go.etcd.io/etcd/server/v3', minutes: 'about 1 min', stamped: false },
  'kube-apiserver': { path: 'k8s.io/kubernetes/cmd/kube-apiserver', minutes: 'about 4 min', stamped: true },
  'kube-controller-manager': {
    path: 'k8s.io/kubernetes/cmd/kube-controller-manager',
    minutes: 'about 1.5 min',
    stamped: true,
  },
};

export class GoNotFoundError extends Error {}

function versionLdflags(): string {
  const [major, minor] = KUBERNETES_VERSION.slice(1).split('.');
  // Without these, /version reports v0.0.0-master and clients' skew checks misbehave.
  return ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']
    .flatMap((pkg) => [`-X ${pkg}.gitVersion=${KUBERNETES_VERSION}`, `-X ${pkg}.gitMajor=${major}`, `-X ${pkg}.gitMinor=${minor}`])
    .join(' ');
}

export function findGo(env: NodeJS.ProcessEnv): string {
  const go = env.GO ?? 'go';
  const probe = spawnSync(go, ['version'], { env, encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new GoNotFoundError(
      'The control plane binaries are not cached and Go is not available to build them.\n' +
        '  Either install Go 1.26 or newer (https://go.dev/dl/) and run `npx gen-operator-testing install`,\n' +
        '  or point at existing binaries: set KUBEBUILDER_ASSETS to a folder with etcd and kube-apiserver\n' +
        '  (for example from setup-envtest), or TEST_ASSET_ETCD and TEST_ASSET_KUBE_APISERVER to each binary.',
    );
  }
  return go;
}

function run(go: string, args: string[], env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(go, args, { cwd: WRAPPER_MODULE_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 30) tail.shift();
        log(`  ${line}`);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`go ${args.join(' ')} failed (exit ${code}):\n${tail.join('\n')}`)),
    );
  });
}

/** Builds all three binaries into `<targetDir>/bin`, through a temp folder so a cut-short build leaves nothing half-made. */
export async function buildBinaries(targetDir: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  const go = findGo(env);
  const staging = `${targetDir}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'bin'), { recursive: true });
  const buildEnv = { ...env, CGO_ENABLED: '0' };
  const started = Date.now();
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)}s`;
  try {
    log(`[control-plane] building Kubernetes ${KUBERNETES_VERSION} from Go modules into ${targetDir} (about 7 min on 2 cores, once)`);
    log(`[control-plane] downloading modules (${elapsed()})`);
    await run(go, ['mod', 'download'], buildEnv, log);
    for (const [name, spec] of Object.entries(PACKAGES) as [BinaryName, (typeof PACKAGES)[BinaryName]][]) {
      log(`[control-plane] building ${name}, ${spec.minutes} (${elapsed()})`);
      const ldflags = spec.stamped ? `-s -w ${versionLdflags()}` : '-s -w';
      await run(go, ['build', '-trimpath', '-ldflags', ldflags, '-o', join(staging, 'bin', name), spec.path], buildEnv, log);
    }
    rmSync(targetDir, { recursive: true, force: true });
    mkdirSync(dirname(targetDir), { recursive: true });
    renameSync(staging, targetDir);
    log(`[control-plane] done in ${elapsed()}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
