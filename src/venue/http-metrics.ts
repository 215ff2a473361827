import { Counter, Gauge, Registry } from 'prom-client';
import { trackedLimiters } from './rate-limiter.js';

/**
 * Prometheus metrics of venue HTTP traffic, on their own registry so the API can merge it into
 * `/metrics` (`Registry.merge([appRegistry, venueMetricsRegistry])`). Created once per process;
 * re-evaluating this module reuses the registered counters instead of throwing on re-registration.
 */
const GLOBAL_KEY = Symbol.for('venn.venueMetricsRegistry');
const holder = globalThis as unknown as Record<symbol, Registry | undefined>;

export const venueMetricsRegistry: Registry = holder[GLOBAL_KEY] ?? (holder[GLOBAL_KEY] = new Registry());

function counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
  const existing = venueMetricsRegistry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter<L>({ name, help, labelNames, registers: [venueMetricsRegistry] });
}

/** Every HTTP attempt by venue, endpoint template and status (`error` when there was no response). */
export const httpRequestsTotal = counter('venn_venue_http_requests_total', 'HTTP requests sent to venues', [
  'venue',
  'endpoint',
  'status',
] as const);

/** Retries by venue and reason (`rate_limited`, `server_error`, `timeout`, `network`). */
export const httpRetriesTotal = counter('venn_venue_http_retries_total', 'HTTP requests to venues retried', [
  'venue',
  'reason',
] as const);

/** Venue calls of API requests shed before reaching the venue (`queue_full`, `deadline`), by venue. */
export const shedRequestsTotal = counter('venn_venue_shed_requests_total', 'Venue calls shed for want of budget (503)', [
  'venue',
  'reason',
] as const);

/** Venue calls that ran out of their request's overall deadline (504), by venue. */
export const deadlineHitsTotal = counter('venn_venue_deadline_hits_total', 'Venue calls that outlasted their request deadline (504)', [
  'venue',
] as const);

/** Requests waiting for a venue's budget, by venue, bucket and lane (`interactive` API work, `background` sync and books). */
if (!venueMetricsRegistry.getSingleMetric('venn_venue_queue_depth')) {
  new Gauge({
    name: 'venn_venue_queue_depth',
    help: 'Requests waiting for venue rate-limit budget',
    labelNames: ['venue', 'bucket', 'lane'] as const,
    registers: [venueMetricsRegistry],
    collect() {
      this.reset();
      for (const { venue, limiter } of trackedLimiters()) {
        for (const { bucket, depth } of limiter.queueDepths()) {
          this.inc({ venue, bucket, lane: 'interactive' }, depth.interactive);
          this.inc({ venue, bucket, lane: 'background' }, depth.background);
        }
      }
    },
  });
}
