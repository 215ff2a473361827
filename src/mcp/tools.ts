/**
 * The MCP tools. Each is one call to a REST route (`RestCaller`), so an agent sees exactly what a
 * REST client sees: the same catalog, books and venue state, the same validation, and errors as
 * MCP tool errors carrying the API's stable problem `code`. Bounds (limit, depth) are left to the
 * REST validation, so an out-of-range value is an `invalid_parameter`, as on REST.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { VENUE_IDS, type Market, type OrderBook } from '../core/index.js';
import type { MatchRecord, Opportunity } from '../arbitrage/index.js';
import { bookView, marketDetail, marketRow, matchView, opportunityView } from './compact.js';
import { RestProblem, seg, type RestCaller } from '../api/in-process.js';

export const READ_TOOLS = ['search_markets', 'get_market', 'get_orderbook', 'compare_markets', 'list_arbitrage', 'venue_status'] as const;
export const TRADING_TOOLS = ['place_order', 'cancel_order'] as const;

/** Compact JSON text, the way MCP clients hand tool results to a model. */
function ok(value: unknown): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }] };
}

/** A tool error with the REST API's problem fields (`code` is the stable one). */
export function toolError(err: unknown): CallToolResult {
  const p = err instanceof RestProblem ? err : new RestProblem(500, 'internal', 'the tool failed unexpectedly');
  return { isError: true, content: [{ type: 'text', text: JSON.stringify({ error: { code: p.code, status: p.status, detail: p.detail, ...p.extra } }) }] };
}

async function run(body: () => Promise<unknown>): Promise<CallToolResult> {
  try {
    return ok(await body());
  } catch (err) {
    return toolError(err);
  }
}

const READ_ONLY = { readOnlyHint: true, openWorldHint: false } as const;
const marketId = z.string().describe('Market id, `venue:nativeId` (as search_markets returns it)');

interface MarketPage {
  data: Market[];
  nextCursor: string | null;
  meta: { venues: Record<string, { state: string; syncedAt: string | null; error: string | null }> };
}

interface VenueInfo {
  id: string;
  enabled: boolean;
  authenticated: boolean;
  catalog: { state: string; syncedAt: string | null; marketCount: number; lastError: { message: string } | null } | null;
  rateLimits: { name: string; ratePerSecond: number; capacity: number; available: number }[];
}

export function registerReadTools(server: McpServer, rest: RestCaller): void {
  server.registerTool(
    'search_markets',
    {
      title: 'Search markets across venues',
      description:
        'Markets from the synced catalog of every enabled venue. Prices are YES prices as decimal strings (0 to 1). ' +
        'Pass `nextCursor` back as `cursor` for the next page. Venues whose catalog is not ready are listed in `venues`.',
      inputSchema: {
        q: z.string().optional().describe('Words that must all appear in the title or question (case-insensitive whole words)'),
        venue: z.string().optional().describe(`Comma list of venues (${VENUE_IDS.join(', ')}); default all`),
        status: z.string().optional().describe('Comma list of upcoming, open, paused, closed, resolved, void'),
        category: z.string().optional(),
        closesBefore: z.string().optional().describe('ISO-8601 date or date-time'),
        money: z.enum(['real', 'play']).optional().describe('Real-money or play-money markets only'),
        sort: z.enum(['volume', 'closeTime', 'newest']).optional().describe('Default volume'),
        limit: z.number().int().optional().describe('Default 20, at most 1000'),
        cursor: z.string().optional(),
      },
      annotations: READ_ONLY,
    },
    (args) =>
      run(async () => {
        const page = await rest.get<MarketPage>('/v1/markets', { ...args, limit: args.limit ?? 20 });
        const notReady = Object.fromEntries(
          Object.entries(page.meta.venues)
            .filter(([, f]) => f.state !== 'ready')
            .map(([v, f]) => [v, { state: f.state, syncedAt: f.syncedAt, ...(f.error ? { error: f.error } : {}) }]),
        );
        return { markets: page.data.map(marketRow), nextCursor: page.nextCursor, ...(Object.keys(notReady).length > 0 ? { venues: notReady } : {}) };
      }),
  );

  server.registerTool(
    'get_market',
    { title: 'One market', description: 'The market: contract terms, YES quotes, volume, times, tick size, rules.', inputSchema: { id: marketId }, annotations: READ_ONLY },
    ({ id }) => run(async () => marketDetail(await rest.get<Market>(`/v1/markets/${seg(id)}`))),
  );

  server.registerTool(
    'get_orderbook',
    {
      title: 'Live order book',
      description: 'The live book in YES terms: `bids` and `asks` as [price, size] pairs, best first. A NO bid at p is a YES ask at 1-p.',
      inputSchema: { id: marketId, depth: z.number().int().optional().describe('Levels per side; default 10, at most 500') },
      annotations: READ_ONLY,
    },
    ({ id, depth }) => run(async () => bookView(await rest.get<OrderBook>(`/v1/markets/${seg(id)}/orderbook`, { depth: depth ?? 10 }))),
  );

  server.registerTool(
    'compare_markets',
    {
      title: 'Compare two markets',
      description:
        'How the cross-venue matcher sees two markets: `relation` (identical, inverse: YES on one is NO on the other, subset, overlap, different), ' +
        '`confidence`, `reasons` and `differences` (critical ones change which outcome pays). `tradable`: the pair feeds arbitrage. ' +
        '`recorded: false`: judged now on request, the matcher does not keep the pair.',
      inputSchema: { a: marketId, b: marketId },
      annotations: READ_ONLY,
    },
    ({ a, b }) => run(async () => matchView(await rest.get<MatchRecord & { recorded: boolean }>(`/v1/matches/${seg(a)}/${seg(b)}`))),
  );

  server.registerTool(
    'list_arbitrage',
    {
      title: 'Arbitrage opportunities',
      description:
        'Cross-venue pairs and same-venue complete sets that lock in a profit after fees, actionable first, then by profit. Each leg buys `outcome` ' +
        'at `price` (volume-weighted; `limitPrice` is the worst level) for `size` contracts. `edge` is profit per set, `roi` and `apr` are fractions ' +
        '("0.05" = 5 %). Not actionable ones carry `blockers`. `total` counts opportunities before filters and limit.',
      inputSchema: {
        venues: z.string().optional().describe(`Comma list of venues (${VENUE_IDS.join(', ')}): every leg on one of them; default all`),
        minEdge: z.string().optional().describe('Minimum profit per set after fees, decimal string'),
        minSize: z.string().optional().describe('Minimum sets, decimal string'),
        minConfidence: z.number().optional().describe('Minimum match confidence, 0 to 1'),
        actionable: z.boolean().optional().describe('Only actionable opportunities'),
        includeCandidates: z.boolean().optional().describe('Also list matched pairs that do not feed arbitrage, with their reasons'),
        limit: z.number().int().optional().describe('Default 20, at most 500'),
      },
      annotations: READ_ONLY,
    },
    (args) =>
      run(async () => {
        const page = await rest.get<{ data: Opportunity[]; candidates?: (MatchRecord & { recorded?: boolean })[]; meta: { total: number; lastScanAt: string | null } }>(
          '/v1/arbitrage',
          { ...args, limit: args.limit ?? 20 },
        );
        return {
          opportunities: page.data.map(opportunityView),
          ...(page.candidates ? { candidates: page.candidates.map(matchView) } : {}),
          total: page.meta.total,
          lastScanAt: page.meta.lastScanAt,
        };
      }),
  );

  server.registerTool(
    'venue_status',
    {
      title: 'Venue status',
      description: 'Per venue: enabled, catalog sync state, size and freshness, and rate-limit headroom (available of capacity tokens).',
      inputSchema: { venue: z.string().optional().describe('One venue; default all') },
      annotations: READ_ONLY,
    },
    ({ venue }) =>
      run(async () => {
        const { data } = await rest.get<{ data: VenueInfo[] }>('/v1/venues');
        const rows = venue === undefined ? data : data.filter((v) => v.id === venue.trim().toLowerCase());
        if (rows.length === 0) throw new RestProblem(404, 'not_found', `unknown venue "${venue ?? ''}"`);
        return {
          venues: rows.map((v) => ({
            id: v.id,
            enabled: v.enabled,
            authenticated: v.authenticated,
            ...(v.catalog
              ? { catalog: { state: v.catalog.state, syncedAt: v.catalog.syncedAt, markets: v.catalog.marketCount, ...(v.catalog.lastError ? { error: v.catalog.lastError.message } : {}) } }
              : {}),
            rateLimits: v.rateLimits.map((r) => ({ name: r.name, available: r.available, capacity: r.capacity, perSecond: r.ratePerSecond })),
          })),
        };
      }),
  );
}

/** `place_order` and `cancel_order`: the REST order routes, so each write is audited like any other. */
export function registerTradingTools(server: McpServer, rest: RestCaller): void {
  const write = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true } as const;
  server.registerTool(
    'place_order',
    {
      title: 'Place an order',
      description:
        'Places an order on the venue (needs an API key with the trade scope). `price` is in the terms of `outcome`. ' +
        'Give a `clientOrderId`: a repeated call with the same one returns the same order instead of placing a second.',
      inputSchema: {
        market: marketId,
        side: z.enum(['buy', 'sell']),
        outcome: z.enum(['yes', 'no']),
        type: z.enum(['limit', 'market']).optional(),
        price: z.string().optional().describe('Decimal string, e.g. "0.42"; required for limit orders'),
        size: z.string().describe('Contracts, decimal string'),
        timeInForce: z.enum(['gtc', 'gtd', 'ioc', 'fok']).optional(),
        expiresAt: z.string().optional(),
        postOnly: z.boolean().optional(),
        clientOrderId: z.string().optional(),
      },
      annotations: write,
    },
    (args) => run(() => rest.send('POST', '/v1/orders', args)),
  );
  server.registerTool(
    'cancel_order',
    {
      title: 'Cancel an order',
      description: 'Cancels an open order by its id, `venue:orderId` (needs an API key with the trade scope).',
      inputSchema: { id: z.string().describe('Order id, `venue:orderId`') },
      annotations: { ...write, idempotentHint: true },
    },
    ({ id }) => run(() => rest.send('DELETE', `/v1/orders/${seg(id)}`)),
  );
}
