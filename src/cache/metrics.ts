/**
 * Prometheus metrics of the cache and bus backends, read when `/metrics` is scraped:
 * `venn_redis_configured{component}` (1 when the component is configured on Redis) and
 * `venn_redis_connected{component}` (1 while Redis answers, 0 while the component runs on its
 * in-memory fallback).
 */
import { Gauge, Registry } from 'prom-client';
import type { BackendHealth } from './types.js';

export function backendMetricsRegistry(backends: Record<string, { health(): BackendHealth } | undefined>): Registry {
  const registry = new Registry();
  const each = (read: (h: BackendHealth) => number) =>
    function collect(this: Gauge<'component'>) {
      this.reset();
      for (const [component, backend] of Object.entries(backends)) if (backend) this.set({ component }, read(backend.health()));
    };
  new Gauge({
    name: 'venn_redis_configured',
    help: 'Whether the component (cache, bus) is configured on Redis',
    labelNames: ['component'] as const,
    registers: [registry],
    collect: each((h) => (h.backend === 'redis' ? 1 : 0)),
  });
  new Gauge({
    name: 'venn_redis_connected',
    help: 'Whether the component reaches Redis now (0: serving from its in-memory fallback; always 0 without Redis)',
    labelNames: ['component'] as const,
    registers: [registry],
    collect: each((h) => (h.backend === 'redis' && h.connected ? 1 : 0)),
  });
  return registry;
}
