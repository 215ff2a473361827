/**
 * The REST API: a Hono app whose routes are declared with zod schemas, so that the same schemas
 * validate requests and generate the OpenAPI document (`/openapi.json`, `/docs`).
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { accountRoutes } from './account.js';
import { aliasGetPath, withAliasPaths } from './aliases.js';
import { authMiddleware } from './auth.js';
import type { AppDeps } from './deps.js';
import { docsRoutes } from './docs.js';
import { errorHandler, validationHook } from './errors.js';
import { eventRoutes } from './events.js';
import { healthRoutes } from './health.js';
import { keyRoutes } from './keys.js';
import { marketRoutes } from './markets.js';
import { createHttpMetrics } from './metrics.js';
import { orderbookRoutes } from './orderbooks.js';
import { orderRoutes } from './orders.js';
import { problem, requestPath } from './problem.js';
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
    { name: 'venues', description: 'Venue capabilities, freshness and rate-limit headroom' },
    { name: 'orders', description: 'Placing, reading, amending and canceling orders (a `trade` key)' },
    { name: 'account', description: 'Fills, positions and balances (a `trade` key)' },
    { name: 'keys', description: 'API key management (an `admin` key)' },
    { name: 'health', description: 'Liveness and readiness' },
  ],
};

/** Resources whose routes check API keys themselves (trading and key management). */
export const GUARDED_RESOURCES: ReadonlySet<string> = new Set(['orders', 'order-requests', 'fills', 'positions', 'balances', 'keys']);

/** First path segments served under `/v1` and, unversioned, as aliases (`/markets` = `/v1/markets`). */
export const VERSIONED_RESOURCES: ReadonlySet<string> = new Set(['venues', 'markets', 'orderbooks', 'events', ...GUARDED_RESOURCES]);

/** The OpenAPI 3.1 document of an app, with the unversioned aliases listed beside their paths. */
export function openApiDocument(app: OpenAPIHono): ReturnType<OpenAPIHono['getOpenAPI31Document']> {
  const doc = app.getOpenAPI31Document(OPENAPI_INFO);
  return { ...doc, paths: withAliasPaths((doc.paths ?? {}) as Parameters<typeof withAliasPaths>[0]) as typeof doc.paths };
}

export function createApp(deps: AppDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook, getPath: aliasGetPath(VERSIONED_RESOURCES) });
  const metrics = createHttpMetrics(deps.metricsRegistries);

  if (deps.drain) app.use('*', deps.drain.middleware);
  app.use('*', metrics.middleware);
  app.onError(errorHandler(deps.logger));
  app.use('*', authMiddleware({ authenticator: deps.authenticator, marketData: deps.config.auth?.marketData ?? 'open', guarded: GUARDED_RESOURCES }));
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
  app.route('/', orderRoutes(deps));
  app.route('/', accountRoutes(deps));
  app.route('/', keyRoutes(deps));

  app.get('/metrics', async (c) => c.body(await metrics.render(), 200, { 'content-type': metrics.contentType }));
  app.get('/openapi.json', (c) => c.json(openApiDocument(app)));
  app.route('/', docsRoutes());

  return app;
}
