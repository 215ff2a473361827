/**
 * Wire formatting of integer units (6 decimals: micro-dollars, micro-shares, pUSD base units) the
 * way the CLOB prints them: shortest decimal, no trailing zeros (`"0.5"`, `"219.217767"`, `"5"`).
 */
import { fromPriceUnits } from '../../../src/sim/index.js';

export function fmt(units: number | bigint): string {
  const n = typeof units === 'bigint' ? units : BigInt(units);
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const whole = abs / 1_000_000n;
  const frac = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  const text = frac ? `${whole}.${frac}` : `${whole}`;
  return negative ? `-${text}` : text;
}

/** At least `decimals` decimals (`"0.44"` → `"0.440"` for 3), more when the value needs them. */
export function fmtAtLeast(units: number | bigint, decimals: number): string {
  const text = fmt(units);
  const dot = text.indexOf('.');
  const have = dot < 0 ? 0 : text.length - dot - 1;
  if (have >= decimals) return text;
  return `${dot < 0 ? `${text}.` : text}${'0'.repeat(decimals - have)}`;
}

/** Fixed decimals (e.g. the tick's price decimals). */
export function fmtFixed(units: number, decimals: number): string {
  return fromPriceUnits(units, decimals);
}

/** Micro-units of each tick size the venue uses (docs/venues/polymarket.md §6.3). */
const TICK_UNITS: Readonly<Record<string, number>> = {
  '0.1': 100_000,
  '0.01': 10_000,
  '0.005': 5_000,
  '0.0025': 2_500,
  '0.001': 1_000,
  '0.0001': 100,
};

/** Micro-units of a tick size string (`"0.01"` → 10000); throws on a size the venue does not use. */
export function tickUnits(tick: string): number {
  const units = TICK_UNITS[tick];
  if (units === undefined) throw new Error(`unknown tick size ${tick}`);
  return units;
}

/** Seconds since the epoch for a ms clock. */
export function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}
