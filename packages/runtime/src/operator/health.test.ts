import { describe, expect, it } from 'vitest';
import { StreamHealth } from './health.js';

describe('stream health', () => {
  it('is ready only when every stream has listed', () => {
    const health = new StreamHealth(70_000);
    const a = health.track('demo in a', 0);
    const b = health.track('demo in b', 0);
    a.listed = true;
    expect(health.readiness()).toEqual({ ok: false, problems: ['demo in b: not listed yet'] });
    b.listed = true;
    expect(health.readiness()).toEqual({ ok: true, problems: [] });
  });

  it('is ready with no streams (an operator with activities only)', () => {
    expect(new StreamHealth(1_000).readiness().ok).toBe(true);
  });

  it('is alive while each stream showed life within the inactivity timeout', () => {
    const health = new StreamHealth(10_000);
    const a = health.track('demo', 0);
    health.track('pods', 0).lastAlive = 25_000;
    expect(health.liveness(10_000).ok).toBe(true);
    expect(health.liveness(12_000)).toEqual({ ok: false, problems: ['demo: no sign of life for 12 s'] });
    a.lastAlive = 11_000;
    expect(health.liveness(12_000).ok).toBe(true);
  });
});
