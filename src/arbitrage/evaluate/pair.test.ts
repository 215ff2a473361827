import { describe, expect, it } from 'vitest';
import type { Market, OrderBook } from '../../core/index.js';
import type { FeeQuoter } from '../../venue/fees.js';
import { T0, V0, V1, book, freeQuoter, market, quadraticPerFill, quadraticPerOrder } from '../test-support.js';
import type { EvaluationContext } from './basket.js';
import { evaluationConfig, type FeeQuoterLookup } from './config.js';
import { evaluatePair, type TradablePair } from './pair.js';

const A = `${V0}:A`;
const B = `${V1}:B`;

function ctx(quoters: Partial<Record<string, FeeQuoter>>, now = T0): EvaluationContext {
  const lookup: FeeQuoterLookup = (venue) => quoters[venue];
  return { quoters: lookup, config: evaluationConfig(), now };
}

function pair(a: Market, b: Market, relation: 'identical' | 'inverse' = 'identical'): TradablePair {
  return { id: `${a.id}|${b.id}`, a, b, relation, confidence: 0.95, reasons: ['same proposition'] };
}

function run(p: TradablePair, a: OrderBook, b: OrderBook, c: EvaluationContext) {
  const [first, second] = evaluatePair(p, { a, b }, c);
  return { first: first!, second: second! };
}

describe('pair evaluation: depth walk against hand-computed books', () => {
  const a = market(A, { minOrderSize: '0.01' });
  const b = market(B, { minOrderSize: '1' });
  // A: YES asks 0.40×10, 0.42×20; B: YES bids 0.55×15, 0.53×30 → NO asks 0.45×15, 0.47×30.
  const bookA = book(A, [['0.38', '5']], [['0.40', '10'], ['0.42', '20']]);
  const bookB = book(B, [['0.55', '15'], ['0.53', '30']], [['0.57', '10']]);

  it('walks both books level by level (no fees)', () => {
    const { first, second } = run(pair(a, b), bookA, bookB, ctx({ [V0]: freeQuoter, [V1]: freeQuoter }));
    const o = first.opportunity!;
    // Chunks: 10 @ 0.40+0.45, 5 @ 0.42+0.45, 15 @ 0.42+0.47; A runs out at 30.
    expect(o.direction).toBe('a:yes+b:no');
    expect(o.size).toBe('30');
    expect(o.legs.map((l) => [l.outcome, l.price, l.limitPrice, l.notional, l.fee])).toEqual([
      ['yes', '0.413333', '0.42', '12.4', '0'],
      ['no', '0.46', '0.47', '13.8', '0'],
    ]);
    expect(o.legs[1]!.fills).toEqual([
      ['0.45', '15'],
      ['0.47', '15'],
    ]);
    expect([o.cost, o.payout, o.profit, o.edge, o.grossEdge]).toEqual(['26.2', '30', '3.8', '0.126666', '0.15']);
    // 3.8 / 26.2 = 0.1450381…; one year to resolution → APR = ROI.
    expect(o.roi).toBe('0.145038');
    expect(o.apr).toBe('0.145038');
    expect(o.actionable).toBe(true);
    expect(o.blockers).toEqual([]);
    // The other direction costs 0.62 + 0.57 > 1.
    expect(second.opportunity).toBeNull();
    expect(second.note).toBe('no edge at the top of the books');
  });

  it('inverse pairs buy the same outcome on both sides', () => {
    // YES on A is NO on B: YES A at 0.40 + YES B at 0.57 = 0.97 → edge 0.03 on 10.
    const { first, second } = run(pair(a, b, 'inverse'), bookA, bookB, ctx({ [V0]: freeQuoter, [V1]: freeQuoter }));
    expect(first.opportunity).toMatchObject({ direction: 'a:yes+b:yes', size: '10', profit: '0.3', relation: 'inverse' });
    expect(first.opportunity!.legs.map((l) => l.outcome)).toEqual(['yes', 'yes']);
    // NO A at 0.62 + NO B at 0.45 = 1.07.
    expect(second.opportunity).toBeNull();
  });

  it('stops where the fees eat the marginal edge', () => {
    // Fee 0.07·p(1−p) per contract on B: at 0.45 that is 0.017325, at 0.47 0.017437.
    // Chunk 1: 0.15 − 0.017325 > 0; chunk 2: 0.13 − 0.017325 > 0; chunk 3: 0.11 − 0.01744 > 0. All in.
    // Per-order fee on B's 30 NO: 0.07·(15·0.45·0.55 + 15·0.47·0.53) = 0.07·(3.7125 + 3.7365) = 0.52143 → 0.53.
    const { first } = run(pair(a, b), bookA, bookB, ctx({ [V0]: freeQuoter, [V1]: quadraticPerOrder('0.07') }));
    expect(first.opportunity).toMatchObject({ size: '30', cost: '26.73', profit: '3.27' });
    expect(first.opportunity!.legs[1]!.fee).toBe('0.53');
  });

  it('reports no opportunity when the top of the book shows an edge that fees kill', () => {
    // 1 − 0.50 − 0.485 = 0.015 gross, but the fee at 0.50 is 0.0175 per contract.
    const thinA = book(A, [], [['0.50', '100']]);
    const thinB = book(B, [['0.515', '100']], []);
    const { first } = run(pair(a, b), thinA, thinB, ctx({ [V0]: quadraticPerOrder('0.07'), [V1]: freeQuoter }));
    expect(first.opportunity).toBeNull();
    expect(first.grossEdge?.toString()).toBe('0.015');
    expect(first.note).toBe('fees take the whole edge at the top of the books');
  });

  it('reports no opportunity when per-order rounding kills a thin size, and one when depth pays for it', () => {
    // 1 − 0.50 − 0.48 = 0.02 gross; marginal fee 0.0175 leaves 0.0025 per contract.
    const quoters = { [V0]: quadraticPerOrder('0.07'), [V1]: freeQuoter };
    const one = run(pair(a, b), book(A, [], [['0.50', '1']]), book(B, [['0.52', '1']], []), ctx(quoters)).first;
    // One contract: the fee rounds up to 0.02 and leaves nothing.
    expect(one.opportunity).toBeNull();
    expect(one.note).toBe('fees and rounding take the whole edge');
    const hundred = run(pair(a, b), book(A, [], [['0.50', '100']]), book(B, [['0.52', '100']], []), ctx(quoters)).first;
    // 100 contracts: fee 1.75 exactly; profit 2 − 1.75 = 0.25.
    expect(hundred.opportunity).toMatchObject({ size: '100', profit: '0.25', edge: '0.0025' });
  });

  it('stops at the level where the fee exceeds what is left of the edge (per-fill rounding)', () => {
    // Per-fill floor fees on B (rate 0.07, 5 dp): 40 NO @ 0.45 → 0.693. The next level (NO 0.4895)
    // leaves 0.0105 gross against a fee of 0.01748 per contract: the walk stops at 40.
    const b2 = book(B, [['0.55', '40'], ['0.5105', '60']], []);
    const { first } = run(pair(a, b), book(A, [], [['0.50', '200']]), b2, ctx({ [V0]: freeQuoter, [V1]: quadraticPerFill('0.07') }));
    expect(first.opportunity).toMatchObject({ size: '40', cost: '38.693', profit: '1.307' });
  });

  it('steps back from a last chunk that only loses once the order is rounded', () => {
    // A: 100 @ 0.50 then 0.3 @ 0.502 (per-order fee, ceiled to the cent); B: NO at 0.48 throughout.
    // Marginally the 0.3 still pays (0.018 − 0.017499), but the order's fee then rounds from 1.75 to
    // 1.76: profit 0.2454 at 100.3 against 0.25 at 100. The smaller size wins.
    const a2 = book(A, [], [['0.50', '100'], ['0.502', '0.3']]);
    const fine = market(A, { tickRanges: [{ start: '0', end: '1', step: '0.001' }], tickSize: '0.001' });
    const b01 = market(B, { minOrderSize: '0.01' });
    const { first } = run(pair(fine, b01), a2, book(B, [['0.52', '500']], []), ctx({ [V0]: quadraticPerOrder('0.07'), [V1]: freeQuoter }));
    expect(first.opportunity).toMatchObject({ size: '100', profit: '0.25' });
    expect(first.opportunity!.legs[0]!.fee).toBe('1.75');
  });

  it('respects the minimum order size: trades it when still profitable, refuses otherwise', () => {
    const min5 = market(B, { minOrderSize: '5' });
    const noB = book(B, [['0.55', '100']], []);
    const quoters = { [V0]: freeQuoter, [V1]: freeQuoter };
    // Profitable depth is 3 (0.40 + 0.45); 5 takes 2 more at 0.70: 1.2 + 1.4 + 2.25 = 4.85 < 5.
    const ok = run(pair(a, min5), book(A, [], [['0.40', '3'], ['0.70', '100']]), noB, ctx(quoters)).first;
    expect(ok.opportunity).toMatchObject({ size: '5', cost: '4.85', profit: '0.15' });
    // At 0.80 the fifth contract costs too much: 1.2 + 1.6 + 2.25 = 5.05.
    const ko = run(pair(a, min5), book(A, [], [['0.40', '3'], ['0.80', '100']]), noB, ctx(quoters)).first;
    expect(ko.opportunity).toBeNull();
    expect(ko.note).toBe('profitable depth 3 is below the minimum order 5');
  });

  it('trades whole contracts when one leg says so', () => {
    const quoters = { [V0]: freeQuoter, [V1]: freeQuoter };
    const whole = market(B, { minOrderSize: '1' });
    const { first } = run(pair(a, whole), book(A, [], [['0.40', '2.5']]), book(B, [['0.55', '100']], []), ctx(quoters));
    expect(first.opportunity).toMatchObject({ size: '2', profit: '0.3' });
  });
});

describe('pair evaluation: what makes an opportunity not actionable', () => {
  const a = market(A);
  const b = market(B);
  const bookA = book(A, [], [['0.40', '10']]);
  const bookB = book(B, [['0.55', '10']], []);
  const free = { [V0]: freeQuoter, [V1]: freeQuoter };

  it('a stale book', () => {
    const o = run(pair(a, b), bookA, book(B, [['0.55', '10']], [], T0 - 60_000), ctx(free)).first.opportunity!;
    expect(o.actionable).toBe(false);
    expect(o.blockers).toEqual([`stale book for ${B} (older than 15000 ms)`]);
    expect(o.legs.map((l) => l.quoteAge)).toEqual([0, 60_000]);
    expect(o.quoteAge).toBe(60_000);
  });

  it('an unknown fee (no quoter, or a quoter that cannot tell)', () => {
    const none = run(pair(a, b), bookA, bookB, ctx({ [V0]: freeQuoter })).first.opportunity!;
    expect(none.actionable).toBe(false);
    expect(none.blockers).toEqual([`no fee quote for ${V1}`]);
    expect(none.legs[1]!.fee).toBeNull();
    const unknown = run(pair(a, b), bookA, bookB, ctx({ [V0]: freeQuoter, [V1]: () => null })).first.opportunity!;
    expect(unknown.blockers).toEqual([`fee of ${B} unknown (no schedule)`]);
  });

  it('an estimated fee', () => {
    const estimated: FeeQuoter = (i) => ({ fee: '0.01', currency: i.market.currency, estimated: true, basis: 'model' });
    const o = run(pair(a, b), bookA, bookB, ctx({ [V0]: freeQuoter, [V1]: estimated })).first.opportunity!;
    expect(o.blockers).toEqual([`fee of ${B} is estimated: model`]);
    expect(o.legs[1]).toMatchObject({ fee: '0.01', feeEstimated: true });
  });

  it('a missing resolution date', () => {
    const undated = market(B, { closeTime: null, expectedResolutionTime: null });
    const o = run(pair(a, undated), bookA, bookB, ctx(free)).first.opportunity!;
    expect(o.blockers).toEqual([`no resolution date for ${B}`]);
    expect(o.apr).toBeNull();
    expect(o.resolvesAt).toBeNull();
  });

  it('a market that is not open, a crossed book, an off-grid price', () => {
    const paused = market(B, { status: 'paused' });
    expect(run(pair(a, paused), bookA, bookB, ctx(free)).first.opportunity!.blockers).toEqual([`${B} is paused`]);
    const crossed = book(B, [['0.55', '10']], [['0.50', '10']]);
    expect(run(pair(a, b), bookA, crossed, ctx(free)).first.opportunity!.blockers).toEqual([`${B}: crossed book (bid 0.55 ≥ ask 0.50)`]);
    const offGrid = book(A, [], [['0.405', '10']]);
    expect(run(pair(a, b), offGrid, bookB, ctx(free)).first.opportunity!.blockers).toEqual([`${A}: price 0.405 is off the market's tick grid`]);
  });

  it('uses the later expected resolution for the annualized return', () => {
    // Profit 10 − 4 − 4.5 = 1.5 on 8.5: ROI 0.176470; resolves in half a year → APR 0.35294.
    const half = new Date(T0 + 182.5 * 86_400_000).toISOString();
    const early = market(A, { expectedResolutionTime: new Date(T0 + 10 * 86_400_000).toISOString() });
    const late = market(B, { expectedResolutionTime: half });
    const o = run(pair(early, late), bookA, bookB, ctx(free)).first.opportunity!;
    expect([o.roi, o.apr, o.resolvesAt]).toEqual(['0.17647', '0.35294', half]);
  });
});

describe('pair evaluation: currencies', () => {
  const bookA = book(A, [], [['0.40', '10']]);
  const bookB = book(B, [['0.55', '10']], []);
  const free = { [V0]: freeQuoter, [V1]: freeQuoter };

  it('never nets play money against real money', () => {
    const play = market(B, { currency: 'MANA', realMoney: false });
    const [first] = evaluatePair(pair(market(A), play), { a: bookA, b: bookB }, ctx(free));
    expect(first!.opportunity).toBeNull();
    expect(first!.note).toBe('play money never nets against real money');
  });

  it('nets stablecoins at par, flagging USDT and mixed currencies', () => {
    const [usdt] = evaluatePair(pair(market(A, { currency: 'USDC' }), market(B, { currency: 'USDT' })), { a: bookA, b: bookB }, ctx(free));
    expect(usdt!.opportunity!.flags).toEqual(['legs settle in USDC and USDT, taken at par', 'USDT taken at par with USD']);
    expect(usdt!.opportunity!.actionable).toBe(true);
    expect(usdt!.opportunity!.currency).toBe('USD');
  });

  it('nets two play-money markets of the same currency, and says so', () => {
    const a = market(A, { currency: 'MANA', realMoney: false });
    const b = market(B, { currency: 'MANA', realMoney: false });
    const [first] = evaluatePair(pair(a, b), { a: bookA, b: bookB }, ctx(free));
    expect(first!.opportunity).toMatchObject({ realMoney: false, currency: 'MANA (play money)', profit: '1.5' });
    expect(first!.opportunity!.flags).toContain('play money');
  });
});
