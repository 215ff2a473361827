/**
 * Wire formatting of the simulator's integer units: USDT and share amounts in wei (18 decimals)
 * and prices in micro-dollars. Opinion prints most decimals short (`"2.5"`, `"0.719"`) and some
 * with all 18 places (`"2.000000000000000000"` in orders and trades, docs/venues/opinion.md §8);
 * both forms are produced here. Order and trade ids are time-based UUIDs (version 1), as recorded.
 */
import { randomBytes } from 'node:crypto';

function fixed(units: bigint, decimals: number): { negative: boolean; whole: bigint; frac: string } {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const scale = 10n ** BigInt(decimals);
  return { negative, whole: abs / scale, frac: (abs % scale).toString().padStart(decimals, '0') };
}

/** Shortest decimal text: `"2.5"`, `"0"`, `"15.235535"`. */
export function fmtUnits(units: bigint, decimals: number): string {
  const { negative, whole, frac } = fixed(units, decimals);
  const trimmed = frac.replace(/0+$/, '');
  const text = trimmed ? `${whole}.${trimmed}` : `${whole}`;
  return negative && text !== '0' ? `-${text}` : text;
}

/** Wei → shortest decimal. */
export function fmtWei(wei: bigint): string {
  return fmtUnits(wei, 18);
}

/** Wei → 18 decimal places, as orders and trades print filled amounts. */
export function fmtWei18(wei: bigint): string {
  const { negative, whole, frac } = fixed(wei, 18);
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/** Micro-units → shortest decimal (`500000` → `"0.5"`). */
export function fmtMicro(units: number | bigint): string {
  return fmtUnits(BigInt(units), 6);
}

/** Micro-shares → wei. */
export function sharesWei(micro: number): bigint {
  return BigInt(micro) * 1_000_000_000_000n;
}

/** USDT wei of `micro` shares at `priceMicro` (exact: micro × micro = 10⁻¹² USDT). */
export function notionalWei(micro: number, priceMicro: number): bigint {
  return BigInt(micro) * BigInt(priceMicro) * 1_000_000n;
}

export function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** 100-ns intervals between 1582-10-15 and 1970-01-01. */
const GREGORIAN_OFFSET = 122_192_928_000_000_000n;

/** Version-1 UUIDs from the given clock, with a per-process node id and a counter for uniqueness. */
export class UuidV1 {
  private readonly node = randomBytes(6).toString('hex');
  private counter = 0;
  private lastMs = 0;

  next(nowMs: number): string {
    this.counter = nowMs === this.lastMs ? this.counter + 1 : 0;
    this.lastMs = nowMs;
    const t = BigInt(nowMs) * 10_000n + GREGORIAN_OFFSET + BigInt(this.counter % 10_000);
    const hex = t.toString(16).padStart(15, '0');
    const timeLow = hex.slice(7);
    const timeMid = hex.slice(3, 7);
    const timeHi = `1${hex.slice(0, 3)}`;
    const clockSeq = (0x8000 | (Math.floor(this.counter / 10_000) & 0x3fff)).toString(16);
    return `${timeLow}-${timeMid}-${timeHi}-${clockSeq}-${this.node}`;
  }
}
