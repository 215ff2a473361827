/**
 * Prometheus metrics: process defaults (one registry per process), an HTTP request histogram per
 * app labelled by route template (never by raw path, to bound cardinality), and any extra
 * registries the service hands in (venue metrics).
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

let processRegistry: Registry | undefined;

function defaultRegistry(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'venn_' });
  }
  return processRegistry;
}

export interface HttpMetrics {
  middleware: MiddlewareHandler;
  /** The exposition text of every registry. */
  render(): Promise<string>;
  contentType: string;
}

export function createHttpMetrics(extra: Registry[] = []): HttpMetrics {
  const registry = new Registry();
  const histogram = new Histogram({
    name: 'venn_http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const registries = [defaultRegistry(), registry, ...extra];
  return {
    contentType: registry.contentType,
    middleware: async (c, next) => {
      const start = process.hrtime.bigint();
      try {
        await next();
      } finally {
        const route = routePath(c, -1);
        histogram.observe(
          { method: c.req.method, route: route === '*' || route === '/*' ? 'unmatched' : route, status: String(c.res.status) },
          Number(process.hrtime.bigint() - start) / 1e9,
        );
      }
    },
    async render() {
      const parts = await Promise.all(registries.map((r) => r.metrics()));
      return parts.filter((p) => p.trim() !== '').join('\n');
    },
  };
}
