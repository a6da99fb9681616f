import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from './controlplane/wait.js';
import { startProcess, stopProcesses } from './process/test-process.js';

const cli = join(import.meta.dirname, '..', 'dist', 'cli.js');

describe('gen-operator-testing', () => {
  it('install finds the cached binaries and says where they came from', () => {
    const result = spawnSync(process.execPath, [cli, 'install'], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^kube-apiserver:\s+\/.+kube-apiserver$/m);
    expect(result.stdout).toMatch(/\(from (cache|environment)\)/);
  });

  it('refuses an unknown command with exit code 2 and the usage', () => {
    const result = spawnSync(process.execPath, [cli, 'nonsense'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Unknown command: nonsense/);
    expect(result.stderr).toMatch(/Usage: gen-operator-testing <command>/);
  });

  it('up starts a plane that kubectl can use, and Ctrl-C stops it and cleans up', async () => {
    const up = startProcess(process.execPath, [cli, 'up']);
    try {
      const printed = waitFor('the export line', async () => /export KUBECONFIG=\S+\n/.test(up.stdout), { timeoutMs: 120_000 });
      const early = up.exited.then((code) => Promise.reject(new Error(`up exited early (${code}): ${up.output()}`)));
      await Promise.race([printed, early]);
      early.catch(() => undefined);
      const kubeconfig = /export KUBECONFIG=(\S+)\n/.exec(up.stdout)?.[1] as string;
      const namespaces = spawnSync('kubectl', ['--kubeconfig', kubeconfig, 'get', 'namespace', 'default', '-o', 'name'], {
        encoding: 'utf8',
      });
      expect(namespaces.stdout.trim(), namespaces.stderr).toBe('namespace/default');
      expect(await up.stop('SIGINT')).toBe(0);
      expect(up.stderr).not.toMatch(/SIGKILL/);
      expect(existsSync(dirname(kubeconfig))).toBe(false);
    } finally {
      await stopProcesses();
    }
  });
});
