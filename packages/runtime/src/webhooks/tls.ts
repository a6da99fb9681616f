/**
 * Where the webhook server's certificate comes from. Deployed: files in a directory, as cert-manager's
 * Secret is mounted (tls.crt, tls.key, ca.crt), re-read while running because cert-manager renews
 * them. Development: a local CA and a serving certificate made in memory at start.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WebhookTls } from './server.js';

/** How often the certificate directory is read again (the kubelet updates a mounted Secret within about a minute). */
export const CERT_RELOAD_MS = 10_000;

/** The files of `dir`: tls.crt and tls.key, and ca.crt when there is one. */
export async function readCertDir(dir: string): Promise<WebhookTls> {
  const read = async (name: string, required: boolean) => {
    try {
      return await readFile(join(dir, name), 'utf8');
    } catch (error) {
      if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new Error(
        `Webhook certificate directory ${dir}: cannot read ${name} (${(error as Error).message}). Mount the certificate's Secret there (tls.crt, tls.key, ca.crt), or unset GEN_OPERATOR_WEBHOOK_CERT_DIR for development certificates.`,
      );
    }
  };
  const [cert, key, ca] = await Promise.all([read('tls.crt', true), read('tls.key', true), read('ca.crt', false)]);
  return { cert: cert!, key: key!, ...(ca ? { ca } : {}) };
}

/**
 * Reads `dir` every `everyMs` and calls `onChange` when the files differ from what was last read.
 * Files caught half-written fail to load and are tried again at the next read.
 */
export function watchCertDir(
  dir: string,
  first: WebhookTls,
  onChange: (tls: WebhookTls) => void,
  onError: (error: unknown) => void,
  everyMs = CERT_RELOAD_MS,
): { close(): void } {
  let last = first;
  let reading = false;
  const timer = setInterval(() => {
    if (reading) return;
    reading = true;
    readCertDir(dir)
      .then((tls) => {
        if (tls.cert === last.cert && tls.key === last.key && tls.ca === last.ca) return;
        onChange(tls);
        last = tls;
      })
      .catch(onError)
      .finally(() => {
        reading = false;
      });
  }, everyMs);
  timer.unref();
  return { close: () => clearInterval(timer) };
}

/** A local CA and a serving certificate for localhost, 127.0.0.1 and ::1 (and `extra` names). */
export async function developmentTls(extra: readonly string[] = []): Promise<Required<WebhookTls>> {
  // Imported here so that deployed operators, which read their files, never load the X.509 library.
  const { developmentTls: make } = await import('./dev-certificates.js');
  return make(extra);
}
