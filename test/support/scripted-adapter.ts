/**
 * A venue adapter whose stream the test drives: it records every subscribe and unsubscribe, lets
 * the test emit any `StreamEvent`, refuse markets, and fail subscribes with network errors; its REST
 * books and rate-limit headroom are set by the test. Built with `defineAdapter`, so `has` and the
 * credential gate behave as for a real venue.
 */
import { NetworkError, NotFound, formatId, parseId } from '../../src/core/index.js';
import type { OrderBook, VenueId } from '../../src/core/index.js';
import { defineAdapter } from '../../src/venue/index.js';
import type { RateLimitStatus, StreamChannel, StreamEvent, VenueAdapter, VenueStream } from '../../src/venue/index.js';
import { makeMarket } from './memory-adapter.js';

export interface ScriptedAdapter extends VenueAdapter {
  /** Every subscribe/unsubscribe call, in order. */
  readonly calls: { op: 'subscribe' | 'unsubscribe'; markets: string[]; channels: StreamChannel[] }[];
  /** Streams opened and REST book calls made. */
  readonly counts: { streams: number; restCalls: number };
  emit(event: StreamEvent): void;
  /** Markets the stream refuses (a venue error); markets unknown to the venue entirely. */
  readonly refuse: Set<string>;
  readonly unknown: Set<string>;
  /** The next N subscribe calls fail with a network error. */
  failNextSubscribes(n: number): void;
  /** REST books, by market id. */
  readonly books: Map<string, OrderBook>;
  setLimits(limits: RateLimitStatus[]): void;
  /** (market, channel) pairs subscribed now, from the calls. */
  subscribed(): Set<string>;
}

export function book(marketId: string, bids: [string, string][], asks: [string, string][], over: Partial<OrderBook> = {}): OrderBook {
  return { marketId, venue: parseId(marketId).venue, bids, asks, seq: null, venueTimestamp: null, receivedAt: '2026-05-01T00:00:00.000Z', source: 'rest', ...over };
}

export function createScriptedAdapter(options: { venue?: VenueId; stream?: boolean; authenticated?: boolean; streamNeedsKey?: boolean } = {}): ScriptedAdapter {
  const venue = options.venue ?? 'kalshi';
  const listeners = new Set<(e: StreamEvent) => void>();
  const calls: ScriptedAdapter['calls'] = [];
  const refuse = new Set<string>();
  const unknown = new Set<string>();
  const books = new Map<string, OrderBook>();
  let failing = 0;
  const counts = { streams: 0, restCalls: 0 };
  let limits: RateLimitStatus[] = [{ name: 'read', ratePerSecond: 10, capacity: 20, available: 20 }];

  const stream = (): VenueStream => {
    counts.streams += 1;
    return {
      async subscribe(marketIds, channels = ['book']) {
        calls.push({ op: 'subscribe', markets: [...marketIds], channels: [...channels] });
        if (failing > 0) {
          failing -= 1;
          throw new NetworkError('lost in transit', { venue });
        }
        const refused = marketIds.find((m) => refuse.has(m));
        if (refused) throw new NotFound(`no such market ${refused}`, { venue });
      },
      async unsubscribe(marketIds, channels = ['book', 'ticker', 'trades']) {
        calls.push({ op: 'unsubscribe', markets: [...marketIds], channels: [...channels] });
      },
      onEvent(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      async close() {
        listeners.clear();
      },
    };
  };

  const adapter = defineAdapter(
    {
      venue,
      authenticated: options.authenticated ?? true,
      requiresCredentials: options.streamNeedsKey ? ['stream'] : [],
      incrementalMarkets: false,
      listMarkets: () => ({
        async *[Symbol.asyncIterator]() {
          yield { items: [], nextCursor: null };
        },
      }),
      async getMarket(nativeId) {
        const id = formatId(venue, nativeId);
        if (unknown.has(id)) throw new NotFound(`no market ${id}`, { venue });
        return makeMarket(venue, nativeId);
      },
      async getOrderBook(nativeId) {
        counts.restCalls += 1;
        const id = formatId(venue, nativeId);
        const b = books.get(id);
        if (!b) throw new NotFound(`no book ${id}`, { venue });
        return { ...b, receivedAt: new Date().toISOString() };
      },
      ...(options.stream === false ? {} : { stream }),
      rateLimits: () => limits,
      async close() {},
    },
    {
      calls,
      counts,
      emit(event: StreamEvent) {
        for (const l of [...listeners]) l(event);
      },
      refuse,
      unknown,
      failNextSubscribes(n: number) {
        failing = n;
      },
      books,
      setLimits(next: RateLimitStatus[]) {
        limits = next;
      },
      subscribed() {
        const out = new Set<string>();
        for (const c of calls) {
          for (const m of c.markets) {
            for (const ch of c.channels) {
              if (c.op === 'subscribe') out.add(`${m} ${ch}`);
              else out.delete(`${m} ${ch}`);
            }
          }
        }
        return out;
      },
    },
  );
  return adapter as ScriptedAdapter;
}
