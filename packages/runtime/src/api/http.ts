/**
 * One HTTP exchange with the apiserver over Node's own https (no client-node models: it renames
 * schema keys and its fetch stack differs between 1.x and 2.x). Retries live in request.ts.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Connection } from './connection.js';

export interface HttpResult {
  status: number;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface HttpOptions {
  method: string;
  path: string;
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export function openRequest(connection: Connection, options: HttpOptions, payload: Buffer | undefined) {
  const url = new URL(options.path, connection.server);
  const headers: Record<string, string> = { ...connection.headers, accept: 'application/json' };
  if (payload) {
    headers['content-type'] = options.contentType ?? 'application/json';
    headers['content-length'] = String(payload.length);
  }
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return send(url, { method: options.method, headers, agent: connection.agent, ...(options.signal ? { signal: options.signal } : {}) });
}

export function exchange(connection: Connection, options: HttpOptions): Promise<HttpResult> {
  const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
  return new Promise((resolve, reject) => {
    const req = openRequest(connection, options, payload);
    req.setTimeout(options.timeoutMs ?? 60_000, () => req.destroy(new Error(`${options.method} ${options.path} timed out`)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let body: unknown = text;
        if (text && (res.headers['content-type'] ?? '').includes('json')) {
          try {
            body = JSON.parse(text);
          } catch {
            // Keep the text: the error message is still useful.
          }
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? body : undefined });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
