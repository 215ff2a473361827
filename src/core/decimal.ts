/**
 * Exact fixed-point decimals for prices, sizes and money.
 *
 * A `Decimal` is an integer coefficient (bigint) and a scale: value = units × 10^-scale.
 * Addition, subtraction and multiplication are exact; division and rescaling take an explicit
 * rounding mode. Nothing here ever goes through a JavaScript float.
 */

export type RoundingMode =
  /** toward zero */
  | 'down'
  /** away from zero */
  | 'up'
  /** toward −∞ */
  | 'floor'
  /** toward +∞ */
  | 'ceil'
  /** to nearest, ties away from zero */
  | 'half-up'
  /** to nearest, ties to even (banker's rounding) */
  | 'half-even';

export class DecimalError extends Error {
  override name = 'DecimalError';
}

const DECIMAL_RE = /^([+-])?(\d*)(?:\.(\d*))?$/;
const MAX_SCALE = 36;

const POW10: bigint[] = [];
function pow10(n: number): bigint {
  let p = POW10[n];
  if (p === undefined) {
    p = 10n ** BigInt(n);
    POW10[n] = p;
  }
  return p;
}

/** A target scale must be a whole number of places in [0, MAX_SCALE]. */
function checkScale(scale: number): void {
  if (!Number.isInteger(scale) || scale < 0 || scale > MAX_SCALE) throw new DecimalError(`bad scale ${scale}`);
}

/** Integer division of a by b (b > 0) rounded by `mode`. */
function divRound(a: bigint, b: bigint, mode: RoundingMode): bigint {
  if (b <= 0n) throw new DecimalError('division by zero or a negative divisor');
  const q = a / b; // truncates toward zero
  const r = a % b;
  if (r === 0n) return q;
  const negative = a < 0n;
  const awayFromZero = negative ? q - 1n : q + 1n;
  switch (mode) {
    case 'down':
      return q;
    case 'up':
      return awayFromZero;
    case 'floor':
      return negative ? q - 1n : q;
    case 'ceil':
      return negative ? q : q + 1n;
    case 'half-up':
    case 'half-even': {
      const twice = (r < 0n ? -r : r) * 2n;
      if (twice > b) return awayFromZero;
      if (twice < b) return q;
      if (mode === 'half-up') return awayFromZero;
      return q % 2n === 0n ? q : awayFromZero;
    }
  }
}

export class Decimal {
  private constructor(
    /** The integer coefficient. */
    readonly units: bigint,
    /** Digits after the decimal point. */
    readonly scale: number,
  ) {}

  static readonly ZERO = new Decimal(0n, 0);
  static readonly ONE = new Decimal(1n, 0);

  /**
   * Parses a plain decimal string as venues send it: `"0.4200"`, `"10.00"`, `".48"`, `"5"`,
   * `"-1.5"`. The scale of the input is kept (`"0.4200"` has scale 4). Exponents, blanks,
   * `NaN` and `Infinity` are rejected.
   */
  static parse(text: string): Decimal {
    if (typeof text !== 'string') throw new DecimalError(`not a decimal string: ${String(text)}`);
    const m = DECIMAL_RE.exec(text);
    const intPart = m?.[2] ?? '';
    const fracPart = m?.[3] ?? '';
    if (!m || (intPart === '' && fracPart === '')) {
      throw new DecimalError(`not a decimal number: ${JSON.stringify(text)}`);
    }
    if (fracPart.length > MAX_SCALE) throw new DecimalError(`too many decimal places: ${JSON.stringify(text)}`);
    const units = BigInt((intPart || '0') + fracPart);
    return new Decimal(m[1] === '-' ? -units : units, fracPart.length);
  }

  /** Like `parse`, but returns null instead of throwing. */
  static tryParse(text: string): Decimal | null {
    try {
      return Decimal.parse(text);
    } catch {
      return null;
    }
  }

  static fromUnits(units: bigint, scale: number): Decimal {
    checkScale(scale);
    return new Decimal(units, scale);
  }

  /** An integer (bigint, or a safe integer number such as a count of cents). */
  static fromInteger(n: bigint | number): Decimal {
    if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new DecimalError(`not a safe integer: ${n}`);
    return new Decimal(BigInt(n), 0);
  }

  static from(value: Decimal | string | bigint): Decimal {
    if (value instanceof Decimal) return value;
    if (typeof value === 'bigint') return new Decimal(value, 0);
    return Decimal.parse(value);
  }

  static min(a: Decimal, b: Decimal): Decimal {
    return a.cmp(b) <= 0 ? a : b;
  }

  static max(a: Decimal, b: Decimal): Decimal {
    return a.cmp(b) >= 0 ? a : b;
  }

  static sum(values: Iterable<Decimal>): Decimal {
    let acc = Decimal.ZERO;
    for (const v of values) acc = acc.add(v);
    return acc;
  }

  private unitsAt(scale: number): bigint {
    return this.units * pow10(scale - this.scale);
  }

  add(other: Decimal | string): Decimal {
    const o = Decimal.from(other);
    const s = Math.max(this.scale, o.scale);
    return new Decimal(this.unitsAt(s) + o.unitsAt(s), s);
  }

  sub(other: Decimal | string): Decimal {
    const o = Decimal.from(other);
    const s = Math.max(this.scale, o.scale);
    return new Decimal(this.unitsAt(s) - o.unitsAt(s), s);
  }

  mul(other: Decimal | string): Decimal {
    const o = Decimal.from(other);
    const scale = this.scale + o.scale;
    if (scale > MAX_SCALE) return new Decimal(this.units * o.units, scale).round(MAX_SCALE, 'half-even');
    return new Decimal(this.units * o.units, scale);
  }

  /** this ÷ other, rounded to `scale` places by `mode`. */
  div(other: Decimal | string, scale: number, mode: RoundingMode = 'half-even'): Decimal {
    checkScale(scale);
    const o = Decimal.from(other);
    if (o.units === 0n) throw new DecimalError('division by zero');
    // this.units·10^-a / (o.units·10^-b) = this.units·10^(b-a) / o.units; want ·10^scale
    const shift = scale + o.scale - this.scale;
    let num = this.units;
    let den = o.units;
    if (shift >= 0) num *= pow10(shift);
    else den *= pow10(-shift);
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    return new Decimal(divRound(num, den, mode), scale);
  }

  neg(): Decimal {
    return new Decimal(-this.units, this.scale);
  }

  abs(): Decimal {
    return this.units < 0n ? this.neg() : this;
  }

  /** Rescales to exactly `scale` places, rounding by `mode` when digits are dropped. */
  round(scale: number, mode: RoundingMode = 'half-even'): Decimal {
    checkScale(scale);
    if (scale >= this.scale) return new Decimal(this.unitsAt(scale), scale);
    return new Decimal(divRound(this.units, pow10(this.scale - scale), mode), scale);
  }

  /** Rounds to a multiple of `step` (e.g. a tick size of 0.01) by `mode`. */
  roundToStep(step: Decimal | string, mode: RoundingMode = 'half-even'): Decimal {
    const st = Decimal.from(step);
    if (st.units <= 0n) throw new DecimalError('step must be positive');
    const s = Math.max(this.scale, st.scale);
    const n = divRound(this.unitsAt(s), st.unitsAt(s), mode);
    return new Decimal(n * st.unitsAt(s), s);
  }

  isMultipleOf(step: Decimal | string): boolean {
    const st = Decimal.from(step);
    if (st.units === 0n) return false;
    const s = Math.max(this.scale, st.scale);
    return this.unitsAt(s) % st.unitsAt(s) === 0n;
  }

  /** The coefficient at `scale` places, rounded by `mode` (e.g. dollars → integer cents). */
  toUnits(scale: number, mode: RoundingMode = 'half-even'): bigint {
    return this.round(scale, mode).units;
  }

  cmp(other: Decimal | string): -1 | 0 | 1 {
    const o = Decimal.from(other);
    const s = Math.max(this.scale, o.scale);
    const a = this.unitsAt(s);
    const b = o.unitsAt(s);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  eq(other: Decimal | string): boolean {
    return this.cmp(other) === 0;
  }
  lt(other: Decimal | string): boolean {
    return this.cmp(other) < 0;
  }
  lte(other: Decimal | string): boolean {
    return this.cmp(other) <= 0;
  }
  gt(other: Decimal | string): boolean {
    return this.cmp(other) > 0;
  }
  gte(other: Decimal | string): boolean {
    return this.cmp(other) >= 0;
  }
  isZero(): boolean {
    return this.units === 0n;
  }
  isNegative(): boolean {
    return this.units < 0n;
  }
  isPositive(): boolean {
    return this.units > 0n;
  }

  /** The same value with trailing fractional zeros removed (`"0.4200"` → `"0.42"`). */
  normalize(): Decimal {
    let u = this.units;
    let s = this.scale;
    while (s > 0 && u % 10n === 0n) {
      u /= 10n;
      s -= 1;
    }
    return new Decimal(u, s);
  }

  /**
   * The canonical string of the model: no exponent, no leading zeros, no trailing fractional
   * zeros, never `-0` (`"0.9400"` → `"0.94"`, `"112.00"` → `"112"`, `"-0.0"` → `"0"`). Two equal
   * values have the same canonical string, so clients may compare them as strings.
   */
  toCanonical(): string {
    return this.normalize().toString();
  }

  /** Formats with exactly `scale` places (rounding by `mode`), e.g. `toFixed(4)` → `"0.4200"`. */
  toFixed(scale: number, mode: RoundingMode = 'half-even'): string {
    return this.round(scale, mode).toString();
  }

  /** The decimal string at the value's own scale: `"0.4200"` stays `"0.4200"`, `".48"` becomes `"0.48"`. */
  toString(): string {
    const negative = this.units < 0n;
    const digits = (negative ? -this.units : this.units).toString();
    if (this.scale === 0) return (negative ? '-' : '') + digits;
    const padded = digits.padStart(this.scale + 1, '0');
    const int = padded.slice(0, padded.length - this.scale);
    const frac = padded.slice(padded.length - this.scale);
    return `${negative ? '-' : ''}${int}.${frac}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** A canonical decimal string: `0`, `-1.5`, `112`, `0.94`; not `0.940`, `01`, `-0`, `.5` or `1e3`. */
export const CANONICAL_DECIMAL_RE = /^(?:0|-?[1-9]\d*(?:\.\d*[1-9])?|-?0\.\d*[1-9])$/;

/** Whether `text` is already in the model's canonical form (see `Decimal.toCanonical`). */
export function isCanonicalDecimal(text: string): boolean {
  return CANONICAL_DECIMAL_RE.test(text);
}

/**
 * The one formatter of every decimal the model emits: a venue string (`"0.9400"`, `".48"`,
 * `"10.00"`), a `Decimal` or an integer → its canonical string. Throws `DecimalError` on
 * anything that is not a plain decimal number.
 */
export function canonical(value: Decimal | string | bigint): string {
  return Decimal.from(value).toCanonical();
}

/** `canonical`, passing null and undefined through as null. */
export function canonicalOrNull(value: Decimal | string | bigint | null | undefined): string | null {
  return value == null ? null : canonical(value);
}
