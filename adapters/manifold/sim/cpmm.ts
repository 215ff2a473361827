/**
 * The venue's constant-product market maker (docs/venues/manifold.md §CPMM), in the venue's own
 * formulas, on simulator fixed-point numbers. Fees are zero
 * (`TAKER_FEE_CONSTANT = 0`), so a purchase moves `a` mana into both sides of the pool and takes
 * the bought outcome's shares out; `p` never changes.
 *
 *   k = y^p · n^(1−p)                         prob = p·n / ((1−p)·y + p·n)
 *   buy YES with a:  s = y + a − (k·(n+a)^(p−1))^(1/p)      pool → (y + a − s, n + a)
 *   buy NO  with a:  s = n + a − (k·(y+a)^(−p))^(1/(1−p))   pool → (y + a, n + a − s)
 *
 * Multiple-choice answer pools always use p = 0.5, where the purchase is rational and the amount
 * for a given number of shares has a closed form (`amountToBuySharesFixedP`).
 */
import { HALF, ONE, ZERO, div, isqrt, mul, pow, type Fx } from './fx.js';

export type Outcome = 'YES' | 'NO';

export interface Pool {
  YES: Fx;
  NO: Fx;
}

export interface CpmmState {
  pool: Pool;
  p: Fx;
}

/** Highest / lowest probability a market order moves the pool to (`MAX_CPMM_PROB`, `MIN_CPMM_PROB`). */
export const MAX_CPMM_PROB: Fx = (ONE * 99n) / 100n;
export const MIN_CPMM_PROB: Fx = ONE / 100n;
/** A trade leaving either side of a cpmm-1 pool below this is refused (`CPMM_MIN_POOL_QTY`). */
export const CPMM_MIN_POOL_QTY: Fx = ONE / 100n;

export function getCpmmProbability(pool: Pool, p: Fx): Fx {
  const { YES: y, NO: n } = pool;
  return div(mul(p, n), mul(ONE - p, y) + mul(p, n));
}

/** The invariant `k = y^p · n^(1−p)`. */
export function getCpmmLiquidity(pool: Pool, p: Fx): Fx {
  if (p === HALF) return isqrt(pool.YES * pool.NO);
  return mul(pow(pool.YES, p), pow(pool.NO, ONE - p));
}

/** Shares bought with `amount` mana (no fees). */
export function calculateCpmmShares(pool: Pool, p: Fx, amount: Fx, outcome: Outcome): Fx {
  if (amount === 0n) return ZERO;
  const { YES: y, NO: n } = pool;
  if (p === HALF) {
    // (k·(n+a)^(−1/2))^2 = y·n/(n+a)
    return outcome === 'YES' ? y + amount - div(mul(y, n), n + amount) : n + amount - div(mul(y, n), y + amount);
  }
  const k = getCpmmLiquidity(pool, p);
  return outcome === 'YES'
    ? y + amount - pow(mul(k, pow(amount + n, p - ONE)), div(ONE, p))
    : n + amount - pow(mul(k, pow(amount + y, -p)), div(ONE, ONE - p));
}

export interface Purchase {
  shares: Fx;
  newPool: Pool;
}

export function calculateCpmmPurchase(state: CpmmState, amount: Fx, outcome: Outcome): Purchase {
  const shares = calculateCpmmShares(state.pool, state.p, amount, outcome);
  const { YES: y, NO: n } = state.pool;
  const newPool = outcome === 'YES' ? { YES: y - shares + amount, NO: n + amount } : { YES: y + amount, NO: n - shares + amount };
  return { shares, newPool };
}

/**
 * Mana that moves the probability to `prob` by buying `outcome` (`calculateCpmmAmountToProb`):
 *   YES: r = p(q−1)/((p−1)q),  a = r^(−p)·(k − n·r^p)
 *   NO:  q' = 1−q, r = (1−p)(q'−1)/(−p·q'),  a = r^(p−1)·(k − y·r^(1−p))
 * Returns null for a probability outside (0, 1) (the venue's `Infinity`).
 */
export function calculateCpmmAmountToProb(state: CpmmState, prob: Fx, outcome: Outcome): Fx | null {
  if (prob <= 0n || prob >= ONE) return null;
  const { pool, p } = state;
  const { YES: y, NO: n } = pool;
  const k = getCpmmLiquidity(pool, p);
  if (outcome === 'YES') {
    const r = div(mul(p, prob - ONE), mul(p - ONE, prob));
    return mul(pow(r, -p), k - mul(n, pow(r, p)));
  }
  const q = ONE - prob;
  const r = div(mul(ONE - p, q - ONE), mul(-p, q));
  return mul(pow(r, p - ONE), k - mul(y, pow(r, ONE - p)));
}

/**
 * Mana to buy exactly `shares` from a p = 0.5 pool (`calculateCpmmAmountToBuySharesFixedP`):
 * a = (s − y − n + √(4·n·s + (y + n − s)²)) / 2 for YES (y and n swapped for NO).
 */
export function calculateCpmmAmountToBuySharesFixedP(state: CpmmState, shares: Fx, outcome: Outcome): Fx {
  if (state.p !== HALF) throw new RangeError(`calculateAmountToBuySharesFixedP only works for p = 0.5, got ${state.p}`);
  const { YES: y, NO: n } = state.pool;
  const other = outcome === 'YES' ? n : y;
  const b = y + n - shares;
  const disc = 4n * mul(other, shares) + mul(b, b);
  return (shares - y - n + isqrt(disc * ONE)) / 2n;
}
