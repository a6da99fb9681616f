/**
 * Leader election on a coordination.k8s.io/v1 Lease, with client-go's rules and defaults: a lease
 * held by another process is taken only after it went unchanged for leaseDuration, timed by this
 * process's own clock from when it observed the record (never by comparing clocks across hosts); the
 * leader renews every retryPeriod and gives up leadership when no renewal succeeded for
 * renewDeadline, which is shorter than leaseDuration, so it stops before anyone else can take over.
 * A clean stop releases the lease so that a standby takes over at its next retry.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../api/errors.js';
import { microTime } from '../api/micro-time.js';
import type { ApiClient } from '../api/client.js';
import { sleep } from '../api/client.js';

export interface LeaderElectionOptions {
  /** Namespace of the Lease. */
  namespace: string;
  /** Name of the Lease. */
  name: string;
  /** This process; unique among the replicas. */
  identity: string;
  /** Seconds a standby waits on an unchanged lease before taking it. client-go: 15. */
  leaseDuration: number;
  /** Seconds the leader keeps trying to renew before it gives up leadership. client-go: 10. */
  renewDeadline: number;
  /** Seconds between attempts. client-go: 2. */
  retryPeriod: number;
}

interface LeaseSpec {
  holderIdentity?: string | null;
  leaseDurationSeconds?: number;
  acquireTime?: string | null;
  renewTime?: string | null;
  leaseTransitions?: number;
}

interface Lease {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string };
  spec?: LeaseSpec;
}

/** The Lease settings from the run options, checked as client-go checks them. */
export function leaderElectionSettings(
  options: {
    leaseName?: string;
    leaseNamespace?: string;
    leaseDuration?: number;
    renewDeadline?: number;
    retryPeriod?: number;
  },
  environment: { namespace: string | undefined; hostname: string },
): LeaderElectionOptions {
  const settings: LeaderElectionOptions = {
    name: options.leaseName ?? 'gen-operator-leader',
    namespace: options.leaseNamespace ?? environment.namespace ?? 'default',
    identity: `${environment.hostname}_${randomUUID()}`,
    leaseDuration: options.leaseDuration ?? 15,
    renewDeadline: options.renewDeadline ?? 10,
    retryPeriod: options.retryPeriod ?? 2,
  };
  if (settings.leaseDuration <= settings.renewDeadline) {
    throw new Error(
      `leader election: leaseDuration (${settings.leaseDuration} s) must be longer than renewDeadline (${settings.renewDeadline} s), or a leader could still work after a standby took over`,
    );
  }
  if (settings.renewDeadline <= settings.retryPeriod * 1.2) {
    throw new Error(
      `leader election: renewDeadline (${settings.renewDeadline} s) must be longer than 1.2 × retryPeriod (${settings.retryPeriod} s), or one slow attempt loses the lease`,
    );
  }
  return settings;
}

export interface LeadershipEvents {
  onAcquired(): void;
  onLost(reason: string): void;
  onProblem(message: string, fields: Record<string, unknown>): void;
}

/** What a standby concludes from a lease it read: free to take now, or held until at least `until`. */
export function leaseVerdict(
  spec: LeaseSpec | undefined,
  me: string,
  observedAt: number,
  now: number,
  defaultDurationS: number,
): { free: true } | { free: false; until: number } {
  const holder = spec?.holderIdentity ?? '';
  if (!holder || holder === me) return { free: true };
  const until = observedAt + (spec?.leaseDurationSeconds ?? defaultDurationS) * 1000;
  return now >= until ? { free: true } : { free: false, until };
}

export class LeaderElector {
  private observed: { record: string; at: number } | undefined;
  private resourceVersion: string | undefined;
  private leading = false;
  private lastRenew = 0;
  private acquireTime: string | undefined;
  private transitions = 0;
  private loop: Promise<void> | undefined;

  constructor(
    /** A client whose requests give up quickly: a renewal must not outlive the renew deadline. */
    private readonly api: ApiClient,
    private readonly options: LeaderElectionOptions,
    private readonly events: LeadershipEvents,
  ) {}

  get isLeader(): boolean {
    return this.leading;
  }

  /**
   * Resolves once this process leads, or when `signal` aborts (then rejects with its reason). A
   * refusal (403) is a configuration error and rejects; other failures are retried.
   */
  async acquire(signal: AbortSignal): Promise<void> {
    for (;;) {
      signal.throwIfAborted();
      let acquired = false;
      try {
        acquired = await this.tryAcquireOrRenew();
      } catch (error) {
        if (error instanceof ApiError && error.status === 403) {
          throw new Error(
            `leader election: the apiserver refused access to the Lease ${this.options.namespace}/${this.options.name} (403); grant get, create and update on coordination.k8s.io leases in that namespace`,
            { cause: error },
          );
        }
        this.events.onProblem('Could not read or write the lease; retrying.', { error: String(error) });
      }
      if (acquired) {
        this.leading = true;
        this.lastRenew = Date.now();
        this.events.onAcquired();
        return;
      }
      await sleep(this.options.retryPeriod * 1000, signal);
    }
  }

  private readonly renewals = new AbortController();

  /** Renews every retryPeriod until release() or a renewal deadline passes (then onLost). */
  keepLeading(): void {
    const signal = this.renewals.signal;
    this.loop = (async () => {
      while (!signal.aborted && this.leading) {
        try {
          await sleep(this.options.retryPeriod * 1000, signal);
        } catch {
          return;
        }
        const renewed = await this.tryAcquireOrRenew().catch(() => false);
        if (signal.aborted) return;
        if (renewed) {
          this.lastRenew = Date.now();
          continue;
        }
        if (Date.now() - this.lastRenew >= this.options.renewDeadline * 1000) {
          this.leading = false;
          this.events.onLost(`the lease was not renewed for ${this.options.renewDeadline} s`);
          return;
        }
      }
    })();
  }

  /** Gives the lease up (a standby takes over at its next attempt); quietly does nothing when not leading. */
  async release(): Promise<void> {
    this.renewals.abort();
    await this.loop;
    if (!this.leading) return;
    this.leading = false;
    const now = microTime(Date.now());
    try {
      await this.write({
        holderIdentity: '',
        leaseDurationSeconds: 1,
        acquireTime: now,
        renewTime: now,
        leaseTransitions: this.transitions,
      });
    } catch (error) {
      this.events.onProblem('Could not release the lease; a standby takes over once it expires.', { error: String(error) });
    }
  }

  private path(name?: string): string {
    const base = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(this.options.namespace)}/leases`;
    return name === undefined ? base : `${base}/${encodeURIComponent(name)}`;
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = Date.now();
    const mine = (): LeaseSpec => ({
      holderIdentity: this.options.identity,
      leaseDurationSeconds: this.options.leaseDuration,
      acquireTime: this.acquireTime ?? microTime(now),
      renewTime: microTime(now),
      leaseTransitions: this.transitions,
    });
    let lease: Lease;
    try {
      lease = (await this.api.get(this.path(this.options.name))) as Lease;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
      this.acquireTime = microTime(now);
      this.transitions = 0;
      try {
        const created = (await this.api.post(this.path(), {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: this.options.name, namespace: this.options.namespace },
          spec: mine(),
        })) as Lease;
        this.remember(created, now);
        return true;
      } catch (createError) {
        if (createError instanceof ApiError && createError.status === 409) return false;
        throw createError;
      }
    }
    const record = JSON.stringify(lease.spec ?? {});
    if (this.observed?.record !== record) this.observed = { record, at: now };
    this.resourceVersion = lease.metadata.resourceVersion;
    const verdict = leaseVerdict(lease.spec, this.options.identity, this.observed.at, now, this.options.leaseDuration);
    if (!verdict.free) {
      if (this.leading) this.leading = false;
      return false;
    }
    const holder = lease.spec?.holderIdentity ?? '';
    if (holder !== this.options.identity) {
      this.acquireTime = microTime(now);
      this.transitions = (lease.spec?.leaseTransitions ?? 0) + 1;
    } else {
      this.acquireTime = lease.spec?.acquireTime ?? microTime(now);
      this.transitions = lease.spec?.leaseTransitions ?? 0;
    }
    try {
      await this.write(mine(), now);
      return true;
    } catch (error) {
      // Somebody else wrote first (409): the next attempt reads their record.
      if (error instanceof ApiError && error.status === 409) return false;
      throw error;
    }
  }

  /** An optimistic update: fails with 409 when the lease changed since it was read. */
  private async write(spec: LeaseSpec, now = Date.now()): Promise<void> {
    const updated = (await this.api.put(this.path(this.options.name), {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.options.name, namespace: this.options.namespace, resourceVersion: this.resourceVersion },
      spec,
    })) as Lease;
    this.remember(updated, now);
  }

  private remember(lease: Lease, now: number): void {
    this.resourceVersion = lease.metadata.resourceVersion;
    this.observed = { record: JSON.stringify(lease.spec ?? {}), at: now };
  }
}
