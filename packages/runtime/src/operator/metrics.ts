/**
 * The operator's Prometheus metrics (prom-client), one registry per running operator so that two
 * operators in one process (tests, embedded use) never share counters. The lower layers know
 * nothing of Prometheus: they call the hooks this module hands them.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { HandlerOutcome } from '../processing/processor.js';
import type { AdmissionObserver } from '../webhooks/admission.js';

/** prom-client default metrics whose names break Prometheus' conventions (promlint). */
const NONCONFORMING_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** Seconds; from a quick handler or request up to a slow one. */
const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export class OperatorMetrics {
  readonly registry = new Registry();
  private readonly handlerRuns = new Counter({
    name: 'gen_operator_handler_runs_total',
    help: 'Handler attempts by resource, handler and outcome (success, retry, failure).',
    labelNames: ['resource', 'handler', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly handlerDuration = new Histogram({
    name: 'gen_operator_handler_duration_seconds',
    help: 'How long one handler attempt took.',
    labelNames: ['resource', 'handler'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly queueWait = new Histogram({
    name: 'gen_operator_queue_wait_seconds',
    help: 'How long an object waited in the queue for a free worker.',
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly watchEvents = new Counter({
    name: 'gen_operator_watch_events_total',
    help: 'Objects received by resource and event type (LISTED for objects from a listing).',
    labelNames: ['resource', 'type'] as const,
    registers: [this.registry],
  });
  private readonly watchRestarts = new Counter({
    name: 'gen_operator_watch_restarts_total',
    help: 'Watch streams opened again, by resource and reason: ended (closed by the server), expired (410: relisted) or failed.',
    labelNames: ['resource', 'reason'] as const,
    registers: [this.registry],
  });
  private readonly apiRequests = new Counter({
    name: 'gen_operator_api_requests_total',
    help: 'Requests to the apiserver by HTTP method and status code ("error" when no answer came).',
    labelNames: ['method', 'code'] as const,
    registers: [this.registry],
  });
  private readonly apiDuration = new Histogram({
    name: 'gen_operator_api_request_duration_seconds',
    help: 'Latency of one request to the apiserver (watches excluded), by HTTP method.',
    labelNames: ['method'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly admissionReviews = new Counter({
    name: 'gen_operator_admission_reviews_total',
    help: 'Admission reviews answered, by resource, kind (validate, mutate) and result (allowed, refused, timeout, error).',
    labelNames: ['resource', 'kind', 'result'] as const,
    registers: [this.registry],
  });
  private readonly admissionDuration = new Histogram({
    name: 'gen_operator_admission_review_duration_seconds',
    help: 'How long the handlers of one admission review took, by resource and kind.',
    labelNames: ['resource', 'kind'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly webhookBadRequests = new Counter({
    name: 'gen_operator_webhook_bad_requests_total',
    help: 'Webhook requests answered without a review (unknown path, wrong method, not a review, too large), by HTTP status code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  private readonly leader = new Gauge({
    name: 'gen_operator_leader',
    help: '1 while this process handles objects (the leader, or leader election off), else 0.',
    registers: [this.registry],
  });

  private readonly eventCounters = new Map<string, { inc(): void }>();
  private readonly requestCounters = new Map<string, { inc(): void }>();
  private readonly requestHistograms = new Map<string, { observe(value: number): void }>();
  private readonly reviewCounters = new Map<string, { inc(): void }>();
  private readonly reviewHistograms = new Map<string, { observe(value: number): void }>();

  constructor(queueDepth: () => number) {
    new Gauge({
      name: 'gen_operator_queue_depth',
      help: 'Objects with work queued, running or scheduled for later.',
      registers: [this.registry],
      collect() {
        this.set(queueDepth());
      },
    });
    collectDefaultMetrics({ register: this.registry });
    // prom-client names three gauges with `_total`, which Prometheus reserves for counters: leave
    // them out (nodejs_active_handles and nodejs_active_resources, by type, remain).
    for (const name of NONCONFORMING_DEFAULTS) this.registry.removeSingleMetric(name);
    this.leader.set(0);
  }

  handler(outcome: HandlerOutcome): void {
    this.handlerRuns.inc({ resource: outcome.resource, handler: outcome.handler, outcome: outcome.kind });
    this.handlerDuration.observe({ resource: outcome.resource, handler: outcome.handler }, outcome.seconds);
  }

  queued(waitedMs: number): void {
    this.queueWait.observe(waitedMs / 1000);
  }

  event(resource: string, type: string | undefined): void {
    this.labelled(this.eventCounters, `${resource}|${type}`, () => this.watchEvents.labels({ resource, type: type ?? 'LISTED' })).inc();
  }

  restart(resource: string, reason: string): void {
    this.watchRestarts.inc({ resource, reason });
  }

  request(method: string, code: number | undefined, seconds: number): void {
    this.labelled(this.requestCounters, `${method}|${code}`, () =>
      this.apiRequests.labels({ method, code: code === undefined ? 'error' : String(code) }),
    ).inc();
    this.labelled(this.requestHistograms, method, () => this.apiDuration.labels({ method })).observe(seconds);
  }

  readonly admission: AdmissionObserver = ({ kind, resource, result, seconds }) => {
    this.labelled(this.reviewCounters, `${resource}|${kind}|${result}`, () =>
      this.admissionReviews.labels({ resource, kind, result }),
    ).inc();
    this.labelled(this.reviewHistograms, `${resource}|${kind}`, () => this.admissionDuration.labels({ resource, kind })).observe(seconds);
  };

  webhookBadRequest(code: number): void {
    this.webhookBadRequests.inc({ code: String(code) });
  }

  /**
   * One labelled child per label set, kept: every watch event and every request is counted, and
   * looking a child up by its label object again each time (prom-client hashes the object) is the
   * part that costs.
   */
  private labelled<C>(cache: Map<string, C>, key: string, make: () => C): C {
    let child = cache.get(key);
    if (!child) {
      child = make();
      cache.set(key, child);
    }
    return child;
  }

  leading(yes: boolean): void {
    this.leader.set(yes ? 1 : 0);
  }

  /** The text exposition format, and its content type. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
