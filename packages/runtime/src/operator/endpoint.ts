/**
 * The operator's one HTTP endpoint: /healthz (liveness), /readyz (readiness) and /metrics
 * (Prometheus text format). Plain HTTP on its own port, as kubelet probes and Prometheus scrapes
 * expect inside a cluster; nothing here changes the operator's state.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HealthVerdict } from './health.js';

export interface EndpointChecks {
  liveness(): Promise<HealthVerdict>;
  readiness(): HealthVerdict;
  metrics(): Promise<{ contentType: string; body: string }>;
}

export interface Endpoint {
  /** The port it listens on (the one asked for, or the one the system chose for 0). */
  readonly port: number;
  close(): Promise<void>;
}

export async function serveEndpoint(
  port: number,
  host: string,
  checks: EndpointChecks,
  onError: (error: unknown) => void,
): Promise<Endpoint> {
  const server = createServer((request, response) => {
    answer(request, response, checks).catch((error: unknown) => {
      onError(error);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('internal error\n');
    });
  });
  // Probes and scrapes are short requests; a client that holds a connection open must not keep the
  // process alive on shutdown.
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', onError);
  return { port: (server.address() as AddressInfo).port, close: () => closeServer(server) };
}

async function answer(request: IncomingMessage, response: ServerResponse, checks: EndpointChecks): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://endpoint').pathname;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
    return;
  }
  if (path === '/healthz' || path === '/livez') return verdict(response, await checks.liveness());
  if (path === '/readyz') return verdict(response, checks.readiness());
  if (path === '/metrics') {
    const { contentType, body } = await checks.metrics();
    response.writeHead(200, { 'content-type': contentType }).end(body);
    return;
  }
  response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: try /healthz, /readyz or /metrics\n');
}

function verdict(response: ServerResponse, result: HealthVerdict): void {
  const body = result.ok ? 'ok\n' : `${result.problems.join('\n')}\n`;
  response.writeHead(result.ok ? 200 : 503, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
