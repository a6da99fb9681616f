/**
 * A minimal JSON-over-HTTPS client for the control plane's own setup (readiness, identities, CRDs).
 * It is not client-node on purpose: this package must work with either client-node line (1.x, 2.x),
 * and setup needs only a handful of calls.
 */
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';

/** How a client proves who it is, and the CA it trusts; the server comes from the control plane. */
export interface Credentials {
  ca: string;
  cert?: string;
  key?: string;
  token?: string;
}

export interface RestResponse<T = unknown> {
  status: number;
  body: T;
}

export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly body: unknown,
  ) {
    super(`${method} ${path}: HTTP ${status} ${JSON.stringify(body)}`);
  }
}

export function restCall<T = unknown>(
  server: string,
  credentials: Credentials,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 10_000,
  contentType?: string,
): Promise<RestResponse<T>> {
  const url = new URL(path, server);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = { accept: 'application/json' };
  if (payload) {
    headers['content-type'] = contentType ?? (method === 'PATCH' ? 'application/merge-patch+json' : 'application/json');
    headers['content-length'] = String(payload.length);
  }
  if (credentials.token) headers.authorization = `Bearer ${credentials.token}`;
  const send = url.protocol === 'https:' ? request : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method,
        headers,
        ca: credentials.ca,
        ...(credentials.cert ? { cert: credentials.cert, key: credentials.key } : {}),
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // Not JSON (e.g. /healthz says "ok").
          }
          resolve({ status: res.statusCode ?? 0, body: parsed as T });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url.href} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Like restCall, but throws RestError on a non-2xx status. */
export async function restOk<T = unknown>(
  server: string,
  credentials: Credentials,
  method: string,
  path: string,
  body?: unknown,
  contentType?: string,
): Promise<T> {
  const response = await restCall<T>(server, credentials, method, path, body, 30_000, contentType);
  if (response.status < 200 || response.status >= 300) throw new RestError(response.status, method, path, response.body);
  return response.body;
}
