/** `GET /healthz` (the process is up) and `GET /readyz` (every enabled venue synced once or failed). */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createRoute, z } from '@hono/zod-openapi';
import type { BackendHealth } from '../cache/types.js';
import type { AppDeps } from './deps.js';
import { enabledVenues } from './deps.js';
import { newRouter } from './router.js';
import { SyncStateSchema } from './schemas.js';

const HealthSchema = z.object({ status: z.literal('ok') }).openapi('Health');

const BackendSchema = z
  .object({
    backend: z.enum(['memory', 'redis']),
    connected: z.boolean(),
    /** `degraded`: Redis is unreachable and this instance runs on its in-memory fallback. */
    state: z.enum(['ok', 'degraded']),
  })
  .openapi('BackendHealth');

const ReadinessSchema = z
  .object({
    status: z.enum(['ready', 'starting']),
    venues: z.record(z.string(), z.object({ state: SyncStateSchema, syncedAt: z.string().nullable() })),
    cache: BackendSchema.optional(),
    bus: BackendSchema.optional(),
  })
  .openapi('Readiness');

function backendState(h: { health(): BackendHealth } | undefined): z.infer<typeof BackendSchema> | undefined {
  if (!h) return undefined;
  const { backend, connected } = h.health();
  return { backend, connected, state: connected ? 'ok' : 'degraded' };
}

const healthRoute = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['health'],
  summary: 'Liveness',
  responses: { 200: { description: 'The process is up', content: { 'application/json': { schema: HealthSchema } } } },
});

const readyRoute = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['health'],
  summary: 'Readiness',
  description: 'Ready once every enabled venue has synced its catalog at least once (or failed).',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: ReadinessSchema } } },
    503: { description: 'Still syncing', content: { 'application/json': { schema: ReadinessSchema } } },
  },
});

export function healthRoutes(deps: AppDeps): OpenAPIHono {
  const app = newRouter();
  app.openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200));
  app.openapi(readyRoute, (c) => {
    const venues: Record<string, { state: 'pending' | 'syncing' | 'ready' | 'failed'; syncedAt: string | null }> = {};
    for (const venue of enabledVenues(deps.registry)) {
      const s = deps.catalog.status(venue);
      venues[venue] = { state: s?.state ?? 'pending', syncedAt: s?.syncedAt ?? null };
    }
    const cache = backendState(deps.backends?.cache);
    const bus = backendState(deps.backends?.bus);
    const body = { venues, ...(cache ? { cache } : {}), ...(bus ? { bus } : {}) };
    if (deps.catalog.isReady()) return c.json({ status: 'ready' as const, ...body }, 200);
    return c.json({ status: 'starting' as const, ...body }, 503);
  });
  return app;
}
