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

/** Fixed decimals (e.g. the tick's price decimals). */
export function fmtFixed(units: number, decimals: number): string {
  return fromPriceUnits(units, decimals);
}

/** Micro-units of a tick size string (`"0.01"` → 10000). */
export function tickUnits(tick: string): number {
  return tick === '0.01' ? 10_000 : tick === '0.001' ? 1_000 : tick === '0.1' ? 100_000 : 100;
}

/** Seconds since the epoch for a ms clock. */
export function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}
