/**
 * The Manifold AMM seen from the adapter (docs/venues/manifold.md §CPMM, §Synthesized book):
 * what a taker gets from the pool between two probabilities. This is written independently of the
 * simulator's venue-side implementation; a test cross-checks the two.
 *
 * A cpmm-1 pool holds y YES and n NO shares with weight p and keeps k = y^p · n^(1−p); its
 * probability is q = p·n / ((1−p)·y + p·n). Every point of the curve is fixed by the ratio
 * r = n/y = (1−p)·q / (p·(1−q)):  n(q) = k·r^p  and  y(q) = n(q)/r.
 * With zero fees, buying YES from q0 up to q1 costs n(q1) − n(q0) mana (the mana minted into both
 * sides) and yields that many shares plus y(q0) − y(q1); buying NO down to q1 costs y(q1) − y(q0)
 * and yields that plus n(q0) − n(q1) NO shares.
 */
import type { Decimal } from '../../src/core/decimal.js';
import { S, div, exp, fromDecimal, ln, mul, sqrt } from './fixed-math.js';

export interface CpmmPool {
  /** YES shares held by the AMM (decimal string or Decimal). */
  yes: Decimal | string;
  no: Decimal | string;
  /** Weight p (0.5 for every multiple-choice answer pool). */
  p: Decimal | string;
}

/** The venue refuses a trade that leaves either side of the pool below this (`CPMM_MIN_POOL_QTY`). */
export const MIN_POOL_QTY = fromDecimal('0.01');
const HALF = S / 2n;

/** The probability of YES of a pool, exact to 36 places (truncated). */
export function poolProbability(pool: CpmmPool): bigint {
  const y = fromDecimal(pool.yes);
  const n = fromDecimal(pool.no);
  const p = fromDecimal(pool.p);
  return div(mul(p, n), mul(S - p, y) + mul(p, n));
}

/** One point of the AMM walked away from its current probability, cumulative from there. */
export interface AmmPoint {
  /** The probability reached, in hundredths (the 0.01 grid): 1…99. */
  tick: number;
  /** Mana spent from the current state to reach `tick` (fixed point, scale 10^36). */
  cost: bigint;
  /** Shares obtained by then: YES when walking up (asks), NO when walking down (bids). */
  shares: bigint;
}

/** ln(j/100) − ln(1 − j/100) for j = 1…99: the market-independent part of ln r on the tick grid. */
const LOGIT = Array.from({ length: 100 }, (_, j) => (j === 0 ? 0n : ln((BigInt(j) * S) / 100n) - ln((BigInt(100 - j) * S) / 100n)));

interface Curve {
  y: bigint;
  n: bigint;
  p: bigint;
  /** ln k, or k itself when p = 0.5 (sqrt path). */
  lnK: bigint;
  k: bigint;
  /** ln((1−p)/p). */
  c: bigint;
}

function curveOf(pool: CpmmPool): Curve {
  const y = fromDecimal(pool.yes);
  const n = fromDecimal(pool.no);
  const p = fromDecimal(pool.p);
  if (y <= 0n || n <= 0n || p <= 0n || p >= S) throw new RangeError('a CPMM pool needs positive sides and 0 < p < 1');
  if (p === HALF) return { y, n, p, lnK: 0n, k: sqrt(mul(y, n)), c: 0n };
  return { y, n, p, lnK: mul(p, ln(y)) + mul(S - p, ln(n)), k: 0n, c: ln(S - p) - ln(p) };
}

/** The pool sides when the probability is exactly `tick`/100. */
function sidesAt(curve: Curve, tick: number): { y: bigint; n: bigint } {
  const t = (BigInt(tick) * S) / 100n;
  // r = (1−p)·t / (p·(1−t))
  const r = div(mul(S - curve.p, t), mul(curve.p, S - t));
  const n = curve.p === HALF ? mul(curve.k, sqrt(r)) : exp(curve.lnK + mul(curve.p, curve.c + (LOGIT[tick] as bigint)));
  return { y: div(n, r), n };
}

export interface LadderOptions {
  /** Lowest and highest probability the AMM may be moved to, in hundredths; default 1 and 99. */
  minTick?: number;
  maxTick?: number;
}

/**
 * The AMM walked tick by tick from its current probability: `up` (a taker buying YES, ticks above
 * the probability up to 0.99) or `down` (buying NO, ticks below it down to 0.01). Stops before a
 * tick that would leave a pool side under 0.01, which the venue refuses.
 */
export function ammLadder(pool: CpmmPool, direction: 'up' | 'down', options: LadderOptions = {}): AmmPoint[] {
  const curve = curveOf(pool);
  const prob = div(mul(curve.p, curve.n), mul(S - curve.p, curve.y) + mul(curve.p, curve.n));
  const minTick = options.minTick ?? 1;
  const maxTick = options.maxTick ?? 99;
  const out: AmmPoint[] = [];
  if (direction === 'up') {
    for (let tick = Number((prob * 100n) / S) + 1; tick <= maxTick; tick++) {
      const at = sidesAt(curve, tick);
      if (at.y < MIN_POOL_QTY) break;
      const cost = at.n - curve.n;
      out.push({ tick, cost, shares: cost + curve.y - at.y });
    }
  } else {
    const top = prob * 100n;
    for (let tick = Number(top / S) - (top % S === 0n ? 1 : 0); tick >= minTick; tick--) {
      const at = sidesAt(curve, tick);
      if (at.n < MIN_POOL_QTY) break;
      const cost = at.y - curve.y;
      out.push({ tick, cost, shares: cost + curve.n - at.n });
    }
  }
  return out;
}

/** Shares of `outcome` that `amount` mana buys from the pool (no orders, zero fees). */
export function sharesForAmount(pool: CpmmPool, outcome: 'YES' | 'NO', amount: Decimal | string): bigint {
  const curve = curveOf(pool);
  const a = fromDecimal(amount);
  // Buying YES: the pool ends at n' = n + a, y' = (k / n'^(1−p))^(1/p);  NO is the mirror image.
  if (outcome === 'YES') {
    const n1 = curve.n + a;
    const y1 = curve.p === HALF ? div(mul(curve.k, curve.k), n1) : exp(div(curve.lnK - mul(S - curve.p, ln(n1)), curve.p));
    return curve.y + a - y1;
  }
  const y1 = curve.y + a;
  const n1 = curve.p === HALF ? div(mul(curve.k, curve.k), y1) : exp(div(curve.lnK - mul(curve.p, ln(y1)), S - curve.p));
  return curve.n + a - n1;
}
