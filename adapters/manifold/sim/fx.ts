/**
 * Fixed-point reals for the Manifold simulator: a bigint scaled by 10^30.
 *
 * Manifold's server computes mana, shares and probabilities in IEEE doubles and its CPMM needs
 * real powers (`y^p · n^(1−p)`, docs/venues/manifold.md §CPMM). The simulator keeps every amount
 * as an exact fixed-point integer instead and evaluates `ln`, `exp` and `pow` with bigint series at
 * 40 digits, so no float ever touches money here. Wire numbers are converted at the boundary from
 * their decimal text (`fxFromWire`) and written back as decimal text (`fxText`).
 *
 * Algorithms: `exp` reduces by ln 2 and sums the Taylor series; `ln` splits off powers of two,
 * takes eight square roots and sums the Mercator series of ln(1+u).
 */

export type Fx = bigint;

export const FX_DIGITS = 30;
export const ONE: Fx = 10n ** 30n;
export const ZERO: Fx = 0n;
export const HALF: Fx = ONE / 2n;

/** Working precision of ln/exp/pow: 10 guard digits below the storage scale. */
const W_DIGITS = 40;
const W = 10n ** 40n;
const GUARD = 10n ** BigInt(W_DIGITS - FX_DIGITS);
/** ln 2 to 50 places. */
const LN2_W = BigInt('69314718055994530941723212145817656807550013436025') / 10n ** 10n;

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** A decimal string (`"0.57"`, `"-3"`, `"1e-7"`, `"2.5E+3"`) → Fx, rounded half away from zero. */
export function fxParse(text: string): Fx {
  const m = DECIMAL.exec(text.trim());
  const intPart = m?.[2] ?? '';
  const fracPart = m?.[3] ?? '';
  if (!m || (intPart === '' && fracPart === '')) throw new RangeError(`not a number: ${JSON.stringify(text)}`);
  const exponent = Number(m[4] ?? '0') + FX_DIGITS - fracPart.length;
  if (!Number.isSafeInteger(exponent) || exponent > 400) throw new RangeError(`number out of range: ${JSON.stringify(text)}`);
  let units = BigInt((intPart || '0') + fracPart);
  if (exponent >= 0) units *= 10n ** BigInt(exponent);
  else {
    const d = 10n ** BigInt(-exponent);
    const q = units / d;
    units = (units % d) * 2n >= d ? q + 1n : q;
  }
  return m[1] === '-' ? -units : units;
}

/**
 * A JSON number from a request body → Fx. The number's shortest round-trip text is the decimal
 * the client wrote (`0.57` arrives as the double nearest 0.57 and prints as "0.57").
 */
export function fxFromWire(n: number): Fx {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  return fxParse(String(n));
}

export function fxInt(n: number | bigint): Fx {
  return BigInt(n) * ONE;
}

/** Fx → decimal text with at most `maxDecimals` places (half-even), no trailing zeros. */
export function fxText(x: Fx, maxDecimals = 12): string {
  const drop = 10n ** BigInt(FX_DIGITS - maxDecimals);
  let q = x / drop;
  const r = x % drop;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice > drop || (twice === drop && q % 2n !== 0n)) q += x < 0n ? -1n : 1n;
  const negative = q < 0n;
  const digits = (negative ? -q : q).toString().padStart(maxDecimals + 1, '0');
  const int = digits.slice(0, digits.length - maxDecimals);
  const frac = digits.slice(digits.length - maxDecimals).replace(/0+$/, '');
  const body = frac === '' ? int : `${int}.${frac}`;
  return negative && body !== '0' ? `-${body}` : body;
}

export function mul(a: Fx, b: Fx): Fx {
  return (a * b) / ONE;
}

export function div(a: Fx, b: Fx): Fx {
  if (b === 0n) throw new RangeError('division by zero');
  return (a * ONE) / b;
}

export function min(a: Fx, b: Fx): Fx {
  return a < b ? a : b;
}

export function max(a: Fx, b: Fx): Fx {
  return a > b ? a : b;
}

export function abs(a: Fx): Fx {
  return a < 0n ? -a : a;
}

/** Integer square root (floor) of a non-negative bigint. */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('square root of a negative number');
  if (n < 2n) return n;
  let x = 1n << BigInt((n.toString(2).length + 1) >> 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

export function sqrt(x: Fx): Fx {
  return isqrt(x * ONE);
}

/** e^x at working precision (x scaled by W). */
function expW(x: bigint): bigint {
  // x = k·ln2 + r with |r| ≤ ln2/2
  let k = x / LN2_W;
  let r = x - k * LN2_W;
  if (r > LN2_W / 2n) {
    k += 1n;
    r -= LN2_W;
  } else if (r < -LN2_W / 2n) {
    k -= 1n;
    r += LN2_W;
  }
  let sum = W;
  let term = W;
  for (let n = 1n; n < 200n; n++) {
    term = (term * r) / (W * n);
    if (term === 0n) break;
    sum += term;
  }
  return k >= 0n ? sum << k : sum >> -k;
}

/** ln(x) at working precision, x > 0 scaled by W. */
function lnW(x: bigint): bigint {
  if (x <= 0n) throw new RangeError('logarithm of a non-positive number');
  // x = 2^k · m with m in [1, 2)
  let k = BigInt(x.toString(2).length - W.toString(2).length);
  let m = k >= 0n ? x >> k : x << -k;
  while (m >= 2n * W) {
    m >>= 1n;
    k += 1n;
  }
  while (m < W) {
    m <<= 1n;
    k -= 1n;
  }
  // m^(1/256) is within 0.3% of 1, where the Mercator series converges fast.
  const ROOTS = 8;
  for (let i = 0; i < ROOTS; i++) m = isqrt(m * W);
  const u = m - W;
  let sum = 0n;
  let power = u;
  for (let n = 1n; n < 400n; n++) {
    const term = power / n;
    if (term === 0n) break;
    sum += n % 2n === 1n ? term : -term;
    power = (power * u) / W;
  }
  return (sum << BigInt(ROOTS)) + k * LN2_W;
}

export function ln(x: Fx): Fx {
  return lnW(x * GUARD) / GUARD;
}

export function exp(x: Fx): Fx {
  return expW(x * GUARD) / GUARD;
}

/** x^y for x > 0 (y may be negative or fractional). */
export function pow(x: Fx, y: Fx): Fx {
  if (y === 0n) return ONE;
  if (y === ONE) return x;
  return expW((lnW(x * GUARD) * y) / ONE) / GUARD;
}

/** |a − b| < eps (Manifold compares floats with `floatingEqual`, epsilon 1e-8). */
export const EPSILON: Fx = ONE / 100_000_000n;

export function floatingEqual(a: Fx, b: Fx, eps: Fx = EPSILON): boolean {
  return abs(a - b) < eps;
}

export function floatingGreaterEqual(a: Fx, b: Fx): boolean {
  return a + EPSILON >= b;
}

export function floatingLesserEqual(a: Fx, b: Fx): boolean {
  return a - EPSILON <= b;
}
