import { Decimal } from '../../core/index.js';
import type { Market, OrderBook } from '../../core/index.js';
import type { EvaluationConfig, FeeQuoterLookup } from './config.js';
import { commonStep, ladderOf, minSizeOf, onGrid, sizeStepOf, take, type Rung } from './ladder.js';
import { MarginalFees, quoteLeg, type LegFee } from './quote.js';
import type { Leg, Opportunity } from './types.js';

/**
 * A basket is a set of outcome tokens bought together whose combined payout is guaranteed
 * whatever happens: a matched pair (YES on one venue + NO on the other, or YES + YES for an
 * inverse pair) pays 1 per set; n NO tokens of a mutually exclusive event pay at least n − 1.
 * Evaluating it walks every leg's book level by level, prices each leg's fee with the venue's own
 * quote, and finds the size that keeps the guaranteed profit positive.
 */

export interface BasketLegInput {
  market: Market;
  outcome: 'yes' | 'no';
  book: OrderBook | undefined;
  /** When the book was last confirmed current (ms since epoch), if later than `book.receivedAt`. */
  freshAt?: number;
}

export interface BasketInput {
  id: string;
  kind: Opportunity['kind'];
  source: string;
  direction: string;
  payoutPerSet: Decimal;
  legs: BasketLegInput[];
  relation: Opportunity['relation'];
  confidence: number;
  reasons: string[];
  /** Blockers known before looking at books (e.g. an event not known to be exhaustive). */
  blockers?: string[];
  flags?: string[];
}

export interface EvaluationContext {
  quoters: FeeQuoterLookup;
  config: EvaluationConfig;
  /** Evaluation time, ms since epoch. */
  now: number;
}

export interface BasketEvaluation {
  opportunity: Opportunity | null;
  /** Payout minus the best prices, before fees; null when a leg has no liquidity. */
  grossEdge: Decimal | null;
  /** Why there is no opportunity, for humans; null when there is one. */
  note: string | null;
}

const YEAR_MS = Decimal.fromInteger(365 * 24 * 3600 * 1000);
const REFERENCE_SIZE = Decimal.fromInteger(10_000);

const str = (d: Decimal): string => d.normalize().toString();

interface Sized {
  size: Decimal;
  legs: { fills: Rung[]; notional: Decimal; fee: LegFee }[];
  cost: Decimal;
  profit: Decimal;
}

function unitOf(config: EvaluationConfig, currency: Market['currency']): string {
  return config.currency.unit[currency] ?? currency;
}

function none(grossEdge: Decimal | null, note: string): BasketEvaluation {
  return { opportunity: null, grossEdge, note };
}

/** Currency units the legs settle in, or why they cannot be netted. */
function settlement(input: BasketInput, config: EvaluationConfig): { unit: string; realMoney: boolean; flags: string[] } | string {
  const markets = input.legs.map((l) => l.market);
  const real = markets.map((m) => m.realMoney);
  if (real.some((r) => r !== real[0])) return 'play money never nets against real money';
  const units = markets.map((m) => (m.realMoney ? config.currency.unit[m.currency] : undefined) ?? `${m.currency} (play money)`);
  if (units.some((u) => u !== units[0])) return `currencies do not net: ${[...new Set(markets.map((m) => m.currency))].join(' vs ')}`;
  if (!real[0] && !config.playMoneyPairs) return 'play-money pairs are disabled';
  const flags: string[] = [];
  const currencies = [...new Set(markets.map((m) => m.currency))];
  if (currencies.length > 1) flags.push(`legs settle in ${currencies.join(' and ')}, taken at par`);
  for (const c of currencies) if (config.currency.flagged.includes(c)) flags.push(`${c} taken at par with ${units[0] ?? c}`);
  if (!real[0]) flags.push('play money');
  return { unit: units[0] ?? markets[0]?.currency ?? '', realMoney: real[0] ?? false, flags };
}

export function evaluateBasket(input: BasketInput, ctx: EvaluationContext): BasketEvaluation {
  const { config, now } = ctx;
  const settle = settlement(input, config);
  if (typeof settle === 'string') return none(null, settle);
  const blockers = [...(input.blockers ?? [])];
  const flags = [...(input.flags ?? []), ...settle.flags];

  const ladders: Rung[][] = [];
  const ages: number[] = [];
  for (const leg of input.legs) {
    if (!leg.book) return none(null, `no book for ${leg.market.id}`);
    const { rungs, problems } = ladderOf(leg.book, leg.outcome);
    if (rungs.length === 0) return none(null, `no ${leg.outcome.toUpperCase()} liquidity on ${leg.market.id}`);
    ladders.push(rungs);
    blockers.push(...problems);
    const seen = Math.max(Date.parse(leg.book.receivedAt), leg.freshAt ?? 0);
    const age = Math.max(0, Math.round(now - seen));
    ages.push(age);
    if (age > config.maxQuoteAgeMs) blockers.push(`stale book for ${leg.market.id} (older than ${config.maxQuoteAgeMs} ms)`);
    if (leg.book.source === 'emulated') flags.push(`${leg.market.id}: book emulated from the venue's pricing, fills may differ`);
    if (leg.market.status !== 'open') blockers.push(`${leg.market.id} is ${leg.market.status}`);
  }

  const top = ladders.reduce((acc, l) => acc.sub((l[0] as Rung).price), input.payoutPerSet);
  if (!top.isPositive()) return none(top, 'no edge at the top of the books');

  // Walk: chunk by chunk, while the marginal set still pays more than its prices and fees.
  const marginal = new MarginalFees(ctx.quoters, REFERENCE_SIZE);
  const idx = ladders.map(() => 0);
  const rem = ladders.map((l) => (l[0] as Rung).size);
  const boundaries: Decimal[] = [];
  let depth = Decimal.ZERO;
  for (;;) {
    const rungs = ladders.map((l, k) => l[idx[k] as number]);
    if (rungs.some((r) => r === undefined)) break;
    let net = input.payoutPerSet;
    rungs.forEach((r, k) => {
      const leg = input.legs[k] as BasketLegInput;
      const fee = marginal.perContract(leg.market, leg.outcome, r as Rung) ?? Decimal.ZERO;
      net = net.sub((r as Rung).price).sub(fee);
    });
    if (!net.isPositive()) break;
    const q = rem.reduce((m, r) => Decimal.min(m, r));
    depth = depth.add(q);
    boundaries.push(depth);
    rem.forEach((r, k) => {
      const left = r.sub(q);
      if (left.isPositive()) rem[k] = left;
      else {
        idx[k] = (idx[k] as number) + 1;
        const next = (ladders[k] as Rung[])[idx[k] as number];
        rem[k] = next ? next.size : Decimal.ZERO;
      }
    });
  }
  if (boundaries.length === 0) return none(top, 'fees take the whole edge at the top of the books');

  const step = commonStep(input.legs.map((l) => sizeStepOf(l.market)));
  const minSize = input.legs.map((l) => minSizeOf(l.market)).reduce((a, b) => Decimal.max(a, b)).roundToStep(step, 'ceil');

  const sizeAt = (size: Decimal): Sized | null => {
    const legs: Sized['legs'] = [];
    let cost = Decimal.ZERO;
    for (const [k, leg] of input.legs.entries()) {
      const taken = take(ladders[k] as Rung[], size);
      if (!taken) return null;
      const fee = quoteLeg(ctx.quoters, leg.market, leg.outcome, taken.fills);
      legs.push({ ...taken, fee });
      cost = cost.add(taken.notional).add(fee.quote ? Decimal.parse(fee.quote.fee) : Decimal.ZERO);
    }
    return { size, legs, cost, profit: input.payoutPerSet.mul(size).sub(cost) };
  };

  // Exact quotes at the deepest profitable size and a few boundaries below it (per-order rounding
  // can turn a thin last chunk unprofitable); the best positive profit wins.
  const candidates: Decimal[] = [];
  for (let i = boundaries.length - 1; i >= 0 && candidates.length <= config.stepBackLimit; i--) {
    const s = (boundaries[i] as Decimal).roundToStep(step, 'floor');
    if (s.gte(minSize) && !candidates.some((c) => c.eq(s))) candidates.push(s);
  }
  if (candidates.length === 0) candidates.push(minSize);
  // Profit rises with size up to the deepest profitable boundary and rounding only nibbles at it:
  // walk back from the deepest size while the profit keeps improving.
  let best: Sized | null = null;
  let previous: Sized | null = null;
  for (const s of candidates) {
    const sized = sizeAt(s);
    if (!sized) continue;
    if (previous && previous.profit.isPositive() && sized.profit.lte(previous.profit)) break;
    if (sized.profit.isPositive() && (!best || sized.profit.gt(best.profit))) best = sized;
    previous = sized;
  }
  if (!best) {
    const deepest = (boundaries[boundaries.length - 1] as Decimal).roundToStep(step, 'floor');
    return none(top, deepest.lt(minSize) ? `profitable depth ${str(deepest)} is below the minimum order ${str(minSize)}` : 'fees and rounding take the whole edge');
  }

  const legs: Leg[] = best.legs.map((l, k) => {
    const leg = input.legs[k] as BasketLegInput;
    const last = l.fills[l.fills.length - 1] as Rung;
    if (!onGrid(leg.market, last.yesPrice)) blockers.push(`${leg.market.id}: price ${str(last.yesPrice)} is off the market's tick grid`);
    if (l.fee.quote === null) blockers.push(l.fee.why);
    else if (l.fee.quote.estimated) blockers.push(`fee of ${leg.market.id} is estimated: ${l.fee.quote.basis}`);
    else if (unitOf(config, l.fee.quote.currency) !== unitOf(config, leg.market.currency)) {
      blockers.push(`fee of ${leg.market.id} is quoted in ${l.fee.quote.currency}, the market settles in ${leg.market.currency}`);
    }
    return {
      market: leg.market.id,
      venue: leg.market.venue,
      outcome: leg.outcome,
      side: 'buy',
      price: str(l.notional.div(best.size, 6, 'half-even')),
      limitPrice: str(last.price),
      size: str(best.size),
      notional: str(l.notional),
      fee: l.fee.quote ? str(Decimal.parse(l.fee.quote.fee)) : null,
      feeEstimated: l.fee.quote?.estimated ?? false,
      feeBasis: l.fee.quote?.basis ?? null,
      currency: leg.market.currency,
      quoteAge: ages[k] as number,
      fills: l.fills.map((f) => [str(f.price), str(f.size)] as [string, string]),
    };
  });

  let resolvesAt: number | null = null;
  for (const leg of input.legs) {
    const t = leg.market.expectedResolutionTime ?? leg.market.closeTime;
    if (!t) {
      blockers.push(`no resolution date for ${leg.market.id}`);
      resolvesAt = null;
      break;
    }
    resolvesAt = Math.max(resolvesAt ?? 0, Date.parse(t));
  }
  const roi = best.profit.div(best.cost, 6, 'floor');
  let apr: string | null = null;
  if (resolvesAt !== null) {
    const left = resolvesAt - now;
    if (left > 0) apr = str(roi.mul(YEAR_MS).div(Decimal.fromInteger(Math.round(left)), 6, 'floor'));
    else flags.push('the later resolution date has passed: no annualized return');
  }

  const payout = input.payoutPerSet.mul(best.size);
  const opportunity: Opportunity = {
    id: input.id,
    kind: input.kind,
    source: input.source,
    direction: input.direction,
    legs,
    payoutPerSet: str(input.payoutPerSet),
    edge: str(best.profit.div(best.size, 6, 'floor')),
    grossEdge: str(top),
    size: str(best.size),
    cost: str(best.cost),
    payout: str(payout),
    profit: str(best.profit),
    roi: str(roi),
    apr,
    resolvesAt: resolvesAt === null ? null : new Date(resolvesAt).toISOString(),
    relation: input.relation,
    confidence: input.confidence,
    reasons: input.reasons,
    actionable: blockers.length === 0,
    blockers: [...new Set(blockers)],
    flags: [...new Set(flags)],
    quoteAge: Math.max(...ages),
    currency: settle.unit,
    realMoney: settle.realMoney,
    evaluatedAt: new Date(now).toISOString(),
  };
  return { opportunity, grossEdge: top, note: null };
}
