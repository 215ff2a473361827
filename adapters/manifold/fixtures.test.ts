import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EventSchema, MarketSchema, OrderBookSchema, OrderSchema, FillSchema, Decimal, type Market } from '../../src/core/index.js';
import { bookPoolOf, synthesizeBook } from './map-book.js';
import { mapContract, mapContracts } from './map-market.js';
import { mapFills, mapLimitOrder, mapPlacedBet } from './map-order.js';
import { BetListSchema, FullMarketSchema, LiteMarketListSchema, PlacedBetSchema, parseWire } from './wire.js';

/**
 * Every recorded payload in __fixtures__ goes through its parser and mapper; a new fixture without
 * a handler fails this test. The 2022 payloads (legacy/) parse: their shapes are compatible with
 * the 2026 schemas, and what does not fit (DPM markets and bets) is skipped by the mappers.
 */

const DIR = join(fileURLToPath(new URL('.', import.meta.url)), '__fixtures__');
const NOW = new Date('2026-10-10T00:00:00Z');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return name.endsWith('.json') ? [relative(DIR, p)] : [];
  });
}

const load = (file: string): unknown => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as unknown;

function checkMapped(markets: Market[]): void {
  for (const market of markets) {
    expect(MarketSchema.parse(market)).toEqual(market);
    expect(market.currency).toBe('MANA');
    expect(market.realMoney).toBe(false);
    expect(market.volume).toBeNull();
    expect(market.volumeNotional).toMatch(/^(0|[1-9]\d*)(\.\d*[1-9])?$/);
    if (market.lastPrice !== null) expect(market.lastPrice).toMatch(/^(0|[1-9]\d*)(\.\d*[1-9])?$/);
  }
}

function fullMarket(file: string) {
  const m = parseWire(FullMarketSchema, load(file), 'GET /v0/market/{id}');
  const r = mapContract(m, { now: () => NOW });
  if (r.kind !== 'mapped') throw new Error(`${file} did not map: ${r.kind}`);
  checkMapped(r.markets);
  return { wire: m, market: r.markets[0]! };
}

const HANDLERS: Record<string, () => void> = {
  'markets-lite.truncated.json': () => {
    const list = parseWire(LiteMarketListSchema, load('markets-lite.truncated.json'), 'GET /v0/markets');
    expect(list).toHaveLength(25);
    // captured 2026-01-31: the newest markets were still open then
    const r = mapContracts(list, { now: () => new Date('2026-01-31T18:30:00Z') });
    checkMapped(r.markets);
    // 17 binary markets map; 3 multiple-choice rows (no answers in /markets) need the full market;
    // 2 polls, 2 multi-numeric and 1 date market do not fit the binary model.
    expect(r.markets).toHaveLength(17);
    expect(r.needsFull).toHaveLength(3);
    expect(r.skipped).toBe(5);
    expect(r.skippedBy).toEqual({ 'outcome-type': 5 });
    const first = r.markets[0]!;
    expect(first).toMatchObject({ id: 'manifold:qy222g0Nhq', lastPrice: '0.5', status: 'open', tickSize: '0.01', extra: { token: 'MANA', p: '0.5', poolYes: '100', poolNo: '100' } });
    expect(first).toMatchObject({ volumeNotional: '0', volume24hNotional: '0' });
  },
  'search-markets-open-binary.json': () => {
    const list = parseWire(LiteMarketListSchema, load('search-markets-open-binary.json'), 'GET /v0/search-markets');
    const r = mapContracts(list, { now: () => NOW });
    checkMapped(r.markets);
    expect(r.markets).toHaveLength(5);
    expect(r.markets.every((m) => m.status === 'open' && m.extra.token === 'MANA')).toBe(true);
    // volume24Hours is mana: it goes to the notional field, never to the share volume
    expect(r.markets.every((m) => m.volume24hNotional !== null && m.volume24h === null)).toBe(true);
  },
  'search-markets-resolved.truncated.json': () => {
    const list = parseWire(LiteMarketListSchema, load('search-markets-resolved.truncated.json'), 'GET /v0/search-markets');
    const r = mapContracts(list, { now: () => NOW });
    checkMapped(r.markets);
    expect(r.markets).toHaveLength(5);
    for (const market of r.markets) {
      const wire = list.find((m) => `manifold:${m.id}` === market.id)!;
      expect(market.status).toBe(wire.resolution === 'CANCEL' ? 'void' : 'resolved');
      expect(market.result).toBe({ YES: 'yes', NO: 'no', MKT: 'scalar', CANCEL: 'void' }[wire.resolution as string]);
      expect(market.expectedResolutionTime).toBe(new Date(wire.resolutionTime!).toISOString());
    }
  },
  'market-full-binary.json': () => {
    const { wire, market } = fullMarket('market-full-binary.json');
    expect(market).toMatchObject({
      id: 'manifold:uISNlAqC2E',
      title: 'Republicans have a House majority after 2026 midterms?',
      status: 'open',
      result: null,
      lastPrice: '0.07',
      closeTime: new Date(1793836740000).toISOString(),
      category: 'us-politics',
      url: 'https://manifold.markets/ryanmccomb/republicans-have-house-majority-aft',
      extra: { p: '0.13098835375338', poolYes: '36376.91270557218', poolNo: '18164.9347473769', probability: '0.0699999999999999' },
    });
    expect(market.rules).toMatch(/^Resolution criteria/);
    expect(market.tags).toContain('2026-us-election');
    // The book of the recorded pool: no orders, the AMM ladder straddles 0.07.
    const book = synthesizeBook({ marketId: market.id, pool: bookPoolOf(wire)!, orders: [], now: NOW.getTime() }, { receivedAt: NOW });
    expect(OrderBookSchema.parse(book)).toEqual(book);
    expect(Decimal.parse(book.bids[0]![0]).lt('0.07')).toBe(true);
    expect(Decimal.parse(book.asks[0]![0]).gt('0.069')).toBe(true);
    expect(Decimal.parse(book.asks[0]![0]).lte('0.08')).toBe(true);
    expect(book.bids.length).toBe(6);
  },
  'market-full-binary-resolved-mkt.json': () => {
    const { market } = fullMarket('market-full-binary-resolved-mkt.json');
    expect(market).toMatchObject({ status: 'resolved', result: 'scalar', lastPrice: '0.512443', extra: { resolutionProbability: '0.68' } });
  },
  'market-full-binary-resolved-cancel.json': () => {
    const { market } = fullMarket('market-full-binary-resolved-cancel.json');
    expect(market).toMatchObject({ status: 'void', result: 'void' });
  },
  'bets-placed-multi-bet.docs-sample.json': () => {
    const placed = parseWire(PlacedBetSchema.array(), load('bets-placed-multi-bet.docs-sample.json'), 'POST /v0/multi-bet');
    expect(placed).toHaveLength(3);
    for (const p of placed) {
      // market bets: no limit order to map, but their fills are trades
      expect(mapPlacedBet(p)).toBeNull();
      const fills = mapFills({ ...p, id: p.betId });
      // each AMM fill is reported as the grid parts around its average price
      expect(fills.length).toBeGreaterThanOrEqual(p.fills!.length);
      expect(fills.length).toBeLessThanOrEqual(2 * p.fills!.length);
      for (const f of fills) {
        expect(FillSchema.parse(f)).toEqual(f);
        // on the grid, but for the shares the sums-to-one arbitrage hands out for nothing
        expect(Decimal.parse(f.price).isMultipleOf('0.01') || f.price === '0').toBe(true);
      }
      const total = fills.reduce((s, f) => s.add(f.size), Decimal.ZERO);
      expect(total.eq(Decimal.parse(p.shares).round(6, 'down'))).toBe(true);
      const cost = fills.reduce((s, f) => s.add(Decimal.parse(f.price).mul(f.size)), Decimal.ZERO);
      expect(cost.sub(p.amount).abs().lte('0.00001')).toBe(true);
      expect(fills.every((f) => f.marketId === `manifold:tQudZcEtlp:${p.answerId}` && f.liquidity === 'taker')).toBe(true);
    }
  },
  'legacy/markets-2022.truncated.json': () => {
    const list = parseWire(LiteMarketListSchema, load('legacy/markets-2022.truncated.json'), 'GET /v0/markets');
    const r = mapContracts(list, { now: () => NOW });
    checkMapped(r.markets);
    // 16 binary cpmm-1 markets; the DPM free-response / multiple-choice (pools keyed by answer
    // index) and the pseudo-numeric are skipped
    expect(list.filter((m) => m.mechanism === 'dpm-2').every((m) => m.pool !== undefined && m.pool.YES === undefined)).toBe(true);
    expect(r.markets).toHaveLength(16);
    expect(r.skipped).toBe(4);
    expect(r.needsFull).toEqual([]);
  },
  'legacy/market-full-2022.json': () => {
    const { market } = fullMarket('legacy/market-full-2022.json');
    expect(market).toMatchObject({ id: 'manifold:rIR6mWqaO9xKLifr6cLL', status: 'resolved', result: 'yes' });
  },
  'legacy/bets-open-limit-2022.json': () => {
    const bets = parseWire(BetListSchema, load('legacy/bets-open-limit-2022.json'), 'GET /v0/bets');
    expect(bets).toHaveLength(45);
    const orders = bets.map((b) => mapLimitOrder(b, { now: NOW.getTime() })).filter((o) => o !== null);
    expect(orders).toHaveLength(4);
    for (const o of orders) expect(OrderSchema.parse(o)).toEqual(o);
    expect(orders.every((o) => o.status === 'open')).toBe(true);
    // The partly filled NO order at 0.42: 24 mana, 10.99… spent → NO priced at 0.58
    const partial = orders.find((o) => o.id === '8ZjRLqyUTQyd3kyRCBD6')!;
    expect(partial).toMatchObject({ outcome: 'no', price: '0.58', side: 'buy', timeInForce: 'gtc' });
    expect(Decimal.parse(partial.remaining).sub(Decimal.parse('13.005279154865018').div('0.58', 12)).abs().lte('0.000001')).toBe(true);
    // 2022 DPM bets (answer-index outcomes) are neither orders nor fills
    const dpm = bets.filter((b) => b.outcome !== 'YES' && b.outcome !== 'NO');
    expect(dpm.length).toBe(23);
    expect(dpm.flatMap((b) => mapFills(b))).toEqual([]);
  },
  'legacy/bets-recent-incl-cancelled-limit-orders-2022.json': () => {
    const bets = parseWire(BetListSchema, load('legacy/bets-recent-incl-cancelled-limit-orders-2022.json'), 'GET /v0/bets');
    const orders = bets.map((b) => mapLimitOrder(b, { now: NOW.getTime() })).filter((o) => o !== null);
    const cancelled = orders.filter((o) => o.status === 'canceled');
    expect(cancelled).toHaveLength(5);
    expect(cancelled.every((o) => o.remaining === '0')).toBe(true);
  },
};

describe('recorded Manifold payloads', () => {
  it('has a handler for every fixture file', () => {
    expect(files(DIR).sort()).toEqual(Object.keys(HANDLERS).sort());
  });

  for (const [file, handler] of Object.entries(HANDLERS)) it(`parses and maps ${file}`, handler);

  it('events of multiple-choice markets: one binary market per answer', () => {
    // No multiple-choice full market has been recorded; this one follows the server code (toFullMarket).
    const m = parseWire(
      FullMarketSchema,
      {
        id: 'mc1',
        creatorUsername: 'x',
        createdTime: 1,
        question: 'Who?',
        url: 'https://manifold.markets/x/who',
        outcomeType: 'MULTIPLE_CHOICE',
        mechanism: 'cpmm-multi-1',
        volume: 10,
        isResolved: false,
        shouldAnswersSumToOne: true,
        answers: [
          { id: 'a1', text: 'Ann', probability: 0.6, pool: { YES: 40, NO: 60 } },
          { id: 'a2', text: 'Bo', probability: 0.4, pool: { YES: 60, NO: 40 } },
        ],
      },
      'GET /v0/market/{id}',
    );
    const r = mapContract(m, { now: () => NOW });
    if (r.kind !== 'mapped') throw new Error(r.kind);
    expect(EventSchema.parse(r.event)).toEqual(r.event);
    expect(r.event).toMatchObject({ id: 'manifold:mc1', mutuallyExclusive: true, marketIds: ['manifold:mc1:a1', 'manifold:mc1:a2'] });
    expect(r.markets.map((x) => [x.id, x.eventId, x.lastPrice])).toEqual([
      ['manifold:mc1:a1', 'manifold:mc1', '0.6'],
      ['manifold:mc1:a2', 'manifold:mc1', '0.4'],
    ]);
  });
});
