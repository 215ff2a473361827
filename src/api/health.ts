/** `GET /healthz` (the process is up) and `GET /readyz` (every enabled venue synced once or failed). */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from './deps.js';
import { enabledVenues } from './deps.js';
import { newRouter } from './router.js';
import { SyncStateSchema } from './schemas.js';

const HealthSchema = z.object({ status: z.literal('ok') }).openapi('Health');

const ReadinessSchema = z
  .object({
    status: z.enum(['ready', 'starting']),
    venues: z.record(z.string(), z.object({ state: SyncStateSchema, syncedAt: z.string().nullable() })),
  })
  .openapi('Readiness');

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
    if (deps.catalog.isReady()) return c.json({ status: 'ready' as const, venues }, 200);
    return c.json({ status: 'starting' as const, venues }, 503);
  });
  return app;
}
