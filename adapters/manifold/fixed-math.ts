/**
 * Real-number arithmetic on bigints scaled by 10^36, for the CPMM math of the order-book
 * synthesis (cpmm.ts). The AMM needs real powers (`k·r^p`), which `Decimal` does not offer; this
 * module evaluates them exactly enough (about 34 significant digits) without any float.
 *
 * Algorithms (deliberately not the simulator's): `ln` reduces by powers of two into [√½, √2] and
 * sums the series of 2·atanh((m−1)/(m+1)); `exp` reduces by ln 2, halves the remainder six times,
 * sums the Taylor series and squares back.
 */
import { Decimal, type RoundingMode } from '../../src/core/decimal.js';

export const SCALE_DIGITS = 36;
export const S = 10n ** 36n;
const SQRT_HALF = 707106781186547524400844362104849039n; // √½ · 10^36
const SQRT_TWO = 1414213562373095048801688724209698079n; // √2 · 10^36

/** 2·atanh(z) = ln((1+z)/(1−z)) for |z| ≤ 0.18 (z scaled by S). */
export function twoAtanh(z: bigint): bigint {
  const z2 = (z * z) / S;
  let term = z;
  let sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = (term * z2) / S;
  }
  return 2n * sum;
}

/** ln 2 to 36 places (the series `twoAtanh(S / 3n)` agrees to within 1e-34; see the tests). */
export const LN2 = 693147180559945309417232121458176568n;

function bitLength(x: bigint): number {
  return x.toString(2).length;
}

/** Natural logarithm of x > 0 (both scaled by S). */
export function ln(x: bigint): bigint {
  if (x <= 0n) throw new RangeError('ln of a non-positive number');
  let k = bitLength(x) - bitLength(S);
  let m = k >= 0 ? x >> BigInt(k) : x << BigInt(-k);
  while (m > SQRT_TWO) {
    m >>= 1n;
    k += 1;
  }
  while (m < SQRT_HALF) {
    m <<= 1n;
    k -= 1;
  }
  return twoAtanh(((m - S) * S) / (m + S)) + BigInt(k) * LN2;
}

const HALVINGS = 6;
/** S·n for the Taylor terms of `exp` (the remainder is below ln2/64, so 30 terms are plenty). */
const TAYLOR_DIVISORS = Array.from({ length: 30 }, (_, i) => S * BigInt(i + 1));

/** e^x (x scaled by S). */
export function exp(x: bigint): bigint {
  let k = x / LN2;
  let r = x - k * LN2;
  if (r < 0n) {
    k -= 1n;
    r += LN2;
  }
  r >>= BigInt(HALVINGS);
  let sum = S;
  let term = S;
  for (const d of TAYLOR_DIVISORS) {
    term = (term * r) / d;
    if (term === 0n) break;
    sum += term;
  }
  for (let i = 0; i < HALVINGS; i++) sum = (sum * sum) / S;
  return k >= 0n ? sum << k : sum >> -k;
}

/** Floor square root of x ≥ 0 (scaled by S). */
export function sqrt(x: bigint): bigint {
  if (x < 0n) throw new RangeError('sqrt of a negative number');
  const n = x * S;
  if (n < 2n) return n;
  let r = 1n << BigInt((bitLength(n) >> 1) + 1);
  for (;;) {
    const next = (r + n / r) >> 1n;
    if (next >= r) return r;
    r = next;
  }
}

export function mul(a: bigint, b: bigint): bigint {
  return (a * b) / S;
}

export function div(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new RangeError('division by zero');
  return (a * S) / b;
}

export function fromDecimal(d: Decimal | string): bigint {
  return Decimal.from(d).toUnits(SCALE_DIGITS, 'half-even');
}

export function toDecimal(x: bigint, scale: number, mode: RoundingMode): Decimal {
  return Decimal.fromUnits(x, SCALE_DIGITS).round(scale, mode).normalize();
}
