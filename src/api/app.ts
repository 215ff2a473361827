/**
 * The REST API: a Hono app whose routes are declared with zod schemas, so that the same schemas
 * validate requests and generate the OpenAPI document (`/openapi.json`, `/docs`).
 */
import { clusterMetricsRegistry } from '../cluster/metrics.js';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';
import { cacheMetricsRegistry } from '../cache/byte-lru.js';
import { backendMetricsRegistry } from '../cache/metrics.js';
import { accountRoutes } from './account.js';
import { arbitrageRoutes } from './arbitrage.js';
import { aliasGetPath, withAliasPaths } from './aliases.js';
import { authMiddleware } from './auth.js';
import { compressMiddleware } from './compress.js';
import type { AppDeps } from './deps.js';
import { enabledVenues } from './deps.js';
import { docsRoutes } from './docs.js';
import { errorHandler, validationHook } from './errors.js';
import { eventRoutes } from './events.js';
import { healthRoutes } from './health.js';
import { keyRoutes } from './keys.js';
import { marketRoutes } from './markets.js';
import { mcpRoutes } from '../mcp/route.js';
import { consoleRoutes } from '../console/routes.js';
import { createHttpMetrics } from './metrics.js';
import { orderbookRoutes } from './orderbooks.js';
import { orderRoutes } from './orders.js';
import { problem, requestPath } from './problem.js';
import { requestContextMiddleware } from './request-context.js';
import { tradeRoutes } from './trades.js';
import { venueRoutes } from './venues.js';

export type { AppDeps, AdapterLookup } from './deps.js';

export const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'Venn API',
    version: '0.1.0',
    description:
      'Prediction-market venues behind one normalized model (`GET /v1/venues` lists them). Prices and sizes are ' +
      'decimal strings; ids are `venue:nativeId`; errors are RFC 9457 problem+json with a stable `code`.',
  },
  tags: [
    { name: 'markets', description: 'The synced market catalog' },
    { name: 'events', description: 'Groups of binary markets' },
    { name: 'orderbooks', description: 'Live order books in YES terms' },
    { name: 'arbitrage', description: 'Cross-venue matches and fee- and depth-exact opportunities' },
    { name: 'venues', description: 'Venue capabilities, freshness and rate-limit headroom' },
    { name: 'orders', description: 'Placing, reading, amending and canceling orders (a `trade` key)' },
    { name: 'account', description: 'Fills, positions and balances (a `trade` key)' },
    { name: 'keys', description: 'API key management (an `admin` key)' },
    { name: 'health', description: 'Liveness and readiness' },
  ],
};

/** `REQUEST_DEADLINE_MS` when the configuration does not say. */
export const DEFAULT_REQUEST_DEADLINE_MS = 5_000;

/** Resources whose routes check API keys themselves (trading and key management). */
export const GUARDED_RESOURCES: ReadonlySet<string> = new Set(['orders', 'order-requests', 'fills', 'positions', 'balances', 'keys']);

/** First path segments served under `/v1` and, unversioned, as aliases (`/markets` = `/v1/markets`). */
export const VERSIONED_RESOURCES: ReadonlySet<string> = new Set(['venues', 'markets', 'orderbooks', 'events', 'arbitrage', 'matches', ...GUARDED_RESOURCES]);

/** The OpenAPI 3.1 document of an app, with the unversioned aliases listed beside their paths. */
export function openApiDocument(app: OpenAPIHono): ReturnType<OpenAPIHono['getOpenAPI31Document']> {
  const doc = app.getOpenAPI31Document(OPENAPI_INFO);
  return { ...doc, paths: withAliasPaths((doc.paths ?? {}) as Parameters<typeof withAliasPaths>[0]) as typeof doc.paths };
}

/** Catalog reads (markets and events, lists and single items, versioned or not): answered from memory, so validated by ETag. */
const CATALOG_READ = /^(\/v1)?\/(markets|events)(\/[^/]+)?$/;

/** `ETag` on catalog reads, and `304 Not Modified` for a matching `If-None-Match`. */
function catalogETags(): MiddlewareHandler {
  const tagged = etag({ weak: true });
  return (c, next) => (c.req.method === 'GET' && CATALOG_READ.test(c.req.path) ? tagged(c, next) : next());
}

export function createApp(deps: AppDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook, getPath: aliasGetPath(VERSIONED_RESOURCES) });
  const backendMetrics = deps.backends ? [backendMetricsRegistry({ cache: deps.backends.cache, bus: deps.backends.bus })] : [];
  const clusterMetrics = deps.cluster ? [clusterMetricsRegistry(deps.cluster)] : [];
  const metrics = createHttpMetrics([cacheMetricsRegistry, ...backendMetrics, ...clusterMetrics, ...(deps.metricsRegistries ?? [])]);

  if (deps.drain) app.use('*', deps.drain.middleware);
  app.use('*', metrics.middleware);
  app.use('*', compressMiddleware());
  app.onError(errorHandler(deps.logger));
  app.use('*', authMiddleware({ authenticator: deps.authenticator, marketData: deps.config.auth?.marketData ?? 'open', guarded: GUARDED_RESOURCES }));
  if (deps.clientLimit) app.use('*', deps.clientLimit);
  app.use('*', catalogETags());
  app.use('*', requestContextMiddleware({ deadlineMs: deps.config.api?.requestDeadlineMs ?? DEFAULT_REQUEST_DEADLINE_MS, noDeadline: GUARDED_RESOURCES }));
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A service API key: `Authorization: Bearer <key>` (`npm run keys -- create`)',
  });
  app.notFound((c) => problem(c, { status: 404, code: 'not_found', detail: `no route for ${c.req.method} ${requestPath(c.req.raw)}` }));

  app.route('/', healthRoutes(deps));
  app.route('/', venueRoutes(deps));
  app.route('/', marketRoutes(deps));
  app.route('/', orderbookRoutes(deps));
  app.route('/', tradeRoutes(deps));
  app.route('/', eventRoutes(deps));
  app.route('/', arbitrageRoutes(deps));
  app.route('/', orderRoutes(deps));
  app.route('/', accountRoutes(deps));
  app.route('/', keyRoutes(deps));

  app.get('/metrics', async (c) => c.body(await metrics.render(), 200, { 'content-type': metrics.contentType }));
  app.get('/openapi.json', (c) => c.json(openApiDocument(app)));
  app.route('/', docsRoutes());
  app.route('/', consoleRoutes({ rest: (request, env) => app.fetch(request, env), venues: () => enabledVenues(deps.registry) }));
  app.route(
    '/',
    mcpRoutes({
      rest: (request, env) => app.fetch(request, env),
      marketData: deps.config.auth?.marketData ?? 'open',
      trading: deps.config.mcp?.trading ?? false,
      version: OPENAPI_INFO.info.version,
    }),
  );

  return app;
}
