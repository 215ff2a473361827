/**
 * The MCP endpoint, driven by the MCP SDK's own client over Streamable HTTP against the service on
 * every venue's simulator (as `npm run demo` runs it). Each read tool's answer is checked against
 * the REST API's answer for the same question; errors carry the REST API's stable codes; keys,
 * `MARKET_DATA_AUTH` and `MCP_TRADING` gate the endpoint and its trading tools.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import pino from 'pino';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { venueModules } from '../../adapters/index.js';
import { loadConfig } from '../../src/config.js';
import type { MatchRecord, Opportunity } from '../../src/arbitrage/index.js';
import type { Market, OrderBook } from '../../src/core/index.js';
import { demoOrderBody } from '../../src/demo-order.js';
import { startService, type RunningService } from '../../src/main.js';
import type { RunningVenueSimulator } from '../../src/venue/index.js';

let sims: RunningVenueSimulator[] = [];
let open: RunningService;
let closed: RunningService;
const logLines: Record<string, unknown>[] = [];
const clients: Client[] = [];
const KALSHI_FED = 'kalshi:KXFED-27JUN16-T4.25';

async function start(extra: Record<string, string>, logger = pino({ level: 'silent' })): Promise<RunningService> {
  const env = { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...Object.assign({}, ...sims.map((s) => s.env)), VENUES: venueModules.map((m) => m.id).join(','), ...extra };
  const service = await startService(loadConfig(env, venueModules), { logger });
  await vi.waitFor(
    async () => {
      if ((await fetch(`${service.url}/readyz`)).status !== 200) throw new Error('not ready');
    },
    { timeout: 60_000, interval: 100 },
  );
  return service;
}

beforeAll(async () => {
  sims = await Promise.all(venueModules.map((m) => m.startSimulator({ seed: 5, markets: 30, crossListed: true })));
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  [open, closed] = await Promise.all([start({}), start({ MARKET_DATA_AUTH: 'key', MCP_TRADING: 'true' }, pino({ level: 'info' }, sink))]);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await open?.close();
  await closed?.close();
  await Promise.all(sims.map((s) => s.close()));
});

async function connect(service: RunningService, token?: string): Promise<Client> {
  const client = new Client({ name: 'venn-test', version: '1.0.0' });
  const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  await client.connect(new StreamableHTTPClientTransport(new URL(`${service.url}/mcp`), { requestInit: { headers } }));
  clients.push(client);
  return client;
}

interface ToolAnswer {
  isError: boolean;
  value: any;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<ToolAnswer> {
  const res = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content: { type: string; text: string }[] };
  expect(res.content).toHaveLength(1);
  return { isError: res.isError === true, value: JSON.parse(res.content[0]!.text) };
}

async function rest<T>(service: RunningService, path: string, token?: string): Promise<T> {
  const res = await fetch(`${service.url}${path}`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

describe('/mcp with open market data', () => {
  it('lists the read tools only (no trading tools unless MCP_TRADING)', async () => {
    const client = await connect(open);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['compare_markets', 'get_market', 'get_orderbook', 'list_arbitrage', 'search_markets', 'venue_status']);
    for (const t of tools) expect(t.annotations?.readOnlyHint, t.name).toBe(true);
  });

  it('search_markets answers what GET /v1/markets answers, venue by venue, page by page', async () => {
    const client = await connect(open);
    for (const m of venueModules) {
      // Live books (those arbitrage watches) move quotes while we read: two reads agree once none moved between them.
      const { first, page1 } = await vi.waitFor(
        async () => {
          const first = await call(client, 'search_markets', { venue: m.id, status: 'open', limit: 4 });
          const page1 = await rest<{ data: Market[]; nextCursor: string | null }>(open, `/v1/markets?venue=${m.id}&status=open&limit=4`);
          expect(first.isError).toBe(false);
          expect(page1.data.length, m.id).toBe(4);
          expect(first.value.markets.map((r: { id: string }) => r.id)).toEqual(page1.data.map((x) => x.id));
          first.value.markets.forEach((row: Record<string, unknown>, i: number) => {
            const market = page1.data[i]!;
            expect(row.title).toBe(market.title);
            expect(row.status).toBe('open');
            expect(row.yesBid ?? null).toBe(market.bestBid);
            expect(row.yesAsk ?? null).toBe(market.bestAsk);
            expect(row.volume ?? null).toBe(market.volume);
            expect(row.realMoney).toBe(market.realMoney);
          });
          return { first, page1 };
        },
        { timeout: 20_000, interval: 50 },
      );
      expect(first.value.nextCursor).toBe(page1.nextCursor);
      expect(first.value.nextCursor).not.toBeNull();
      const second = await call(client, 'search_markets', { venue: m.id, status: 'open', limit: 4, cursor: first.value.nextCursor });
      const page2 = await rest<{ data: Market[] }>(open, `/v1/markets?venue=${m.id}&status=open&limit=4&cursor=${encodeURIComponent(page1.nextCursor!)}`);
      expect(second.value.markets.map((r: { id: string }) => r.id)).toEqual(page2.data.map((x) => x.id));
      expect(second.value.markets[0].id).not.toBe(first.value.markets[0].id);
    }
  });

  it('search_markets filters by text and by real or play money', async () => {
    const client = await connect(open);
    const all = await rest<{ data: Market[] }>(open, '/v1/markets?limit=1000');
    const word = all.data[0]!.title.split(/\s+/).find((w) => w.length > 4)!;
    const found = await call(client, 'search_markets', { q: word, limit: 1000 });
    const expected = all.data.filter((m) => `${m.title}\n${m.question}`.toLowerCase().includes(word.toLowerCase())).map((m) => m.id);
    expect(found.value.markets.map((r: { id: string }) => r.id).sort()).toEqual(expected.sort());
    for (const money of ['real', 'play'] as const) {
      const r = await call(client, 'search_markets', { money, limit: 1000 });
      const want = all.data.filter((m) => m.realMoney === (money === 'real')).map((m) => m.id);
      expect(want.length, money).toBeGreaterThan(0);
      expect(r.value.markets.map((x: { id: string }) => x.id).sort()).toEqual(want.sort());
    }
  });

  it('get_market answers what GET /v1/markets/{id} answers', async () => {
    const client = await connect(open);
    for (const m of venueModules) {
      const [market] = (await rest<{ data: Market[] }>(open, `/v1/markets?venue=${m.id}&limit=1`)).data;
      const got = await call(client, 'get_market', { id: market!.id });
      const full = await rest<Market>(open, `/v1/markets/${encodeURIComponent(market!.id)}`);
      expect(got.isError).toBe(false);
      expect(got.value).toMatchObject({ id: full.id, venue: full.venue, title: full.title, status: full.status, tickSize: full.tickSize, yesLabel: full.yesLabel, currency: full.currency });
      expect(got.value.closeTime ?? null).toBe(full.closeTime);
      expect(got.value).not.toHaveProperty('raw');
      expect(got.value).not.toHaveProperty('extra');
    }
  });

  it('get_orderbook answers what GET /v1/markets/{id}/orderbook answers, in canonical decimals', async () => {
    const client = await connect(open);
    for (const m of venueModules) {
      const page = await rest<{ data: Market[] }>(open, `/v1/markets?venue=${m.id}&status=open&limit=20`);
      const market = page.data.find((x) => x.bestBid !== null && x.bestAsk !== null) ?? page.data[0]!;
      // The books move while we read; two reads taken back to back agree once no update fell between them.
      await vi.waitFor(
        async () => {
          const [tool, book] = await Promise.all([
            call(client, 'get_orderbook', { id: market.id, depth: 5 }),
            rest<OrderBook>(open, `/v1/markets/${encodeURIComponent(market.id)}/orderbook?depth=5`),
          ]);
          expect(tool.isError).toBe(false);
          expect(tool.value.marketId).toBe(market.id);
          expect(tool.value.bids ?? []).toEqual(book.bids);
          expect(tool.value.asks ?? []).toEqual(book.asks);
        },
        { timeout: 20_000, interval: 50 },
      );
      const tool = await call(client, 'get_orderbook', { id: market.id });
      const levels = [...(tool.value.bids ?? []), ...(tool.value.asks ?? [])] as [string, string][];
      expect(levels.length, market.id).toBeGreaterThan(0);
      for (const [price, size] of levels) {
        expect(price).toMatch(/^(0|[1-9]\d*)(\.\d*[1-9])?$/);
        expect(size).toMatch(/^(0|[1-9]\d*)(\.\d*[1-9])?$/);
      }
      expect((tool.value.bids ?? []).length).toBeLessThanOrEqual(10);
    }
  });

  it('venue_status answers what GET /v1/venues answers', async () => {
    const client = await connect(open);
    const got = await call(client, 'venue_status', {});
    const { data } = await rest<{ data: { id: string; enabled: boolean; catalog: { state: string; marketCount: number }; rateLimits: { name: string; capacity: number }[] }[] }>(open, '/v1/venues');
    expect(got.value.venues.map((v: { id: string }) => v.id)).toEqual(data.map((v) => v.id));
    for (const v of data) {
      const row = got.value.venues.find((x: { id: string }) => x.id === v.id);
      expect(row.enabled).toBe(v.enabled);
      expect(row.catalog.state).toBe(v.catalog.state);
      expect(row.catalog.markets).toBe(v.catalog.marketCount);
      expect(row.rateLimits.map((r: { name: string; capacity: number }) => [r.name, r.capacity])).toEqual(v.rateLimits.map((r) => [r.name, r.capacity]));
    }
    const one = await call(client, 'venue_status', { venue: venueModules[0]!.id });
    expect(one.value.venues.map((v: { id: string }) => v.id)).toEqual([venueModules[0]!.id]);
  });

  it('list_arbitrage answers what GET /v1/arbitrage answers, the cross-listed Fed opportunity included', async () => {
    const client = await connect(open);
    // Opportunities move with the books; two reads taken back to back agree once nothing moved between them.
    await vi.waitFor(
      async () => {
        const [tool, page] = await Promise.all([
          call(client, 'list_arbitrage', { includeCandidates: true, limit: 50 }),
          rest<{ data: Opportunity[]; candidates: MatchRecord[]; meta: { total: number } }>(open, '/v1/arbitrage?includeCandidates=true&limit=50'),
        ]);
        expect(tool.isError, JSON.stringify(tool.value)).toBe(false);
        const fed = page.data.find((o) => o.legs.some((l) => l.market === KALSHI_FED) && o.legs.some((l) => l.venue === 'polymarket'));
        expect(fed, 'the cross-listed Fed opportunity').toBeDefined();
        expect(tool.value.total).toBe(page.meta.total);
        expect(tool.value.opportunities.map((o: { id: string }) => o.id)).toEqual(page.data.map((o) => o.id));
        page.data.forEach((o, i) => {
          const row = tool.value.opportunities[i];
          expect(row).toMatchObject({ kind: o.kind, relation: o.relation, size: o.size, cost: o.cost, profit: o.profit, roi: o.roi, actionable: o.actionable, confidence: o.confidence });
          expect(row.apr ?? null).toBe(o.apr);
          expect(row.blockers ?? []).toEqual(o.blockers);
          expect(row.legs.map((l: Record<string, unknown>) => [l.market, l.outcome, l.price, l.size, l.fee ?? null])).toEqual(o.legs.map((l) => [l.market, l.outcome, l.price, l.size, l.fee]));
        });
        expect(tool.value.candidates.map((m: { a: string; b: string }) => `${m.a}|${m.b}`)).toEqual(page.candidates.map((m) => m.id));
      },
      { timeout: 60_000, interval: 250 },
    );
    const none = await call(client, 'list_arbitrage', { minEdge: '1' });
    expect(none.value.opportunities ?? []).toEqual([]);
    const bad = await call(client, 'list_arbitrage', { minEdge: 'lots' });
    expect(bad.value.error).toMatchObject({ code: 'invalid_parameter', status: 400 });
  });

  it('compare_markets answers what GET /v1/matches/{a}/{b} answers, for a kept pair and for any other', async () => {
    const client = await connect(open);
    const [polyFed] = (await rest<{ data: Market[] }>(open, `/v1/markets?venue=polymarket&q=${encodeURIComponent('Fed upper bound above 4.25%')}`)).data;
    expect(polyFed).toBeDefined();
    const pair = await vi.waitFor(async () => {
      const r = await fetch(`${open.url}/v1/matches/${encodeURIComponent(KALSHI_FED)}/${encodeURIComponent(polyFed!.id)}`);
      expect(r.status).toBe(200);
      return (await r.json()) as MatchRecord & { recorded: boolean };
    }, { timeout: 30_000, interval: 250 });
    expect(pair).toMatchObject({ relation: 'identical', tradable: true, recorded: true });
    const got = await call(client, 'compare_markets', { a: polyFed!.id, b: KALSHI_FED });
    expect(got.isError).toBe(false);
    expect(got.value).toMatchObject({ a: pair.a, b: pair.b, relation: pair.relation, confidence: pair.confidence, reasons: pair.reasons, tradable: true, recorded: true });
    expect(got.value.differences ?? []).toEqual(pair.differences);

    // A pair no venue lists twice: judged on request, not kept.
    const [other] = (await rest<{ data: Market[] }>(open, '/v1/markets?venue=manifold&status=open&limit=1')).data;
    const judged = await rest<MatchRecord & { recorded: boolean }>(open, `/v1/matches/${encodeURIComponent(KALSHI_FED)}/${encodeURIComponent(other!.id)}`);
    const viaTool = await call(client, 'compare_markets', { a: KALSHI_FED, b: other!.id });
    expect(judged.recorded).toBe(false);
    expect(viaTool.value).toMatchObject({ a: judged.a, b: judged.b, relation: judged.relation, confidence: judged.confidence, recorded: false, tradable: false });
    expect(viaTool.value.reasons ?? []).toEqual(judged.reasons);

    const missing = await call(client, 'compare_markets', { a: KALSHI_FED, b: 'kalshi:NO-SUCH-MARKET' });
    expect(missing.isError).toBe(true);
    expect(missing.value.error).toMatchObject({ code: 'not_found', status: 404 });
  });

  it('returns errors as tool errors with the REST API stable codes', async () => {
    const client = await connect(open);
    const id = `${venueModules[0]!.id}:NO-SUCH-MARKET`;
    const missing = await call(client, 'get_market', { id });
    const restMissing = await fetch(`${open.url}/v1/markets/${encodeURIComponent(id)}`);
    expect(missing.isError).toBe(true);
    expect(missing.value.error).toMatchObject({ code: 'not_found', status: 404 });
    expect(((await restMissing.json()) as { code: string }).code).toBe('not_found');
    const badId = await call(client, 'get_orderbook', { id: 'not-an-id' });
    expect(badId.value.error).toMatchObject({ code: 'invalid_parameter', status: 400 });
    const badLimit = await call(client, 'search_markets', { limit: 5000 });
    expect(badLimit.isError).toBe(true);
    expect(badLimit.value.error.code).toBe('invalid_parameter');
    expect(badLimit.value.error.errors[0].name).toBe('limit');
    const badVenue = await call(client, 'search_markets', { venue: 'nowhere' });
    expect(badVenue.value.error.code).toBe('invalid_parameter');
  });

  it('refuses a bearer token that is not a key, as REST does', async () => {
    await expect(connect(open, 'venn_not_a_real_key')).rejects.toThrow(/401/);
  });
});

describe('/mcp with MARKET_DATA_AUTH=key and MCP_TRADING=true', () => {
  it('refuses anonymous callers and serves a read key', async () => {
    await expect(connect(closed)).rejects.toThrow(/401/);
    const { token } = await closed.keys.create({ scopes: ['read'], name: 'mcp-read' });
    const client = await connect(closed, token);
    const r = await call(client, 'search_markets', { limit: 3 });
    expect(r.isError).toBe(false);
    expect(r.value.markets).toHaveLength(3);
  });

  it('lists the trading tools, refuses them to a read key and places and cancels with a trade key, audited', async () => {
    const { token: readToken } = await closed.keys.create({ scopes: ['read'], name: 'mcp-read-2' });
    const reader = await connect(closed, readToken);
    const { tools } = await reader.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['cancel_order', 'compare_markets', 'get_market', 'get_orderbook', 'list_arbitrage', 'place_order', 'search_markets', 'venue_status']);

    const venues = await rest<{ data: { id: string; enabled: boolean; authenticated: boolean; capabilities: Record<string, unknown> | null }[] }>(closed, '/v1/venues', readToken);
    const venue = venues.data.find((v) => v.enabled && v.authenticated && v.capabilities?.placeOrder === true)!;
    expect(venue, 'a simulated venue that trades').toBeDefined();
    const page = await rest<{ data: Market[] }>(closed, `/v1/markets?venue=${venue.id}&status=open&limit=20`, readToken);
    const body = demoOrderBody(page.data.find((m) => m.bestBid !== null && m.bestAsk !== null) ?? page.data[0]!);

    const refused = await call(reader, 'place_order', { ...body, clientOrderId: 'mcp-refused-1' });
    expect(refused.isError).toBe(true);
    expect(refused.value.error).toMatchObject({ code: 'forbidden', status: 403 });

    const { token, record } = await closed.keys.create({ scopes: ['trade'], venues: [venue.id as never], name: 'mcp-trade' });
    const trader = await connect(closed, token);
    const placed = await call(trader, 'place_order', { ...body, clientOrderId: 'mcp-order-1' });
    expect(placed.isError, JSON.stringify(placed.value)).toBe(false);
    expect(placed.value).toMatchObject({ marketId: body.market, side: 'buy', outcome: 'yes', clientOrderId: 'mcp-order-1' });
    const orderId = `${venue.id}:${placed.value.id as string}`;
    const canceled = await call(trader, 'cancel_order', { id: orderId });
    expect(canceled.isError, JSON.stringify(canceled.value)).toBe(false);
    expect(canceled.value.status).toBe('canceled');

    const audit = logLines.filter((l) => l.audit === 'order' && l.keyId === record.id);
    expect(audit.map((l) => [l.action, l.result])).toEqual([
      ['place', 'placed'],
      ['cancel', 'canceled'],
    ]);
    expect(JSON.stringify(logLines)).not.toContain(token);
  });
});
