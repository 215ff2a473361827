/**
 * `GET /healthz`: the process is up. `GET /readyz`: the service can serve, i.e. at least one enabled
 * venue holds a catalog (a completed sync, here or loaded from the shared cache), with each venue's
 * state and the cache and bus backends in the body. A degraded cache or bus does not make the
 * service unready: it serves from its in-memory fallback.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createRoute, z } from '@hono/zod-openapi';
import type { BackendHealth } from '../cache/types.js';
import type { AppDeps } from './deps.js';
import { enabledVenues } from './deps.js';
import { newRouter } from './router.js';
import { CatalogLeaseSchema, SyncStateSchema } from './schemas.js';

const HealthSchema = z.object({ status: z.literal('ok') }).openapi('Health');

const BackendSchema = z
  .object({
    backend: z.enum(['memory', 'redis']),
    connected: z.boolean(),
    /** `degraded`: Redis is unreachable and this instance runs on its in-memory fallback. */
    state: z.enum(['ok', 'degraded']),
  })
  .openapi('BackendHealth');

const ClusterSchema = z
  .object({
    /** This instance (`INSTANCE_ID`, or generated at start). */
    instanceId: z.string(),
    /** Live instances sharing the deployment's Redis, this one included (as last seen). */
    instances: z.number().int(),
    /** Their ids. */
    seen: z.array(z.string()),
    /** `local`: no Redis; `shared`: venue budgets taken through Redis; `fallback`: Redis unreachable, each budget at 1/N here. */
    budgets: z.enum(['local', 'shared', 'fallback']),
  })
  .openapi('ClusterState');

const VenueReadinessSchema = z.object({
  state: SyncStateSchema,
  syncedAt: z.string().nullable(),
  marketCount: z.number().int(),
  /** The venue holds a catalog (a completed sync): its markets can be served. */
  serving: z.boolean(),
  /** The last sync error, if the last attempt failed. */
  error: z.string().nullable(),
  /** The venue's catalog lease, when instances share a Redis. */
  lease: CatalogLeaseSchema.optional(),
});

const ReadinessSchema = z
  .object({
    /** `ready`: at least one enabled venue is serving; `not_ready`: none is (yet). */
    status: z.enum(['ready', 'not_ready']),
    venues: z.record(z.string(), VenueReadinessSchema),
    cache: BackendSchema.optional(),
    bus: BackendSchema.optional(),
    cluster: ClusterSchema.optional(),
    books: z
      .object({
        /** `local`: this instance holds every market its clients watch; `shared`: one instance per market, by lease in Redis. */
        mode: z.enum(['local', 'shared']),
        /** Markets whose upstream stream this instance holds (under a lease when shared). */
        owned: z.number().int(),
        /** Markets watched here whose stream another instance holds. */
        followed: z.number().int(),
        /** Markets held here without a lease while the lease store is unreachable. */
        unleased: z.number().int(),
        leaseStore: z.enum(['ok', 'unreachable', 'none']),
        leaseTtlMs: z.number().int().nullable(),
        /** Leases of market streams taken, and lost, since start. */
        takeovers: z.number().int(),
        lost: z.number().int(),
      })
      .optional()
      .openapi('BookOwnership'),
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
  description:
    'Ready (200) when the service can serve: at least one enabled venue holds a catalog (a completed sync, here or ' +
    'loaded from the shared cache). Otherwise 503. The body gives each venue state and the cache and bus backends ' +
    '(`degraded` while Redis is unreachable, which alone does not make the service unready), and which markets\' ' +
      'upstream streams this instance holds.',
  responses: {
    200: { description: 'At least one venue is serving', content: { 'application/json': { schema: ReadinessSchema } } },
    503: { description: 'No venue holds a catalog', content: { 'application/json': { schema: ReadinessSchema } } },
  },
});

export function healthRoutes(deps: AppDeps): OpenAPIHono {
  const app = newRouter();
  app.openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200));
  app.openapi(readyRoute, (c) => {
    const venues: Record<string, z.infer<typeof VenueReadinessSchema>> = {};
    let serving = 0;
    for (const venue of enabledVenues(deps.registry)) {
      const s = deps.catalog.status(venue);
      const holds = (s?.syncedAt ?? null) !== null;
      if (holds) serving += 1;
      venues[venue] = {
        state: s?.state ?? 'pending',
        syncedAt: s?.syncedAt ?? null,
        marketCount: s?.marketCount ?? 0,
        serving: holds,
        error: s?.lastError?.message ?? null,
        ...(s?.lease ? { lease: s.lease } : {}),
      };
    }
    const cache = backendState(deps.backends?.cache);
    const bus = backendState(deps.backends?.bus);
    const view = deps.cluster;
    const cluster = view ? { instanceId: view.instanceId, instances: view.count(), seen: view.instances().map((i) => i.id), budgets: view.budgets() } : undefined;
    const books = deps.bookOwnership?.();
    const body = { venues, ...(cache ? { cache } : {}), ...(bus ? { bus } : {}), ...(cluster ? { cluster } : {}), ...(books ? { books } : {}) };
    if (serving > 0) return c.json({ status: 'ready' as const, ...body }, 200);
    return c.json({ status: 'not_ready' as const, ...body }, 503);
  });
  return app;
}
