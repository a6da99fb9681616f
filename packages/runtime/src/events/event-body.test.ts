/** Event bodies stay within the apiserver's limits and carry hostile strings as inert data. */
import { describe, expect, it } from 'vitest';
import { qualifiedName } from '../schema/metadata.js';
import { microTime } from '../api/micro-time.js';
import { eventBody, eventName, NOTE_LIMIT, occurrence, REASON_LIMIT, referenceTo, truncateBytes } from './event-body.js';
import { reporterFrom } from './reporter.js';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

describe('event bodies', () => {
  it('cut note and reason to the bytes the apiserver allows, at a character boundary', () => {
    const o = occurrence({}, 'Warning', 'R'.repeat(500), '€'.repeat(2000));
    expect(Buffer.byteLength(o.reason)).toBeLessThanOrEqual(REASON_LIMIT);
    expect(Buffer.byteLength(o.note)).toBeLessThanOrEqual(NOTE_LIMIT);
    expect(o.note).toMatch(/^€+…$/);
    expect(truncateBytes('short', 10)).toBe('short');
    expect(truncateBytes('😀😀😀', 9)).toBe('😀…');
  });

  it('escape what a terminal would act on, and keep the rest', () => {
    const o = occurrence({}, 'Normal', 'Bad\u001b[31mReason', 'line one\nline two\u202e\u0007 <b>"quoted"</b> \ud800 ok');
    expect(o.reason).toBe('Bad\\x1b[31mReason');
    expect(o.note).toBe('line one\\nline two\\u202e\\x07 <b>"quoted"</b> \\ud800 ok');
    expect(occurrence({}, 'Normal', '', 'x').reason).toBe('Unspecified');
    expect(occurrence({}, 'Normal', undefined, null).note).toBe('');
  });

  it('name Events <object name>.<hex>, always a DNS subdomain of at most 253 characters', () => {
    const now = Date.parse('2026-12-02T10:00:00Z');
    expect(eventName({ name: 'demo-1' }, now)).toMatch(/^demo-1\.[0-9a-f]{16}$/);
    for (const name of ['system:controller:Foo', '-.-', 'a'.repeat(300), '../../etc', 'ÜBER', '', undefined]) {
      const event = eventName({ name }, now);
      expect(event.length, event).toBeLessThanOrEqual(253);
      expect(event, event).toMatch(DNS1123_SUBDOMAIN);
    }
    expect(eventName({ name: 'a' }, now)).not.toBe(eventName({ name: 'a' }, now));
  });

  it('write MicroTime with six fractional digits', () => {
    expect(microTime(Date.parse('2026-12-02T10:00:00.5Z'))).toBe('2026-12-02T10:00:00.500000Z');
  });

  it('place an Event about a cluster-scoped object in default', () => {
    const regarding = referenceTo({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', uid: 'u' } });
    const body = eventBody(occurrence(regarding, 'Normal', 'R', 'n'), reporterFrom(undefined, { HOSTNAME: 'pod-0' }), 'team-a.1', 0);
    expect(body.metadata).toEqual({ name: 'team-a.1', namespace: 'default' });
    expect(body.regarding).toEqual({ apiVersion: 'v1', kind: 'Namespace', name: 'team-a', uid: 'u' });
    expect(body.reportingInstance).toBe('pod-0');
  });

  it('take a reporting controller only when the apiserver would', () => {
    expect(reporterFrom(undefined, {}).controller).toBe('gen-operator.dev/operator');
    expect(qualifiedName(reporterFrom('example.com/my-operator', {}).controller)).toBeUndefined();
    expect(() => reporterFrom('not a name', {})).toThrow(/reportingController "not a name" is not a qualified name/);
  });
});
