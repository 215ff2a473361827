/**
 * `GET /v1/markets/{id}/trades`: recent public trades of one market, asked of the venue on each
 * call (trades are not part of the catalog). The venue's own page cursor travels inside our opaque
 * cursor, bound to the market it was issued for.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createRoute, z } from '@hono/zod-openapi';
import { BadRequest, NotFound, NotSupported, parseId } from '../core/index.js';
import { ParameterProblem } from './errors.js';
import type { AppDeps } from './deps.js';
import { cursorParam, idPathParam, intSchema } from './params.js';
import { problemResponses } from './problem.js';
import { newRouter } from './router.js';
import { TradePageSchema } from './schemas.js';

export const MAX_TRADES_LIMIT = 500;

const route = createRoute({
  method: 'get',
  path: '/v1/markets/{id}/trades',
  tags: ['markets'],
  summary: 'Recent public trades of one market',
  description: 'Fetched from the venue, newest first as the venue lists them; `nextCursor` pages further back.',
  request: {
    params: z.object({ id: idPathParam('Market id') }),
    query: z.strictObject({
      limit: intSchema(1, MAX_TRADES_LIMIT)
        .optional()
        .default(100)
        .openapi({ param: { name: 'limit', in: 'query' }, type: 'integer', minimum: 1, maximum: MAX_TRADES_LIMIT, default: 100 }),
      cursor: cursorParam,
    }),
  },
  responses: {
    200: { description: 'One page of trades', content: { 'application/json': { schema: TradePageSchema } } },
    ...problemResponses(400, 404, 429, 500, 501, 502, 503, 504),
  },
});

interface TradeCursor {
  /** The market the cursor belongs to. */
  m: string;
  /** The venue's own cursor. */
  v: string;
}

export function encodeTradeCursor(marketId: string, venueCursor: string): string {
  return Buffer.from(JSON.stringify({ m: marketId, v: venueCursor } satisfies TradeCursor)).toString('base64url');
}

export function decodeTradeCursor(marketId: string, cursor: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const c = parsed as Partial<TradeCursor> | undefined;
  if (!c || typeof c !== 'object' || typeof c.v !== 'string' || c.m !== marketId) {
    throw new ParameterProblem('cursor', 'query', 'is not a trades cursor issued for this market');
  }
  return c.v;
}

/**
 * The first page. A venue refusing the page asked with our cursor means the cursor was forged or
 * has expired: that is the caller's parameter, answered without the venue's route or message.
 */
async function nextPage<T>(pages: AsyncIterator<T>, withCursor: boolean): Promise<IteratorResult<T>> {
  try {
    return await pages.next();
  } catch (err) {
    if (withCursor && (err instanceof BadRequest || err instanceof NotFound)) {
      throw new ParameterProblem('cursor', 'query', 'is not a valid trades cursor for this market');
    }
    throw err;
  }
}

export function tradeRoutes(deps: AppDeps): OpenAPIHono {
  const app = newRouter();

  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const { limit, cursor } = c.req.valid('query');
    const { venue, nativeId } = parseId(id);
    const adapter = deps.registry.has(venue) ? deps.registry.get(venue) : undefined;
    if (!adapter) throw new NotFound(`venue ${venue} is not enabled on this server`, { venue });
    if (adapter.has.listTrades === false) throw new NotSupported(`${venue} does not list public trades`, { venue });
    // A market missing from the catalog may be newer than the last sync: the venue has the last word.
    if (deps.catalog.getMarket(id) === undefined) await adapter.getMarket(nativeId);

    const pages = adapter.listTrades(nativeId, {
      pageSize: limit,
      ...(cursor !== undefined ? { cursor: decodeTradeCursor(id, cursor) } : {}),
    })[Symbol.asyncIterator]();
    try {
      const first = await nextPage(pages, cursor !== undefined);
      const data = first.done ? [] : first.value.items.slice(0, limit);
      const next = first.done ? null : first.value.nextCursor;
      return c.json({ data, nextCursor: next ? encodeTradeCursor(id, next) : null }, 200);
    } finally {
      await pages.return?.();
    }
  });

  return app;
}
