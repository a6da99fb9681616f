import { writeFileSync } from 'node:fs';
import type { Credentials } from './rest.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** A one-context kubeconfig. JSON is valid YAML, so kubectl and every client read it as is. */
export function kubeconfigText(server: string, credentials: Credentials, name: string): string {
  const user: Record<string, string> = {};
  if (credentials.cert && credentials.key) {
    user['client-certificate-data'] = b64(credentials.cert);
    user['client-key-data'] = b64(credentials.key);
  }
  if (credentials.token) user.token = credentials.token;
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'gen-operator-testing', cluster: { server, 'certificate-authority-data': b64(credentials.ca) } }],
    users: [{ name, user }],
    contexts: [{ name, context: { cluster: 'gen-operator-testing', user: name, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

export function writeKubeconfig(path: string, server: string, credentials: Credentials, name: string): string {
  writeFileSync(path, kubeconfigText(server, credentials, name), { mode: 0o600 });
  return path;
}
