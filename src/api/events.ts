/** `GET /v1/events` and `GET /v1/events/{id}`: answered from the synced catalog only. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createRoute, z } from '@hono/zod-openapi';
import type { Event } from '../core/index.js';
import type { AppDeps } from './deps.js';
import { freshness, resolveVenues } from './deps.js';
import { ResourceNotFound } from './errors.js';
import { jsonText, pageJson } from './json-body.js';
import { categoryParam, closesBeforeParam, cursorParam, idPathParam, limitParam, qParam, statusParam, venueParam } from './params.js';
import { problemResponses } from './problem.js';
import { newRouter } from './router.js';
import { EventComponent, EventPageSchema } from './schemas.js';

const listRoute = createRoute({
  method: 'get',
  path: '/v1/events',
  tags: ['events'],
  summary: 'List events (groups of binary markets)',
  description:
    'Takes the filters of `/v1/markets`. An event has a status when one of its markets has it (`status=open`: events ' +
    "with an open market); `sort=volume` orders by the sum of the markets' volumes, `sort=newest` by when the first " +
    'market opened. `meta.total` counts the events matching the filters over all pages; `meta.venues.<venue>.marketCount` ' +
    'is the venue total.',
  request: {
    query: z.strictObject({
      venue: venueParam,
      status: statusParam,
      q: qParam,
      category: categoryParam,
      closesBefore: closesBeforeParam,
      sort: z
        .enum(['closeTime', 'id', 'volume', 'newest'])
        .optional()
        .default('closeTime')
        .openapi({ param: { name: 'sort', in: 'query' }, description: 'Close time (soonest first, unknown last), id, volume (largest first) or newest' }),
      limit: limitParam,
      cursor: cursorParam,
    }),
  },
  responses: {
    200: { description: 'A page of events', content: { 'application/json': { schema: EventPageSchema } } },
    ...problemResponses(400, 500),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/v1/events/{id}',
  tags: ['events'],
  summary: 'One event',
  request: { params: z.object({ id: idPathParam('Event id (`venue:nativeId`)') }) },
  responses: {
    200: { description: 'The event', content: { 'application/json': { schema: EventComponent } } },
    ...problemResponses(400, 404, 500),
  },
});

export function eventRoutes(deps: AppDeps): OpenAPIHono {
  const app = newRouter();

  app.openapi(listRoute, (c) => {
    const q = c.req.valid('query');
    const venues = resolveVenues(q.venue, deps.registry);
    const page = deps.catalog.queryEvents({
      venues,
      status: q.status,
      q: q.q,
      category: q.category,
      closesBefore: q.closesBefore,
      sort: q.sort,
      limit: q.limit,
      cursor: q.cursor,
    });
    const meta = { total: page.total, venues: freshness(deps.catalog, venues) };
    return jsonText<{ data: Event[]; nextCursor: string | null; meta: typeof meta }>(c, pageJson(page.data, page.nextCursor, meta));
  });

  app.openapi(getRoute, (c) => {
    const { id } = c.req.valid('param');
    const event = deps.catalog.getEvent(id);
    if (!event) throw new ResourceNotFound(`event ${id} is not in the catalog`);
    return c.json(event, 200);
  });

  return app;
}
