import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../registry/types.js';
import { Registry } from '../registry/registry.js';
import { bindOn } from '../registry/on.js';
import { defineResource } from '../resource/define.js';
import { AdmissionError } from '../errors.js';
import { admissionRoutes, routeLookup } from './routes.js';
import { WebhookRequestError } from './errors.js';
import { answerWithinMs, MAX_REVIEW_BYTES, serveWebhooks, type WebhookServer } from './server.js';
import { developmentTls, readCertDir, watchCertDir } from './tls.js';

const Demo = defineResource({ group: 'devoops.io', version: 'v1', kind: 'Demo', plural: 'demo', singular: 'demo', namespaced: true });
const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

interface Answer {
  status: number;
  body: string;
  peer?: string;
}

let server: WebhookServer;
let ca: string;
const errors: unknown[] = [];

/** One HTTPS request that trusts only the development CA, as the apiserver does with the caBundle. */
function call(
  path: string,
  options: { method?: string; body?: string | Buffer; headers?: Record<string, string>; trust?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'POST',
        ca: options.trust ?? ca,
        headers: options.headers,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            peer: (response.socket as import('node:tls').TLSSocket).getPeerX509Certificate?.()?.serialNumber,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const review = (uid: unknown, object: unknown) =>
  JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid, operation: 'CREATE', object } });

beforeAll(async () => {
  const registry = new Registry();
  const on = bindOn(registry);
  on.validate(Demo, ({ object }) => {
    if ((object as { spec?: { name?: string } }).spec?.name === 'bad') throw new AdmissionError('bad name');
  });
  const tls = await developmentTls();
  ca = tls.ca;
  server = await serveWebhooks({
    port: 0,
    host: '127.0.0.1',
    tls,
    routes: routeLookup([
      admissionRoutes(registry, quiet),
      new Map([
        [
          '/convert/core/broken',
          async () => {
            throw new Error('a bug in a route');
          },
        ],
        [
          '/convert/core/refusing',
          async () => {
            throw new WebhookRequestError(400, 'not a ConversionReview');
          },
        ],
      ]),
    ]),
    onError: (error) => errors.push(error),
  });
});

afterAll(async () => {
  await server?.close();
});

describe('the webhook server', () => {
  it('answers an AdmissionReview over TLS that the development CA vouches for', async () => {
    const admitted = await call('/validate/devoops.io/v1/demo?timeout=10s', { body: review('a', { spec: { name: 'good' } }) });
    expect(admitted.status).toBe(200);
    expect(JSON.parse(admitted.body)).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'a', allowed: true },
    });
    const refused = JSON.parse((await call('/validate/devoops.io/v1/demo', { body: review('b', { spec: { name: 'bad' } }) })).body);
    expect(refused.response).toEqual({ uid: 'b', allowed: false, status: { code: 400, message: 'bad name' } });
  });

  it('has a certificate for the loopback names, signed by the CA it reports', () => {
    const cert = new X509Certificate(server.caBundle);
    expect(cert.ca).toBe(true);
    expect(server.caBundle).toBe(ca);
  });

  it.each([
    ['an unknown path', '/validate/devoops.io/v1/other', {}, 404, 'not found'],
    ['the root', '/', {}, 404, 'not found'],
    ['a GET', '/validate/devoops.io/v1/demo', { method: 'GET' }, 405, 'method not allowed'],
    ['a body that is not JSON', '/validate/devoops.io/v1/demo', { body: '{"apiVersion": ' }, 400, 'not JSON'],
    ['a JSON string', '/validate/devoops.io/v1/demo', { body: '"AdmissionReview"' }, 400, 'not a JSON object'],
    [
      'a review of the wrong kind',
      '/validate/devoops.io/v1/demo',
      { body: JSON.stringify({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'ConversionReview' }) },
      400,
      'expected apiVersion',
    ],
    ['a review without uid', '/validate/devoops.io/v1/demo', { body: review(undefined, {}) }, 400, 'request.uid'],
    ['a route that refuses', '/convert/core/refusing', { body: '{}' }, 400, 'not a ConversionReview'],
  ])('answers %s with %s and a short text', async (_, path, options, status, text) => {
    const answer = await call(path, options);
    expect(answer.status).toBe(status);
    expect(answer.body).toContain(text);
    expect(answer.body.length).toBeLessThan(200);
  });

  it('refuses a body over the limit with 413, said in advance or not', async () => {
    const huge = Buffer.alloc(MAX_REVIEW_BYTES + 1, 0x20);
    expect((await call('/validate/devoops.io/v1/demo', { body: huge })).status).toBe(413);
    // Chunked: no content-length to judge by, so the server counts while reading.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: server.port, path: '/validate/devoops.io/v1/demo', method: 'POST', ca, agent: false },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      req.on('error', (error) =>
        (error as NodeJS.ErrnoException).code === 'ECONNRESET' || (error as NodeJS.ErrnoException).code === 'EPIPE'
          ? undefined
          : reject(error),
      );
      const piece = Buffer.alloc(1024 * 1024, 0x20);
      for (let i = 0; i < 5; i++) req.write(piece);
      req.end();
    });
    expect(chunked).toBe(413);
  });

  it('answers 500 to a route that fails unexpectedly and tells onError, then keeps serving', async () => {
    const before = errors.length;
    const answer = await call('/convert/core/broken', { body: '{}' });
    expect(answer.status).toBe(500);
    expect(answer.body).not.toContain('a bug');
    expect(errors.length).toBe(before + 1);
    expect((await call('/validate/devoops.io/v1/demo', { body: review('c', {}) })).status).toBe(200);
  });

  it('survives a client that goes away in the middle of a body', async () => {
    await new Promise<void>((resolve) => {
      const req = request({
        host: '127.0.0.1',
        port: server.port,
        path: '/validate/devoops.io/v1/demo',
        method: 'POST',
        ca,
        agent: false,
        headers: { 'content-length': '1000' },
      });
      req.on('error', () => resolve());
      req.write('{"apiVersion": "admission', () => req.destroy());
      req.on('close', () => resolve());
    });
    expect((await call('/validate/devoops.io/v1/demo', { body: review('d', {}) })).status).toBe(200);
  });

  it('is not trusted by a client that does not know its CA', async () => {
    const other = await developmentTls();
    await expect(call('/validate/devoops.io/v1/demo', { body: review('e', {}), trust: other.ca })).rejects.toThrow();
  });

  it('serves a new certificate after updateTls', async () => {
    const first = (await call('/validate/devoops.io/v1/demo', { body: review('f', {}) })).peer;
    const renewed = await developmentTls();
    server.updateTls(renewed);
    const answer = await call('/validate/devoops.io/v1/demo', { body: review('g', {}), trust: renewed.ca });
    expect(answer.status).toBe(200);
    expect(answer.peer).not.toBe(first);
    expect(server.caBundle).toBe(renewed.ca);
    server.updateTls({ cert: renewed.cert, key: renewed.key, ca });
  });
});

describe('the time a route has', () => {
  it.each([
    ['10s', 9_000],
    ['30s', 29_000],
    ['1s', 800],
    ['2s', 1_600],
    ['', 9_000],
    ['999s', 29_000],
    ['5m', 9_000],
  ])('with ?timeout=%s is %d ms', (timeout, ms) => {
    expect(answerWithinMs(new URLSearchParams(timeout ? { timeout } : {}))).toBe(ms);
  });
});

describe('a certificate directory', () => {
  it('is read, and read again when cert-manager renews the files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webhook-certs-'));
    try {
      const first = await developmentTls();
      writeFileSync(join(dir, 'tls.crt'), first.cert);
      writeFileSync(join(dir, 'tls.key'), first.key);
      expect(await readCertDir(dir)).toEqual({ cert: first.cert, key: first.key });
      writeFileSync(join(dir, 'ca.crt'), first.ca);
      const loaded = await readCertDir(dir);
      expect(loaded.ca).toBe(first.ca);
      const changes: string[] = [];
      const watcher = watchCertDir(
        dir,
        loaded,
        (tls) => changes.push(tls.cert),
        () => undefined,
        20,
      );
      try {
        const second = await developmentTls();
        writeFileSync(join(dir, 'tls.key'), second.key);
        writeFileSync(join(dir, 'tls.crt'), second.cert);
        await expect.poll(() => changes.at(-1), { timeout: 5_000 }).toBe(second.cert);
      } finally {
        watcher.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without tls.key is an error that says what to mount', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webhook-certs-'));
    try {
      writeFileSync(join(dir, 'tls.crt'), 'x');
      await expect(readCertDir(dir)).rejects.toThrow(/cannot read tls\.key.*Mount the certificate's Secret there/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
