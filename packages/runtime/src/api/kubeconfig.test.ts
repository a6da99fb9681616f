import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPlainKubeconfig } from './kubeconfig.js';

const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const b64 = (text: string) => Buffer.from(text).toString('base64');
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('plain kubeconfig', () => {
  it('reads the current context: inline CA, client certificate, and a token file relative to the file', () => {
    write('token', 'secret-token\n');
    const path = write(
      'config',
      `apiVersion: v1
current-context: b
contexts:
  - { name: a, context: { cluster: other, user: other } }
  - { name: b, context: { cluster: c1, user: u1 } }
clusters:
  - { name: c1, cluster: { server: 'https://127.0.0.1:6443', certificate-authority-data: ${b64('CA')} } }
users:
  - { name: u1, user: { client-certificate-data: ${b64('CERT')}, client-key-data: ${b64('KEY')}, tokenFile: token } }
`,
    );
    expect(readPlainKubeconfig(path)).toEqual({
      server: 'https://127.0.0.1:6443',
      ca: 'CA',
      cert: 'CERT',
      key: 'KEY',
      token: 'secret-token',
    });
  });

  it('leaves exec plugins to client-node', () => {
    const path = write(
      'exec',
      `current-context: x
contexts: [{ name: x, context: { cluster: c, user: u } }]
clusters: [{ name: c, cluster: { server: 'https://k' } }]
users: [{ name: u, user: { exec: { command: aws } } }]
`,
    );
    expect(readPlainKubeconfig(path)).toBeUndefined();
  });
});
