import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

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
    const child = spawn(process.execPath, [cli, 'up'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const kubeconfig = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /export KUBECONFIG=(\S+)\n/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`up exited early (${code}): ${output}`)));
    });
    const namespaces = spawnSync('kubectl', ['--kubeconfig', kubeconfig, 'get', 'namespace', 'default', '-o', 'name'], {
      encoding: 'utf8',
    });
    expect(namespaces.stdout.trim(), namespaces.stderr).toBe('namespace/default');
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(existsSync(dirname(kubeconfig))).toBe(false);
  });
});
