/**
 * The HTTPS server the apiserver calls for admission and conversion reviews: one port, one route per
 * path, JSON in and out. Whatever a client sends (no JSON, a huge body, a wrong path, a dropped
 * connection) is answered or dropped; it never reaches the process as an unhandled error.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookRequestError } from './errors.js';

/** Answers one review: the parsed body in, the review to send back out. `signal` aborts when the apiserver stops waiting. */
export type WebhookRoute = (body: unknown, signal: AbortSignal) => Promise<unknown>;

export interface WebhookTls {
  cert: string;
  key: string;
  /** The CA that signed `cert`; without it, `cert` is taken as its own CA (self-signed). */
  ca?: string;
}

export interface WebhookServer {
  readonly port: number;
  /** PEM of the CA the apiserver must trust (base64 for a caBundle is the caller's job). */
  readonly caBundle: string;
  /** Serves new connections with this certificate (a rotated one); connections open keep theirs. */
  updateTls(tls: WebhookTls): void;
  close(): Promise<void>;
}

export interface WebhookServerOptions {
  port: number;
  host: string;
  tls: WebhookTls;
  routes: (path: string) => WebhookRoute | undefined;
  onError(error: unknown): void;
  /** Told of each request answered with a 4xx before any route handled it, or refused by its route (metrics). */
  onBadRequest?(status: number): void;
}

/**
 * The apiserver refuses request bodies over 3 MiB and etcd objects over 1.5 MiB; an UPDATE review
 * carries the object twice, plus its envelope.
 */
export const MAX_REVIEW_BYTES = 3 * 1024 * 1024 + 256 * 1024;
/** The apiserver's default webhook timeout, for a request that does not say its own. */
const DEFAULT_TIMEOUT_MS = 10_000;
/** The longest webhook timeout the apiserver allows. */
const MAX_TIMEOUT_MS = 30_000;

/**
 * When a route must have answered: a little before the apiserver gives up (it sends its timeout as
 * `?timeout=10s`), so that the answer is ours and not the apiserver's "context deadline exceeded".
 */
export function answerWithinMs(search: URLSearchParams): number {
  const match = /^(\d{1,3})s$/.exec(search.get('timeout') ?? '');
  const timeout = match ? Math.min(Number(match[1]) * 1000, MAX_TIMEOUT_MS) : DEFAULT_TIMEOUT_MS;
  return Math.max(timeout * 0.8, timeout - 1000);
}

export async function serveWebhooks(options: WebhookServerOptions): Promise<WebhookServer> {
  const server = createServer({ cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' }, (request, response) => {
    answer(request, response, options).catch((error: unknown) => {
      options.onError(error);
      if (!response.headersSent) response.writeHead(500, TEXT);
      response.end('internal error\n');
    });
  });
  // The apiserver keeps connections for up to 90 s idle (Go's default): the server must not close
  // them first, or a request sent on a connection it is closing fails as a webhook error.
  server.keepAliveTimeout = 100_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = MAX_TIMEOUT_MS + 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', options.onError);
  let caBundle = options.tls.ca ?? options.tls.cert;
  return {
    port: (server.address() as AddressInfo).port,
    get caBundle() {
      return caBundle;
    },
    updateTls(tls) {
      server.setSecureContext({ cert: tls.cert, key: tls.key });
      caBundle = tls.ca ?? tls.cert;
    },
    close: () => closeServer(server),
  };
}

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };

async function answer(request: IncomingMessage, response: ServerResponse, options: WebhookServerOptions): Promise<void> {
  const refuse = (status: number, message: string) => {
    options.onBadRequest?.(status);
    refuseWith(request, response, status, message);
  };
  const url = new URL(request.url ?? '/', 'https://webhook');
  const route = options.routes(url.pathname);
  if (!route) return refuse(404, 'not found: webhooks are served at /validate/…, /mutate/… and /convert/…');
  if (request.method !== 'POST') {
    response.setHeader('allow', 'POST');
    return refuse(405, 'method not allowed: reviews are POSTed');
  }
  // A client that goes away, or a route past its time, aborts the route's signal.
  const stop = new AbortController();
  const deadline = setTimeout(() => stop.abort(new Error('the apiserver stops waiting')), answerWithinMs(url.searchParams));
  response.once('close', () => {
    if (!response.writableFinished) stop.abort(new Error('the client went away'));
  });
  try {
    const text = await readBody(request);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new WebhookRequestError(400, 'the body is not JSON: send an AdmissionReview or a ConversionReview');
    }
    const review = await route(body, stop.signal);
    if (response.destroyed) return;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(review));
  } catch (error) {
    if (error instanceof WebhookRequestError) return refuse(error.status, error.message);
    // A client that went away mid-body is no fault of the operator's.
    if (response.destroyed) return;
    throw error;
  } finally {
    clearTimeout(deadline);
  }
}

/** Answers with a short text; a body still arriving is not read (the connection closes after the answer). */
function refuseWith(request: IncomingMessage, response: ServerResponse, status: number, message: string): void {
  if (response.destroyed) return;
  if (!request.complete) response.setHeader('connection', 'close');
  response.writeHead(status, TEXT).end(`${message}\n`);
}

/** The body as text, refused (413) past MAX_REVIEW_BYTES before it is all in memory. */
async function readBody(request: IncomingMessage): Promise<string> {
  const tooLarge = () =>
    new WebhookRequestError(413, `the body is over ${MAX_REVIEW_BYTES} bytes, more than any review the apiserver sends`);
  if (Number(request.headers['content-length'] ?? 0) > MAX_REVIEW_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REVIEW_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
