import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Fill, Order, VenueId } from '../core/index.js';
import type { Page, StreamEvent, VenueAdapter, VenueStream } from '../venue/adapter.js';
import { ManualClock } from '../venue/index.js';
import { AccountHub } from './account-hub.js';
import type { Outbox } from './outbox.js';
import { parseClientMessage } from './session.js';
import { AccountSubscriptions } from './session-account.js';
import type { Principal } from './session.js';

const logger = pino({ level: 'silent' });

function order(venue: VenueId, id: string, over: Partial<Order> = {}): Order {
  return {
    id,
    clientOrderId: null,
    venue,
    marketId: `${venue}:M`,
    side: 'buy',
    outcome: 'yes',
    price: '0.4',
    size: '10',
    filled: '0',
    remaining: '10',
    averageFillPrice: null,
    fees: '0',
    timeInForce: 'gtc',
    postOnly: false,
    status: 'open',
    createdAt: null,
    updatedAt: null,
    expiresAt: null,
    ...over,
  };
}

function fill(venue: VenueId, id: string, orderId: string, size = '4'): Fill {
  return { id, orderId, venue, marketId: `${venue}:M`, side: 'buy', outcome: 'yes', price: '0.4', size, fee: '0', liquidity: 'taker', timestamp: '2026-05-01T00:00:00.000Z' };
}

/** A venue with an account-wide private stream (`streamed`), or only REST listings. */
function fakeVenue(venue: VenueId, streamed: boolean) {
  const listeners = new Set<(e: StreamEvent) => void>();
  const state = { streams: 0, closed: 0, subscribes: [] as { markets: string[]; channels: string[] }[], orders: new Map<string, Order>(), fills: [] as Fill[] };
  const page = <T>(items: T[]): AsyncIterable<Page<T>> => ({
    async *[Symbol.asyncIterator]() {
      yield { items, nextCursor: null };
    },
  });
  const adapter = {
    venue,
    has: new Proxy({}, { get: () => true }),
    authenticated: true,
    requiresCredentials: [],
    ...(streamed ? { accountStream: true } : {}),
    stream(): VenueStream {
      state.streams += 1;
      return {
        async subscribe(markets, channels = []) {
          state.subscribes.push({ markets: [...markets], channels: [...channels] });
        },
        async unsubscribe() {},
        onEvent(l) {
          listeners.add(l);
          return () => listeners.delete(l);
        },
        async close() {
          state.closed += 1;
          listeners.clear();
        },
      };
    },
    listOrders: (q: { status?: string } = {}) => page([...state.orders.values()].filter((o) => q.status !== 'open' || o.status === 'open')),
    listFills: () => page([...state.fills]),
    getOrder: async (id: string) => state.orders.get(id) as Order,
  } as unknown as VenueAdapter;
  return { adapter, state, emit: (e: StreamEvent) => listeners.forEach((l) => l(e)) };
}

function session(hub: AccountHub | undefined, principal: Principal | null, maxSubscriptions = 100) {
  const sent: any[] = [];
  let pairs = 0;
  const subs = new AccountSubscriptions({
    accounts: hub,
    principal,
    outbox: { control: (text: string) => sent.push(JSON.parse(text)) } as unknown as Outbox,
    reserve: (n) => {
      if (pairs + n > maxSubscriptions) return false;
      pairs += n;
      return true;
    },
    unreserve: (n) => {
      pairs -= n;
    },
    error: (code, message, id, where) => sent.push({ type: 'error', id, code, message, ...where }),
  });
  return { subs, sent, events: () => sent.filter((m) => m.type === 'order' || m.type === 'fill') };
}

function setup() {
  const kalshi = fakeVenue('kalshi', true);
  const polymarket = fakeVenue('polymarket', true);
  const opinion = fakeVenue('opinion', false);
  const venues = new Map<VenueId, VenueAdapter>([
    ['kalshi', kalshi.adapter],
    ['polymarket', polymarket.adapter],
    ['opinion', opinion.adapter],
  ]);
  const clock = new ManualClock(0);
  const hub = new AccountHub({ adapterOf: (v) => venues.get(v), logger, clock, pollIntervalMs: 1_000 });
  return { kalshi, polymarket, opinion, hub, clock };
}

const TRADER: Principal = { id: 'k1', scopes: ['trade'], venues: null };

describe('orders and fills: who may subscribe', () => {
  it('refuses anonymous connections and keys without the trade scope, naming the channel, and holds nothing', async () => {
    const { hub } = setup();
    for (const principal of [null, { id: 'r', scopes: ['read'] }, { id: 'a', scopes: ['admin'] }]) {
      const s = session(hub, principal);
      await s.subs.subscribe(7, 'orders', undefined);
      await s.subs.subscribe(8, 'fills', ['kalshi']);
      expect(s.sent).toEqual([
        expect.objectContaining({ type: 'error', id: 7, code: 'forbidden', channel: 'orders' }),
        expect.objectContaining({ type: 'error', id: 8, code: 'forbidden', channel: 'fills' }),
      ]);
      expect(s.sent[0].message).toContain('trade scope');
    }
    expect(hub.held).toEqual([]);
  });

  it('a key limited to one venue follows only that venue: another named is forbidden, "all" means its own', async () => {
    const { hub, kalshi, polymarket } = setup();
    const limited = session(hub, { id: 'k2', scopes: ['trade'], venues: ['kalshi'] });
    await limited.subs.subscribe(1, 'orders', ['polymarket', 'kalshi']);
    expect(limited.sent).toEqual([
      expect.objectContaining({ type: 'error', id: 1, code: 'forbidden', channel: 'orders', venue: 'polymarket' }),
      { type: 'subscribed', id: 1, channel: 'orders', markets: [], venues: ['kalshi'] },
    ]);
    await limited.subs.subscribe(2, 'fills', undefined);
    expect(limited.sent.at(-1)).toEqual({ type: 'subscribed', id: 2, channel: 'fills', markets: [], venues: ['kalshi'] });

    // Polymarket's account is followed by another key: none of it reaches the limited one.
    const open = session(hub, TRADER);
    await open.subs.subscribe(1, 'orders', undefined);
    expect(open.sent.at(-1)).toEqual({ type: 'subscribed', id: 1, channel: 'orders', markets: [], venues: ['kalshi', 'polymarket', 'opinion'] });
    polymarket.emit({ type: 'order', order: order('polymarket', 'p1') });
    polymarket.emit({ type: 'fill', fill: fill('polymarket', 'pf1', 'p1') });
    kalshi.emit({ type: 'order', order: order('kalshi', 'k1') });
    expect(limited.events().map((m) => m.order?.id ?? m.fill?.id)).toEqual(['k1']);
    expect(open.events().map((m) => `${m.venue}:${m.order.id}`)).toEqual(['polymarket:p1', 'kalshi:k1']);
    open.subs.close();
    limited.subs.close();
  });

  it('counts each (channel, venue) against the connection limit; over it nothing is subscribed', async () => {
    const { hub } = setup();
    const s = session(hub, TRADER, 2);
    await s.subs.subscribe(1, 'orders', undefined);
    expect(s.sent).toEqual([expect.objectContaining({ code: 'too_many_subscriptions', id: 1 })]);
    expect(hub.held).toEqual([]);
  });

  it('the wire format: account channels take venues, market channels take markets', () => {
    expect(parseClientMessage('{"op":"subscribe","channel":"orders","venues":["kalshi"]}')).toMatchObject({ channel: 'orders', venues: ['kalshi'] });
    expect(parseClientMessage('{"op":"subscribe","channel":"fills"}')).toMatchObject({ channel: 'fills' });
    expect(() => parseClientMessage('{"op":"subscribe","channel":"orders","markets":["kalshi:A"]}')).toThrow(/subscribed by venue/);
    expect(() => parseClientMessage('{"op":"subscribe","channel":"orders","venues":["nowhere"]}')).toThrow(/venues/);
    expect(() => parseClientMessage('{"op":"subscribe","channel":"book"}')).toThrow(/needs `markets`/);
    expect(() => parseClientMessage('{"op":"subscribe","channel":"book","markets":["kalshi:A"],"venues":["kalshi"]}')).toThrow(/only for the orders and fills/);
  });
});

describe('orders and fills: upstreams and events', () => {
  it('one private stream per venue, subscribed account-wide, held while anyone follows it and closed after', async () => {
    const { hub, kalshi } = setup();
    const a = session(hub, TRADER);
    const b = session(hub, { id: 'k9', scopes: ['trade', 'read'], venues: ['kalshi'] });
    await a.subs.subscribe(1, 'orders', ['kalshi']);
    await a.subs.subscribe(2, 'fills', ['kalshi']);
    await b.subs.subscribe(1, 'fills', undefined);
    expect(kalshi.state.streams).toBe(1);
    expect(kalshi.state.subscribes).toEqual([{ markets: [], channels: ['orders', 'fills'] }]);
    a.subs.unsubscribe(3, 'orders', undefined);
    expect(a.sent.at(-1)).toEqual({ type: 'unsubscribed', id: 3, channel: 'orders', markets: [], venues: ['kalshi'] });
    a.subs.close();
    expect(hub.held).toEqual(['kalshi']);
    b.subs.close();
    expect(hub.held).toEqual([]);
    await flush();
    expect(kalshi.state.closed).toBe(1);
    // Following again opens a fresh stream.
    const c = session(hub, TRADER);
    await c.subs.subscribe(1, 'orders', ['kalshi']);
    expect(kalshi.state.streams).toBe(2);
    c.subs.close();
  });

  it('orders go to `orders` and fills to `fills`, as the REST model, with the key’s own client order ids', async () => {
    const { hub, kalshi } = setup();
    const s = session(hub, TRADER);
    await s.subs.subscribe(1, 'orders', ['kalshi']);
    const other = session(hub, { id: 'k7', scopes: ['trade'] });
    await other.subs.subscribe(1, 'fills', ['kalshi']);
    kalshi.emit({ type: 'order', order: order('kalshi', 'o1', { clientOrderId: 'k1:mine', filled: '4', remaining: '6', averageFillPrice: '0.4' }) });
    kalshi.emit({ type: 'fill', fill: fill('kalshi', 'f1', 'o1') });
    kalshi.emit({ type: 'trade', trade: { marketId: 'kalshi:M', id: 't', price: '0.4', size: '4', takerSide: 'buy', timestamp: '2026-05-01T00:00:00.000Z' } } as StreamEvent);
    expect(s.events()).toEqual([
      { type: 'order', channel: 'orders', venue: 'kalshi', source: 'stream', order: order('kalshi', 'o1', { clientOrderId: 'mine', filled: '4', remaining: '6', averageFillPrice: '0.4' }) },
    ]);
    expect(other.events()).toEqual([{ type: 'fill', channel: 'fills', venue: 'kalshi', source: 'stream', fill: fill('kalshi', 'f1', 'o1') }]);
    s.subs.close();
    other.subs.close();
  });

  it('a venue without a private stream is polled: nothing for what existed, then each change once, marked `poll`', async () => {
    const { hub, opinion, clock } = setup();
    opinion.state.orders.set('old', order('opinion', 'old'));
    opinion.state.fills.push(fill('opinion', 'f-old', 'old'));
    const s = session(hub, TRADER);
    await s.subs.subscribe(1, 'orders', ['opinion']);
    await s.subs.subscribe(2, 'fills', ['opinion']);
    expect(opinion.state.streams).toBe(0);
    expect(s.events()).toEqual([]);

    // An order that filled at once (never listed open), and the resting one canceled.
    opinion.state.orders.set('new', order('opinion', 'new', { status: 'filled', filled: '10', remaining: '0', averageFillPrice: '0.4' }));
    opinion.state.fills.push(fill('opinion', 'f-new', 'new', '10'));
    opinion.state.orders.set('old', order('opinion', 'old', { status: 'canceled' }));
    await tick(clock, 1_000);
    await settle(() => s.events().length === 3);
    expect(s.events().map((m) => [m.type, m.source, m.order?.id ?? m.fill?.id, m.order?.status ?? m.fill?.size])).toEqual([
      ['order', 'poll', 'old', 'canceled'],
      ['order', 'poll', 'new', 'filled'],
      ['fill', 'poll', 'f-new', '10'],
    ]);
    await tick(clock, 1_000);
    await flush();
    expect(s.events().length, 'nothing changed: nothing sent').toBe(3);
    s.subs.close();
    expect(hub.held).toEqual([]);
    await tick(clock, 5_000);
  });
});

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}

async function settle(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setImmediate(r));
  expect(done()).toBe(true);
}

async function tick(clock: ManualClock, ms: number): Promise<void> {
  clock.advance(ms);
  await flush();
}
