/**
 * Before any test file runs: find or build the control-plane binaries once, with progress on the
 * terminal, so parallel test files never race to build and a fresh machine needs no extra step.
 */
import { ensureBinaries } from '../../packages/testing/src/binaries/ensure.js';

export default async function setup(): Promise<void> {
  const binaries = await ensureBinaries();
  process.stderr.write(`[control-plane] binaries from ${binaries.source}: ${binaries.kubeApiServer}\n`);
}
