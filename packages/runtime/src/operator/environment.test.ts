import { describe, expect, it } from 'vitest';
import { ENVIRONMENT_OPTIONS, EnvironmentError, optionsFromEnvironment, withEnvironment } from './environment.js';

describe('run options from the environment', () => {
  it.each([
    [{ WATCH_NAMESPACES: 'a, b,,c' }, { namespaces: ['a', 'b', 'c'] }],
    [{ GEN_OPERATOR_CLUSTER_WIDE: 'TRUE' }, { clusterWide: true }],
    [{ GEN_OPERATOR_CLUSTER_WIDE: '0' }, { clusterWide: false }],
    [{ GEN_OPERATOR_CONCURRENCY: '16' }, { concurrency: 16 }],
    [{ GEN_OPERATOR_PORT: '0' }, { port: 0 }],
    [
      { GEN_OPERATOR_PORT: '8080', GEN_OPERATOR_HOST: '127.0.0.1' },
      { port: 8080, host: '127.0.0.1' },
    ],
    [{ LOG_LEVEL: 'Debug' }, { logLevel: 'debug' }],
    [{ GEN_OPERATOR_DRAIN_TIMEOUT: '2.5' }, { drainTimeout: 2.5 }],
    [{ GEN_OPERATOR_PREFIX: 'example.com' }, { prefix: 'example.com' }],
    [{ GEN_OPERATOR_PORT: '' }, {}],
    [{ GEN_OPERATOR_WEBHOOK_PORT: '8443' }, { webhooks: { port: 8443 } }],
    [
      { GEN_OPERATOR_WEBHOOK_CERT_DIR: '/certs', GEN_OPERATOR_WEBHOOK_REGISTER: 'https://host.docker.internal:9443/' },
      { webhooks: { certDir: '/certs', register: { url: 'https://host.docker.internal:9443' } } },
    ],
    [{ GEN_OPERATOR_WEBHOOK_REGISTER: 'false' }, { webhooks: { register: false } }],
    [{ UNRELATED: 'x' }, {}],
  ])('%j gives %j', (env, options) => {
    expect(optionsFromEnvironment(env)).toEqual(options);
  });

  it.each([
    [{ GEN_OPERATOR_CONCURRENCY: '0' }, 'GEN_OPERATOR_CONCURRENCY="0": expected a whole number of at least 1'],
    [{ GEN_OPERATOR_CONCURRENCY: '2.5' }, 'expected a whole number'],
    [{ GEN_OPERATOR_PORT: '70000' }, 'GEN_OPERATOR_PORT="70000": expected a port number from 0 to 65535'],
    [{ GEN_OPERATOR_PORT: ' ' }, 'expected a whole number'],
    [{ GEN_OPERATOR_CLUSTER_WIDE: 'maybe' }, 'expected true or false'],
    [{ LOG_LEVEL: 'loud' }, 'expected one of debug, info, warn, error, silent'],
    [{ GEN_OPERATOR_INACTIVITY_TIMEOUT: 'Infinity' }, 'expected a number of at least 1'],
    [
      { GEN_OPERATOR_WEBHOOK_REGISTER: 'http://127.0.0.1:9443' },
      'GEN_OPERATOR_WEBHOOK_REGISTER="http://127.0.0.1:9443": expected an https:// URL',
    ],
    [{ GEN_OPERATOR_WEBHOOK_REGISTER: 'https://h/?a=b' }, 'without query'],
    [{ GEN_OPERATOR_WEBHOOK_PORT: '-1' }, 'GEN_OPERATOR_WEBHOOK_PORT'],
  ])('%j is refused, naming the variable', (env, message) => {
    expect(() => optionsFromEnvironment(env)).toThrow(EnvironmentError);
    expect(() => optionsFromEnvironment(env)).toThrow(message);
  });

  it('quotes a hostile value and bounds its length in the message', () => {
    const value = `\u001b[31m${'x'.repeat(500)}`;
    try {
      optionsFromEnvironment({ GEN_OPERATOR_CONCURRENCY: value });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).not.toContain('\u001b');
      expect(message).toContain('\\u001b');
      expect(message.length).toBeLessThan(250);
    }
  });

  it('lets the environment win over options given in code, and keeps the rest', () => {
    const env = { GEN_OPERATOR_CONCURRENCY: '4', WATCH_NAMESPACES: 'a' };
    expect(withEnvironment({ concurrency: 8, port: 8080 }, env)).toEqual({ concurrency: 4, namespaces: ['a'], port: 8080 });
  });

  it('merges webhook settings one by one: the environment wins for those it sets', () => {
    const code = { webhooks: { port: 9000, host: '127.0.0.1', certDir: '/code' } };
    expect(withEnvironment(code, { GEN_OPERATOR_WEBHOOK_CERT_DIR: '/mounted' })).toEqual({
      webhooks: { port: 9000, host: '127.0.0.1', certDir: '/mounted' },
    });
    expect(withEnvironment(code, {})).toEqual(code);
  });

  it('maps each option to one variable', () => {
    expect(new Set(ENVIRONMENT_OPTIONS.map((o) => o.option)).size).toBe(ENVIRONMENT_OPTIONS.length);
    expect(new Set(ENVIRONMENT_OPTIONS.map((o) => o.variable)).size).toBe(ENVIRONMENT_OPTIONS.length);
  });
});

describe('the configuration table in the runtime README', () => {
  it('lists every option with its variable, and nothing else', async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Health, readiness and metrics'));
    const rows = [...section.matchAll(/^\| `([\w.]+)` \| `(\w+)`/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(ENVIRONMENT_OPTIONS.map((o) => [o.option, o.variable]));
  });
});
