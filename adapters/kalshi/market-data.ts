import type { Logger } from 'pino';
import type { Event, Market, OrderBook, Trade } from '../../src/core/index.js';
import type { EventListQuery, MarketListQuery, Page, TradeListQuery } from '../../src/venue/adapter.js';
import { mapPages, paginateCursor } from '../../src/venue/paginate.js';
import type { EventsQuery, Fetched, HistoricalMarketsQuery, KalshiClient, MarketsQuery, SeriesQuery } from './client.js';
import { mapEvent, mapMarket, mapTrade } from './map.js';
import type { MarketContext } from './map.js';
import { mapOrderBook } from './map-book.js';
import { statusFilterFor } from './map-status.js';
import { seriesOfEvent } from './map-util.js';
import type { WireCandlestick, WireHistoricalCutoff, WireMarket, WireSeries } from './wire.js';
import { tickerOf } from './trading.js';

/**
 * Kalshi market data through the normalized model: markets (every `GET /markets` filter), events
 * with nested markets, books (single and batched), public trades, and the extras (series,
 * candlesticks, historical tier). Fee schedules come from the series list, loaded once and
 * refreshed hourly; if it cannot be loaded, markets are still served without fee extras.
 */

const MARKETS_MAX = 1000;
const EVENTS_MAX = 200;
/** `GET /events/multivariate` pages hold at most 200 (docs/venues/kalshi.md §3.5). */
const MVE_EVENTS_MAX = 200;
const TRADES_MAX = 1000;
const BOOKS_PER_CALL = 100;
const SERIES_TTL_MS = 3_600_000;

/** The oldest time an answer's quotes can date from (an edge-cached answer may be `maxAgeMs` old). */
function quoteTime(answer: Fetched<unknown>): Date {
  return new Date(answer.receivedAt.getTime() - answer.maxAgeMs);
}

function clamp(n: number | undefined, max: number, fallback: number): number {
  if (n === undefined || !Number.isFinite(n)) return fallback;
  return Math.max(1, Math.min(max, Math.floor(n)));
}

export interface MarketDataOptions {
  /** Attach series fee schedule, category and tags to markets (one `GET /series` per hour). */
  seriesInfo?: boolean;
  includeRaw?: boolean;
  logger?: Logger;
}

export class KalshiMarketData {
  private series: Map<string, WireSeries> | undefined;
  private seriesAt = 0;
  private seriesLoading: Promise<void> | undefined;

  constructor(
    private readonly client: KalshiClient,
    private readonly options: MarketDataOptions = {},
  ) {}

  private async seriesMap(): Promise<Map<string, WireSeries> | undefined> {
    if (this.options.seriesInfo === false) return undefined;
    if (this.series && Date.now() - this.seriesAt < SERIES_TTL_MS) return this.series;
    this.seriesLoading ??= this.client
      .getSeriesList()
      .then((res) => {
        this.series = new Map((res.series ?? []).map((s) => [s.ticker, s]));
        this.seriesAt = Date.now();
      })
      .catch((err: unknown) => {
        this.options.logger?.warn({ venue: 'kalshi', err: (err as Error).message }, 'series list unavailable; markets without fee info');
        this.seriesAt = Date.now();
        this.series ??= new Map();
      })
      .finally(() => {
        this.seriesLoading = undefined;
      });
    await this.seriesLoading;
    return this.series;
  }

  private contextFor(eventTicker: string, series: Map<string, WireSeries> | undefined, quotedAt: Date): MarketContext {
    const s = series?.get(seriesOfEvent(eventTicker));
    const ctx: MarketContext = { includeRaw: this.options.includeRaw, quotedAt };
    if (s) {
      ctx.fee = { feeType: s.fee_type, feeMultiplier: s.fee_multiplier };
      ctx.category = s.category ?? null;
      ctx.tags = s.tags ?? [];
    }
    return ctx;
  }

  /** Markets of an answer, their quotes dated by when the answer was read (or the oldest it can be). */
  private async mapMarkets(markets: WireMarket[], answer: Fetched<unknown>): Promise<Market[]> {
    const series = await this.seriesMap();
    const quotedAt = quoteTime(answer);
    return markets.map((m) => mapMarket(m, this.contextFor(m.event_ticker, series, quotedAt)));
  }

  /** Raw `GET /markets` walk with any §4.2 filter (incl. `mve_filter`), mapped. */
  listMarketsWhere(query: Omit<MarketsQuery, 'cursor'>, startCursor?: string, endpoint = 'GET /markets'): AsyncIterable<Page<Market>> {
    return paginateCursor<Market>({
      venue: 'kalshi',
      endpoint,
      startCursor,
      fetchPage: async (cursor) => {
        const answer = await this.client.getMarkets({ ...query, cursor });
        return { items: await this.mapMarkets(answer.data.markets, answer), nextCursor: answer.data.cursor };
      },
    });
  }

  listMarkets(query: MarketListQuery = {}): AsyncIterable<Page<Market>> {
    const limit = clamp(query.pageSize, MARKETS_MAX, MARKETS_MAX);
    const wire: Omit<MarketsQuery, 'cursor'> = { limit };
    if (query.updatedSince) {
      // min_updated_ts combines with nothing but mve_filter=exclude; status is filtered here.
      wire.min_updated_ts = Math.floor(query.updatedSince.getTime() / 1000);
    } else {
      wire.status = statusFilterFor(query.status);
    }
    const pages = this.listMarketsWhere(wire, query.cursor);
    const wanted = query.status && query.status.length > 0 ? new Set(query.status) : undefined;
    if (!wanted) return pages;
    return {
      async *[Symbol.asyncIterator]() {
        for await (const page of pages) yield { items: page.items.filter((m) => wanted.has(m.status)), nextCursor: page.nextCursor };
      },
    };
  }

  /**
   * Events: `GET /events`, then, for a whole walk (no cursor, status or series filter), the
   * multivariate events that `GET /events` leaves out (docs/venues/kalshi.md §4.3), so that every
   * combo market's `eventId` names an event the catalog holds.
   */
  listEvents(query: EventListQuery = {}, extra: Omit<EventsQuery, 'cursor' | 'limit'> = {}): AsyncIterable<Page<Event>> {
    const limit = clamp(query.pageSize, EVENTS_MAX, EVENTS_MAX);
    const status = statusFilterFor(query.status);
    const wire: EventsQuery = { limit, with_nested_markets: true, ...extra };
    if (status && status !== 'paused') wire.status = status;
    const regular = paginateCursor<Event>({
      venue: 'kalshi',
      endpoint: 'GET /events',
      startCursor: query.cursor,
      fetchPage: async (cursor) => this.eventPage(await this.client.getEvents({ ...wire, cursor })),
    });
    const whole = query.cursor === undefined && query.status === undefined && Object.keys(extra).length === 0;
    if (!whole) return regular;
    const multivariate = paginateCursor<Event>({
      venue: 'kalshi',
      endpoint: 'GET /events/multivariate',
      fetchPage: async (cursor) =>
        this.eventPage(await this.client.getMultivariateEvents({ limit: clamp(query.pageSize, MVE_EVENTS_MAX, MVE_EVENTS_MAX), with_nested_markets: true, cursor })),
    });
    return (async function* () {
      yield* regular;
      yield* multivariate;
    })();
  }

  private async eventPage(answer: Awaited<ReturnType<KalshiClient['getEvents']>>): Promise<Page<Event>> {
    const res = answer.data;
    const quotedAt = quoteTime(answer);
    const series = await this.seriesMap();
    const items = res.events.map((e) => {
      const s = series?.get(e.series_ticker);
      const fee = e.fee_type_override
        ? { feeType: e.fee_type_override as NonNullable<MarketContext['fee']>['feeType'], feeMultiplier: e.fee_multiplier_override ?? 1 }
        : s
          ? { feeType: s.fee_type, feeMultiplier: s.fee_multiplier }
          : undefined;
      return mapEvent(e, { fee, tags: s?.tags ?? [], includeRaw: this.options.includeRaw, quotedAt });
    });
    return { items, nextCursor: res.cursor ?? null };
  }

  async getMarket(nativeId: string): Promise<Market> {
    const answer = await this.client.getMarket(tickerOf(nativeId));
    const [mapped] = await this.mapMarkets([answer.data.market], answer);
    return mapped as Market;
  }

  async getEvent(nativeId: string): Promise<Event> {
    const answer = await this.client.getEvent(tickerOf(nativeId), true);
    const res = answer.data;
    const series = await this.seriesMap();
    const event = res.event.markets ? res.event : { ...res.event, markets: res.markets ?? [] };
    const s = series?.get(event.series_ticker);
    return mapEvent(event, {
      fee: s ? { feeType: s.fee_type, feeMultiplier: s.fee_multiplier } : undefined,
      tags: s?.tags ?? [],
      includeRaw: this.options.includeRaw,
      quotedAt: quoteTime(answer),
    });
  }

  async getOrderBook(nativeId: string, depth?: number): Promise<OrderBook> {
    const ticker = tickerOf(nativeId);
    const answer = await this.client.getOrderbook(ticker, depth);
    return mapOrderBook(ticker, answer.data.orderbook_fp, { depth, receivedAt: answer.receivedAt, maxAgeMs: answer.maxAgeMs });
  }

  /** Batched books, ≤100 tickers per call; results in the order asked, unknown tickers omitted. */
  async getOrderBooks(nativeIds: string[], depth?: number): Promise<OrderBook[]> {
    const tickers = [...new Set(nativeIds.map(tickerOf))];
    const chunks: string[][] = [];
    for (let i = 0; i < tickers.length; i += BOOKS_PER_CALL) chunks.push(tickers.slice(i, i + BOOKS_PER_CALL));
    const results = await Promise.all(chunks.map((c) => this.client.getOrderbooks(c, depth)));
    const byTicker = new Map<string, OrderBook>();
    for (const { data, receivedAt, maxAgeMs } of results) {
      for (const b of data.orderbooks) byTicker.set(b.ticker, mapOrderBook(b.ticker, b.orderbook_fp, { depth, receivedAt, maxAgeMs }));
    }
    return tickers.flatMap((t) => byTicker.get(t) ?? []);
  }

  listTrades(nativeId: string, query: TradeListQuery = {}): AsyncIterable<Page<Trade>> {
    const ticker = tickerOf(nativeId);
    const limit = clamp(query.pageSize, TRADES_MAX, 100);
    const minTs = query.since ? Math.floor(query.since.getTime() / 1000) : undefined;
    return mapPages(
      paginateCursor({
        venue: 'kalshi',
        endpoint: 'GET /markets/trades',
        startCursor: query.cursor,
        fetchPage: async (cursor) => {
          const res = await this.client.getTrades({ ticker, limit, cursor, min_ts: minTs });
          return { items: res.trades, nextCursor: res.cursor };
        },
      }),
      mapTrade,
    );
  }

  // ---- extras ----

  async listSeries(query: SeriesQuery = {}): Promise<WireSeries[]> {
    return (await this.client.getSeriesList(query)).series ?? [];
  }

  async getSeries(seriesTicker: string): Promise<WireSeries> {
    return (await this.client.getSeries(seriesTicker)).series;
  }

  async getCandlesticks(
    nativeId: string,
    range: { start: Date; end: Date; periodMinutes: 1 | 60 | 1440 },
  ): Promise<WireCandlestick[]> {
    const ticker = tickerOf(nativeId);
    const { market } = (await this.client.getMarket(ticker)).data;
    const res = await this.client.getCandlesticks(seriesOfEvent(market.event_ticker), ticker, {
      start_ts: Math.floor(range.start.getTime() / 1000),
      end_ts: Math.floor(range.end.getTime() / 1000),
      period_interval: range.periodMinutes,
    });
    return res.candlesticks;
  }

  getHistoricalCutoff(): Promise<WireHistoricalCutoff> {
    return this.client.getHistoricalCutoff();
  }

  listHistoricalMarkets(query: Omit<HistoricalMarketsQuery, 'cursor'> = {}, startCursor?: string): AsyncIterable<Page<Market>> {
    return paginateCursor<Market>({
      venue: 'kalshi',
      endpoint: 'GET /historical/markets',
      startCursor,
      fetchPage: async (cursor) => {
        const answer = await this.client.getHistoricalMarkets({ limit: MARKETS_MAX, ...query, cursor });
        return { items: await this.mapMarkets(answer.data.markets, answer), nextCursor: answer.data.cursor };
      },
    });
  }

  async getHistoricalMarket(nativeId: string): Promise<Market> {
    const answer = await this.client.getHistoricalMarket(tickerOf(nativeId));
    const [mapped] = await this.mapMarkets([answer.data.market], answer);
    return mapped as Market;
  }
}
