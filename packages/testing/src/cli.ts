#!/usr/bin/env node
/**
 * gen-operator-testing install   find or build the control-plane binaries (idempotent)
 * gen-operator-testing up        start a control plane for a person; Ctrl-C stops it
 */
import { ensureBinaries } from './binaries/ensure.js';
import { startControlPlane } from './controlplane/plane.js';
import { KUBERNETES_VERSION } from './versions.js';

const USAGE = `Usage: gen-operator-testing <command>

Commands:
  install   find or build etcd, kube-apiserver and kube-controller-manager ${KUBERNETES_VERSION}
            (TEST_ASSET_* / KUBEBUILDER_ASSETS, then the cache, then a build with Go; idempotent)
  up        start a control plane on 127.0.0.1 and print its kubeconfig; Ctrl-C stops it

Exit codes: 0 ok, 1 failure, 2 usage error.`;

async function main(argv: string[]): Promise<number> {
  const command = argv[0];
  if (command === 'install') {
    const binaries = await ensureBinaries();
    process.stdout.write(
      `etcd:                    ${binaries.etcd}\nkube-apiserver:          ${binaries.kubeApiServer}\n` +
        `kube-controller-manager: ${binaries.kubeControllerManager ?? '(none)'}\n(from ${binaries.source})\n`,
    );
    return 0;
  }
  if (command === 'up') {
    const started = Date.now();
    const plane = await startControlPlane();
    process.stdout.write(
      `Control plane ${KUBERNETES_VERSION} ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${plane.server}\n` +
        `kubeconfig: ${plane.kubeconfigPath}\n\n  export KUBECONFIG=${plane.kubeconfigPath}\n\nCtrl-C stops it.\n`,
    );
    // The plane's processes are unref'd (tests must not wait on them), so hold the event loop open.
    const keepAlive = setInterval(() => {}, 60_000);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    clearInterval(keepAlive);
    process.stdout.write('Stopping…\n');
    await plane.stop();
    return 0;
  }
  process.stderr.write(`${command && command !== '--help' && command !== '-h' ? `Unknown command: ${command}\n\n` : ''}${USAGE}\n`);
  return command === '--help' || command === '-h' ? 0 : 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
