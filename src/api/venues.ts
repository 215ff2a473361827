/** `GET /v1/venues`: every known venue, whether it is enabled, its capabilities, freshness and rate-limit headroom. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createRoute } from '@hono/zod-openapi';
import { VENUE_IDS } from '../core/index.js';
import type { VenueId } from '../core/index.js';
import type { AppDeps, LiveBookStats } from './deps.js';
import { problemResponses } from './problem.js';
import { newRouter } from './router.js';
import { VenueListSchema } from './schemas.js';

const listRoute = createRoute({
  method: 'get',
  path: '/v1/venues',
  tags: ['venues'],
  summary: 'Venues and their state',
  responses: {
    200: { description: 'One entry per known venue', content: { 'application/json': { schema: VenueListSchema } } },
    ...problemResponses(500),
  },
});

function liveBooksOf(stats: LiveBookStats, venue: VenueId) {
  const stream = stats.streams.find((s) => s.venue === venue);
  const poller = stats.pollers.find((p) => p.venue === venue);
  return {
    stream: stream ? { usable: stream.usable ?? true, subscriptions: stream.subscriptions } : null,
    polledMarkets: poller?.markets ?? 0,
    pollFailures: poller?.failures ?? 0,
  };
}

export function venueRoutes(deps: AppDeps): OpenAPIHono {
  const app = newRouter();
  app.openapi(listRoute, (c) => {
    const live = deps.books?.stats?.();
    const data = VENUE_IDS.map((id) => {
      const adapter = deps.registry.has(id) ? deps.registry.get(id) : undefined;
      const status = deps.catalog.status(id);
      return {
        id,
        enabled: adapter !== undefined,
        authenticated: adapter?.authenticated ?? false,
        capabilities: adapter ? { ...adapter.has } : null,
        catalog: status
          ? {
              state: status.state,
              syncedAt: status.syncedAt,
              marketCount: status.marketCount,
              eventCount: status.eventCount,
              progress: status.progress,
              lastError: status.lastError,
              ...(status.lease ? { lease: status.lease } : {}),
            }
          : null,
        rateLimits: adapter ? adapter.rateLimits() : [],
        liveBooks: live && adapter ? liveBooksOf(live, id) : null,
      };
    });
    return c.json({ data }, 200);
  });
  return app;
}
