/**
 * Arbitrage end to end: the service against the Kalshi and Polymarket simulators, which both list
 * the Fed's June 2027 decision (4.25 %) in their own words, with books stated by the simulators
 * (src/sim/cross-listed.ts). Kalshi sells YES cheap and Polymarket bids YES high, so YES on Kalshi
 * plus NO on Polymarket locks in a profit. The test reads both books from the simulators, prices
 * the trade itself from each venue's published fee rule, and demands exactly that opportunity over
 * HTTP and on the feed's `arbitrage` channel; then it lifts Kalshi's cheap asks through the trading
 * API and demands that the opportunity closes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Decimal } from '../../src/core/index.js';
import type { Level } from '../../src/core/index.js';
import type { Opportunity } from '../../src/arbitrage/index.js';
import { FeedClient } from '../support/feed-client.js';
import { simEnv, startFeedService, startSims, type ServiceHandle, type Sims } from '../feed/sim-harness.js';

const KALSHI_FED = 'kalshi:KXFED-27JUN16-T4.25';

let sims: Sims;
let h: ServiceHandle;
let polyFed: string;
let polyNearMiss: string;

async function get(path: string): Promise<any> {
  const r = await fetch(`${h.service.url}${path}`);
  expect(r.status, path).toBe(200);
  return r.json();
}

async function marketId(venue: string, q: string): Promise<string> {
  const body = await get(`/v1/markets?venue=${venue}&q=${encodeURIComponent(q)}`);
  expect(body.data, q).toHaveLength(1);
  return body.data[0].id as string;
}

beforeAll(async () => {
  sims = await startSims(7, 16, { crossListed: true });
  h = await startFeedService({ ...simEnv(sims), ARBITRAGE_ENABLED: 'true', ARBITRAGE_COMPLETE_SETS: 'false' });
  polyFed = await marketId('polymarket', 'Fed upper bound above 4.25%');
  polyNearMiss = await marketId('polymarket', 'Fed upper bound above 4.50%');
}, 120_000);

afterAll(async () => {
  await h?.service.close();
  await sims?.close();
});

// ---- the expected figures, worked out here from the books and the venues' published fee rules ----

const D = (s: string) => Decimal.parse(s);
const ONE = Decimal.ONE;

/**
 * Kalshi, per order (docs/venues/kalshi.md §3.2): each fill's trade fee 0.07·C·P·(1−P) ceiled to
 * $0.0001; each fill's balance change floored to the cent (the difference is a rounding fee); whole
 * cents of accumulated rounding fees rebated. Net = trade fees + rounding fees − rebates.
 */
function kalshiTakerFee(fills: [Decimal, Decimal][]): Decimal {
  let total = Decimal.ZERO;
  let accumulator = Decimal.ZERO;
  for (const [p, c] of fills) {
    const trade = D('0.07').mul(c).mul(p).mul(ONE.sub(p)).round(4, 'ceil');
    const change = p.mul(c).add(trade).neg();
    const rounding = change.sub(change.round(2, 'floor'));
    total = total.add(trade).add(rounding);
    accumulator = accumulator.add(rounding);
    while (accumulator.gt(D('0.01'))) {
      accumulator = accumulator.sub(D('0.01'));
      total = total.sub(D('0.01'));
    }
  }
  return total;
}

/** Polymarket (docs/venues/polymarket.md §6.11): each fill pays shares·rate·p·(1−p), floored to 5 decimals. */
function polymarketTakerFee(rate: Decimal, fills: [Decimal, Decimal][]): Decimal {
  return fills.reduce((sum, [p, c]) => sum.add(c.mul(rate).mul(p).mul(ONE.sub(p)).round(5, 'floor')), Decimal.ZERO);
}

interface Expected {
  size: Decimal;
  kalshi: { fills: [Decimal, Decimal][]; notional: Decimal; fee: Decimal };
  poly: { fills: [Decimal, Decimal][]; notional: Decimal; fee: Decimal };
  cost: Decimal;
  profit: Decimal;
}

/**
 * Buys YES on Kalshi (its YES asks) and NO on Polymarket (1 − its YES bids), level pair by level
 * pair, while a set still pays more than its two prices and the two fee rates at those prices.
 */
function expectedTrade(kalshiAsks: Level[], polyBids: Level[], polyRate: Decimal): Expected {
  const asks = kalshiAsks.map(([p, s]) => ({ p: D(p), left: D(s) }));
  const noAsks = polyBids.map(([p, s]) => ({ p: ONE.sub(D(p)), left: D(s) }));
  const k: [Decimal, Decimal][] = [];
  const n: [Decimal, Decimal][] = [];
  let i = 0;
  let j = 0;
  while (i < asks.length && j < noAsks.length) {
    const a = asks[i]!;
    const b = noAsks[j]!;
    const net = ONE.sub(a.p).sub(b.p).sub(D('0.07').mul(a.p).mul(ONE.sub(a.p))).sub(polyRate.mul(b.p).mul(ONE.sub(b.p)));
    if (!net.isPositive()) break;
    const q = Decimal.min(a.left, b.left);
    const add = (fills: [Decimal, Decimal][], p: Decimal) => {
      const last = fills[fills.length - 1];
      if (last && last[0].eq(p)) last[1] = last[1].add(q);
      else fills.push([p, q]);
    };
    add(k, a.p);
    add(n, b.p);
    a.left = a.left.sub(q);
    b.left = b.left.sub(q);
    if (!a.left.isPositive()) i++;
    if (!b.left.isPositive()) j++;
  }
  const notional = (fills: [Decimal, Decimal][]) => fills.reduce((s, [p, c]) => s.add(p.mul(c)), Decimal.ZERO);
  const size = k.reduce((s, [, c]) => s.add(c), Decimal.ZERO);
  const kalshi = { fills: k, notional: notional(k), fee: kalshiTakerFee(k) };
  const poly = { fills: n, notional: notional(n), fee: polymarketTakerFee(polyRate, n) };
  const cost = kalshi.notional.add(kalshi.fee).add(poly.notional).add(poly.fee);
  return { size, kalshi, poly, cost, profit: size.sub(cost) };
}

const str = (d: Decimal) => d.normalize().toString();

function expectOpportunity(o: Opportunity | undefined, e: Expected): void {
  expect(o, 'the Fed opportunity').toBeDefined();
  expect(o).toMatchObject({
    kind: 'pair',
    relation: 'identical',
    direction: expect.stringMatching(/yes\+.*no|no\+.*yes/),
    size: str(e.size),
    cost: str(e.cost),
    payout: str(e.size),
    profit: str(e.profit),
    edge: str(e.profit.div(e.size, 6, 'floor')),
    roi: str(e.profit.div(e.cost, 6, 'floor')),
    actionable: true,
    blockers: [],
  });
  const kalshiLeg = o!.legs.find((l) => l.market === KALSHI_FED);
  const polyLeg = o!.legs.find((l) => l.market === polyFed);
  expect(kalshiLeg).toMatchObject({ outcome: 'yes', side: 'buy', size: str(e.size), notional: str(e.kalshi.notional), fee: str(e.kalshi.fee) });
  expect(polyLeg).toMatchObject({ outcome: 'no', side: 'buy', size: str(e.size), notional: str(e.poly.notional), fee: str(e.poly.fee) });
  expect(kalshiLeg!.fills).toEqual(e.kalshi.fills.map(([p, c]) => [str(p), str(c)]));
  expect(polyLeg!.fills).toEqual(e.poly.fills.map(([p, c]) => [str(p), str(c)]));
  expect(o!.confidence).toBeGreaterThanOrEqual(0.9);
  expect(o!.apr).not.toBeNull();
  expect(o!.resolvesAt).not.toBeNull();
}

describe('arbitrage against the simulators', () => {
  let expected: Expected;

  it('finds the seeded opportunity with the exact after-fee figures, over HTTP and on the feed', async () => {
    const kalshiBook = sims.expected(KALSHI_FED);
    const polyBook = sims.expected(polyFed);
    const fee = sims.polymarket.markets().find((m) => `polymarket:${m.conditionId}` === polyFed)?.fee;
    expect(fee?.rate).toBe('0.05');
    expected = expectedTrade(kalshiBook.asks, polyBook.bids, D(fee!.rate));
    // The books the simulators state, priced by hand: YES on Kalshi 100 @ 0.50 + 150 @ 0.52 = 128, fee
    // 1.75 + 2.6208 + 0.0092 (rounding) = 4.38; NO on Polymarket 60 @ 0.40 + 190 @ 0.42 = 103.8, fee
    // 0.72 + 2.3142 = 3.0342. 250 sets pay 250 for 239.2142: 10.7858 locked in.
    expect([str(expected.size), str(expected.kalshi.fee), str(expected.poly.fee), str(expected.profit)]).toEqual(['250', '4.38', '3.0342', '10.7858']);

    let found: Opportunity | undefined;
    await vi.waitFor(
      async () => {
        const body = await get('/v1/arbitrage');
        found = (body.data as Opportunity[]).find((o) => o.legs.some((l) => l.market === KALSHI_FED) && o.legs.some((l) => l.market === polyFed));
        expect(found).toBeDefined();
        expect(found!.actionable).toBe(true);
      },
      { timeout: 60_000, interval: 250 },
    );
    expectOpportunity(found, expected);
    expect((await get('/arbitrage')).data.map((o: Opportunity) => o.id)).toContain(found!.id);

    const feed = await FeedClient.connect(h.wsUrl);
    try {
      await feed.request({ op: 'subscribe', channel: 'arbitrage', markets: [KALSHI_FED] });
      const snapshot = await feed.waitFor((m) => m.type === 'opportunities');
      expect(feed.invalid).toEqual([]);
      const fromFeed = (snapshot as { data: Opportunity[] }).data.find((o) => o.id === found!.id);
      expectOpportunity(fromFeed, expected);

      // Someone lifts Kalshi's asks at 0.50 and 0.52: the next ask (0.62) leaves no edge.
      const { token } = await h.service.keys.create({ scopes: ['trade'], venues: ['kalshi'], name: 'taker' });
      const r = await fetch(`${h.service.url}/v1/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ market: KALSHI_FED, side: 'buy', outcome: 'yes', price: '0.52', size: '250', timeInForce: 'ioc' }),
      });
      expect(r.status).toBe(201);
      expect(sims.expected(KALSHI_FED).asks[0]).toEqual(['0.62', '200']);

      const closed = await feed.waitFor((m) => m.type === 'opportunity' && m.event === 'closed' && m.opportunity.id === found!.id, 30_000);
      expect(closed).toMatchObject({ channel: 'arbitrage', event: 'closed' });
      expect(feed.invalid).toEqual([]);
      const after = await get('/v1/arbitrage');
      expect((after.data as Opportunity[]).some((o) => o.legs.some((l) => l.market === KALSHI_FED))).toBe(false);
    } finally {
      feed.close();
    }
  }, 120_000);

  it('lists the same proposition at another threshold as a candidate, with the difference, never as an opportunity', async () => {
    const body = await get('/v1/arbitrage?includeCandidates=true');
    const candidate = body.candidates.find((m: { a: string; b: string }) => [m.a, m.b].includes(KALSHI_FED) && [m.a, m.b].includes(polyNearMiss));
    expect(candidate).toMatchObject({ tradable: false });
    expect(candidate.differences).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'threshold', critical: true })]));
    expect((body.data as Opportunity[]).some((o) => o.legs.some((l) => l.market === polyNearMiss))).toBe(false);
    const matches = await get(`/v1/matches?market=${encodeURIComponent(KALSHI_FED)}&relation=identical`);
    expect(matches.data.map((m: { a: string; b: string }) => [m.a, m.b].sort())).toEqual([[KALSHI_FED, polyFed].sort()]);
  });
});
