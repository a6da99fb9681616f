import { describe, expect, it } from 'vitest';
import { microTime } from '../api/micro-time.js';
import { leaderElectionSettings, leaseVerdict } from './leadership.js';

describe('leader election decisions', () => {
  it.each([
    ['no lease record', undefined, 0, { free: true }],
    ['released (no holder)', { holderIdentity: '' }, 0, { free: true }],
    ['held by me', { holderIdentity: 'me', leaseDurationSeconds: 15 }, 0, { free: true }],
    ['held by another, observed 14 s ago', { holderIdentity: 'other', leaseDurationSeconds: 15 }, 14_000, { free: false, until: 15_000 }],
    ['held by another, unchanged for 15 s', { holderIdentity: 'other', leaseDurationSeconds: 15 }, 15_000, { free: true }],
    ['held by another with its own duration', { holderIdentity: 'other', leaseDurationSeconds: 1 }, 1_000, { free: true }],
    ['held by another, no duration: ours', { holderIdentity: 'other' }, 10_000, { free: false, until: 15_000 }],
  ])('%s', (_name, spec, now, verdict) => {
    expect(leaseVerdict(spec, 'me', 0, now, 15)).toEqual(verdict);
  });

  it("times a lease from when this process observed it, never from the holder's clock", () => {
    // renewTime from a clock an hour behind does not make the lease look expired.
    const spec = { holderIdentity: 'other', leaseDurationSeconds: 15, renewTime: microTime(Date.now() - 3_600_000) };
    expect(leaseVerdict(spec, 'me', 100_000, 105_000, 15).free).toBe(false);
  });

  it('writes MicroTime with microseconds', () => {
    expect(microTime(Date.UTC(2026, 11, 2, 10, 0, 0, 123))).toBe('2026-12-02T10:00:00.123000Z');
  });

  it("takes client-go's defaults and refuses settings where a leader could outlive its lease", () => {
    const settings = leaderElectionSettings({}, { namespace: undefined, hostname: 'pod-a' });
    expect(settings).toMatchObject({
      name: 'gen-operator-leader',
      namespace: 'default',
      leaseDuration: 15,
      renewDeadline: 10,
      retryPeriod: 2,
    });
    expect(settings.identity).toMatch(/^pod-a_[0-9a-f-]{36}$/);
    expect(leaderElectionSettings({ leaseNamespace: 'ops' }, { namespace: 'mine', hostname: 'h' }).namespace).toBe('ops');
    expect(leaderElectionSettings({}, { namespace: 'mine', hostname: 'h' }).namespace).toBe('mine');
    expect(() => leaderElectionSettings({ leaseDuration: 10 }, { namespace: undefined, hostname: 'h' })).toThrow(
      'leaseDuration (10 s) must be longer than renewDeadline (10 s)',
    );
    expect(() => leaderElectionSettings({ retryPeriod: 9 }, { namespace: undefined, hostname: 'h' })).toThrow(
      'renewDeadline (10 s) must be longer',
    );
  });
});
