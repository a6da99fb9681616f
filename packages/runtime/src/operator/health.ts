/**
 * What /healthz and /readyz answer from: each watch stream's first listing and its last sign of
 * life. A stream that failed or went silent for longer than the inactivity timeout is dead for
 * liveness (the stream restarts itself, but a liveness probe that keeps failing lets the kubelet
 * restart a process whose streams cannot recover).
 */

export interface StreamState {
  readonly name: string;
  listed: boolean;
  /** Date.now() of the last listing, event, bookmark or on-time end of a watch. */
  lastAlive: number;
}

export interface HealthVerdict {
  ok: boolean;
  /** One line per failed check, for the probe's body and the log. */
  problems: string[];
}

export class StreamHealth {
  private readonly streams: StreamState[] = [];

  constructor(private readonly inactivityMs: number) {}

  /** A new stream; the caller updates the returned state as the stream lives. */
  track(name: string, now = Date.now()): StreamState {
    const state: StreamState = { name, listed: false, lastAlive: now };
    this.streams.push(state);
    return state;
  }

  /** Ready once every stream has delivered its first listing. */
  readiness(): HealthVerdict {
    const problems = this.streams.filter((s) => !s.listed).map((s) => `${s.name}: not listed yet`);
    return { ok: problems.length === 0, problems };
  }

  /** Alive while every stream showed life within the inactivity timeout. */
  liveness(now = Date.now()): HealthVerdict {
    const problems = this.streams
      .filter((s) => now - s.lastAlive > this.inactivityMs)
      .map((s) => `${s.name}: no sign of life for ${Math.round((now - s.lastAlive) / 1000)} s`);
    return { ok: problems.length === 0, problems };
  }
}
