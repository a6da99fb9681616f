import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connectionFromInfo, userAgent } from './connection.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('the User-Agent, whose first part the apiserver takes for the field manager', () => {
  it('starts with the manager and the runtime version', () => {
    expect(userAgent('demo-operator')).toBe(`demo-operator/${version} (${process.platform}/${process.arch}) node/${process.versions.node}`);
    expect(userAgent()).toMatch(/^gen-operator\//);
  });

  it('falls back to gen-operator for a name that would end early or break the header', () => {
    for (const name of ['a/b', 'with space', 'line\nbreak', '', 'x'.repeat(129), 'caf\u00e9'])
      expect(userAgent(name)).toMatch(/^gen-operator\//);
  });

  it('is sent on every request of a connection', () => {
    const connection = connectionFromInfo({ server: 'https://127.0.0.1:6443', token: 't' }, { manager: 'demo-operator' });
    expect(connection.headers['user-agent']).toMatch(/^demo-operator\//);
    expect(connection.headers.authorization).toBe('Bearer t');
    connection.agent.destroy();
  });
});
