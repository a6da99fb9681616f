/**
 * @gen-operator/testing — a real Kubernetes control plane for tests.
 *
 * ```ts
 * const plane = await startControlPlane();
 * await installCrds(plane, ['crds/demo.yaml']);
 * const operator = await createIdentity(plane, { name: 'demo-operator', rules: [...] });
 * // or the rights the project's own manifests give: await identityFromManifests(plane, ['deploy/rbac.yaml'])
 * // … run the operator with operator.kubeconfigPath, assert on cluster state …
 * await plane.stop();
 * ```
 */
export { startControlPlane, ControlPlane, type ControlPlaneOptions } from './controlplane/plane.js';
export { createIdentity, can, type Identity, type IdentityOptions, type PolicyRule } from './controlplane/identity.js';
export { identityFromManifests, type ManifestIdentityOptions } from './controlplane/manifest-identity.js';
export { installCrds } from './controlplane/crds.js';
export { RestError, type Credentials } from './controlplane/rest.js';
export { ensureBinaries, type EnsureBinariesOptions } from './binaries/ensure.js';
export { type Binaries, versionedCacheDir } from './binaries/binaries.js';
export { GoNotFoundError } from './binaries/build.js';
export { ProcessExitedError } from './process/managed-process.js';
export { startProcess, stopProcesses, TestProcess, type StartProcessOptions } from './process/test-process.js';
export { TEST_RUN_VARIABLE, ProcessGroup, signalGroup, type Exit, type StopOutcome } from './process/group.js';
export { Reaper } from './process/reaper.js';
export { KUBERNETES_VERSION, ETCD_VERSION } from './versions.js';
