import { Counter, Registry } from 'prom-client';

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
