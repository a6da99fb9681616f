/**
 * The conversion webhook served over HTTPS for tests, until the operator serves it itself: the one
 * place to switch to the runtime's own webhook server. A certificate for 127.0.0.1 from a fresh CA
 * (the testing package's pki); the CA is what the CRD's caBundle trusts.
 */
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createCertificateAuthority } from '../../testing/src/pki/pki.js';
import type { ConversionRoute } from '../src/webhooks/conversion.js';
import { WebhookRequestError } from '../src/webhooks/errors.js';

const MAX_BODY = 3 * 1024 * 1024 + 64 * 1024;

export interface TestWebhookServer {
  /** `https://127.0.0.1:<port><path>`. */
  url(path: string): string;
  /** The CA's PEM, base64-encoded as a webhook's caBundle wants it. */
  caBundle: string;
  close(): Promise<void>;
}

export async function serveConversionWebhook(routes: (path: string) => ConversionRoute | undefined): Promise<TestWebhookServer> {
  const ca = await createCertificateAuthority('conversion-test-ca');
  const { cert, key } = await ca.issue({ commonName: '127.0.0.1', server: { dns: ['localhost'], ips: ['127.0.0.1'] } });
  const server = createServer({ cert, key }, async (req, res) => {
    const answer = (status: number, body: string, type = 'text/plain') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    const route = routes(new URL(req.url ?? '/', 'https://x').pathname);
    if (!route) return answer(404, 'not found');
    if (req.method !== 'POST') return answer(405, 'POST only');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY) return answer(413, 'body too large');
      chunks.push(chunk);
    }
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
      answer(200, JSON.stringify(await route(body, controller.signal)), 'application/json');
    } catch (error) {
      if (error instanceof WebhookRequestError) answer(error.status, error.message);
      else if (error instanceof SyntaxError) answer(400, 'the body is not JSON');
      else answer(500, 'internal error');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `https://127.0.0.1:${port}${path}`,
    caBundle: Buffer.from(ca.cert).toString('base64'),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
