/**
 * The feed's `orders` and `fills` channels end to end, inside each venue's trading run: a `trade`
 * key subscribes both, places through `POST /v1/orders` a buy that crosses the resting asks, and
 * receives the order's update and its fills with exactly the sizes and prices the REST API reports;
 * a `read` key is refused; a key limited to another venue may not follow this one and receives
 * nothing of its trades.
 */
import { expect, it, vi } from 'vitest';
import { Decimal, canonical, type Fill, type Order, type VenueId } from '../../src/core/index.js';
import type { RunningService } from '../../src/main.js';
import type { VenueAdapter } from '../../src/venue/adapter.js';
import { FeedClient } from '../support/feed-client.js';

export interface FeedAccountContext {
  service(): RunningService;
  venue(): VenueId;
  adapter(): VenueAdapter;
  marketId(): string;
  /** The trade key of the run. */
  token(): string;
  activity(): void;
  size(): string;
  /** Places through `POST /v1/orders` and answers the order (201, or the 202's order once placed). */
  place(body: Record<string, unknown>): Promise<Order>;
  /** `GET` on the REST API with the trade key. */
  get(path: string): Promise<{ status: number; body: any }>;
}

const SETTLED = { timeout: 20_000, interval: 100 };

export function feedAccountTests(c: FeedAccountContext): void {
  const connect = (token: string) => FeedClient.connect(`${c.service().url.replace(/^http/, 'ws')}/v1/ws`, { headers: { authorization: `Bearer ${token}` } });

  it('a trade key receives its order update and fills on the feed, exactly as REST reports them', { timeout: 60_000 }, async () => {
    const venue = c.venue();
    const marketId = c.marketId();
    const others = ['kalshi', 'polymarket', 'manifold', 'opinion'].filter((x) => x !== venue) as VenueId[];
    const readKey = (await c.service().keys.create({ scopes: ['read'] })).token;
    const elsewhere = (await c.service().keys.create({ scopes: ['trade'], venues: [others[0] as VenueId] })).token;
    const [trader, reader, outsider] = await Promise.all([connect(c.token()), connect(readKey), connect(elsewhere)]);
    try {
      const subscribed = await trader.request({ op: 'subscribe', channel: 'orders', venues: [venue] });
      expect(subscribed).toMatchObject({ type: 'subscribed', channel: 'orders', venues: [venue] });
      expect(await trader.request({ op: 'subscribe', channel: 'fills' })).toMatchObject({ type: 'subscribed', channel: 'fills', venues: [venue] });

      reader.send({ op: 'subscribe', id: 1, channel: 'orders' });
      expect(await reader.waitFor((m) => m.type === 'error' && m.id === 1)).toMatchObject({ code: 'forbidden', channel: 'orders' });
      outsider.send({ op: 'subscribe', id: 1, channel: 'fills', venues: [venue] });
      expect(await outsider.waitFor((m) => m.type === 'error' && m.id === 1)).toMatchObject({ code: 'forbidden', channel: 'fills', venue });
      // Its own venue is not enabled on this server: nothing to follow, and nothing of this venue.
      outsider.send({ op: 'subscribe', id: 2, channel: 'orders' });
      expect(await outsider.waitFor((m) => m.type === 'error' && m.id === 2)).toMatchObject({ code: 'unavailable', channel: 'orders' });

      const limit = await vi.waitFor(async () => {
        const book = (await (await fetch(`${c.service().url}/v1/markets/${encodeURIComponent(marketId)}/orderbook`)).json()) as { asks: [string, string][] };
        if (book.asks.length === 0) c.activity();
        expect(book.asks.length, 'the market has a resting ask to cross').toBeGreaterThan(0);
        return (book.asks.at(-1) as [string, string])[0];
      }, SETTLED);
      const placed = await c.place({ market: marketId, side: 'buy', outcome: 'yes', type: 'limit', price: limit, size: c.size(), timeInForce: 'ioc' });
      expect(Decimal.parse(placed.filled).isPositive(), `the buy up to ${limit} filled`).toBe(true);

      const rest = await vi.waitFor(async () => {
        const r = await c.get(`/v1/fills?order=${encodeURIComponent(`${venue}:${placed.id}`)}`);
        const list = r.body.data as Fill[];
        expect(canonical(Decimal.sum(list.map((f) => Decimal.parse(f.size))))).toBe(placed.filled);
        return list;
      }, SETTLED);
      const final = (await c.get(`/v1/orders/${encodeURIComponent(`${venue}:${placed.id}`)}`)).body as Order;
      const source = c.adapter().accountStream ? 'stream' : 'poll';

      // The order as it ended: the same filled size, status and average price as REST answers.
      const update = await trader.waitFor((m) => m.type === 'order' && m.order.id === placed.id && m.order.filled === final.filled && m.order.status === final.status);
      expect(update).toMatchObject({ channel: 'orders', venue, source });
      if (update.type !== 'order') throw new Error('unreachable');
      expect(update.order).toMatchObject({ marketId, side: 'buy', outcome: 'yes', size: final.size, filled: final.filled, remaining: final.remaining, averageFillPrice: final.averageFillPrice });

      // Every fill of the order, each with the exact price and size REST lists (a fill settling on
      // chain may come again with a new status: the latest of each id counts).
      const feedFills = await vi.waitFor(() => {
        const byId = new Map<string, Fill>();
        for (const m of trader.of('fill')) if (m.fill.orderId === placed.id) byId.set(m.fill.id, m.fill);
        expect(canonical(Decimal.sum([...byId.values()].map((f) => Decimal.parse(f.size)))), 'the feed fills add up to what filled').toBe(placed.filled);
        return byId;
      }, SETTLED);
      const shape = (f: Fill) => ({ id: f.id, orderId: f.orderId, venue: f.venue, marketId: f.marketId, side: f.side, outcome: f.outcome, price: f.price, size: f.size, fee: f.fee });
      expect([...feedFills.values()].map(shape).sort((a, b) => a.id.localeCompare(b.id))).toEqual(rest.map(shape).sort((a, b) => a.id.localeCompare(b.id)));
      for (const m of trader.of('fill')) expect(m).toMatchObject({ channel: 'fills', venue, source });

      expect(reader.messages.filter((m) => m.type === 'order' || m.type === 'fill')).toEqual([]);
      expect(outsider.messages.filter((m) => m.type === 'order' || m.type === 'fill')).toEqual([]);
      expect([...trader.invalid, ...reader.invalid, ...outsider.invalid]).toEqual([]);
    } finally {
      for (const client of [trader, reader, outsider]) client.close();
    }
  });
}
