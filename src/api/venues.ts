/** `GET /v1/venues`: every known venue, whether it is enabled, its capabilities, freshness and rate-limit headroom. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createRoute } from '@hono/zod-openapi';
import { VENUE_IDS } from '../core/index.js';
import type { AppDeps } from './deps.js';
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

export function venueRoutes(deps: AppDeps): OpenAPIHono {
  const app = newRouter();
  app.openapi(listRoute, (c) => {
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
            }
          : null,
        rateLimits: adapter ? adapter.rateLimits() : [],
      };
    });
    return c.json({ data }, 200);
  });
  return app;
}
