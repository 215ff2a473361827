import { z } from 'zod';
import { CANONICAL_DECIMAL_RE, canonical } from './decimal.js';

/**
 * Decimal strings. What the model emits is canonical (`CANONICAL_DECIMAL_RE`): no exponent, no
 * leading zeros, no trailing zeros, never `-0` — `"0.94"`, `"112"`, `"0"`. Equal values are equal
 * strings for every venue. What callers send (order requests) may be any plain decimal string
 * such as `"0.50"`; the input schemas accept it and normalize it to the canonical form.
 */

/** Any plain decimal string, e.g. `"0.4200"` or `"10.00"`: the lenient form accepted on input. Never a float. */
export const DecimalStringSchema = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string such as "0.42"');

/** A canonical decimal string (signed): fees, balances, PnL. */
export const CanonicalDecimalSchema = z
  .string()
  .regex(CANONICAL_DECIMAL_RE, 'must be a canonical decimal string such as "0.42", "-1.5" or "0" (no exponent, no leading or trailing zeros)')
  .describe('A decimal number as a canonical string: no exponent, no leading or trailing zeros ("0.42", "-1.5", "0")');
/** Money amounts (fees, balances, PnL, notional) in the market's currency; may be negative (rebates, losses). */
export const MoneySchema = CanonicalDecimalSchema;

/** A price in [0, 1] (currency units per contract), canonical: `"0"`, `"0.94"`, `"1"`. */
export const PriceSchema = z
  .string()
  .regex(/^(?:0|1|0\.\d*[1-9])$/, 'must be a canonical price in [0, 1] such as "0.94"')
  .describe('A price in [0, 1] per contract, as a canonical decimal string ("0.94", "0", "1")');
/** A quantity of contracts or shares, canonical and not negative: `"0"`, `"10"`, `"31.54"`. */
export const SizeSchema = z
  .string()
  .regex(/^(?:0|[1-9]\d*(?:\.\d*[1-9])?|0\.\d*[1-9])$/, 'must be a canonical non-negative decimal such as "10" or "0.5"')
  .describe('A number of contracts as a canonical decimal string ("10", "0.5", "0")');

/** An order price as a caller sends it (`"0.50"` is fine); normalized to a canonical price in [0, 1]. */
export const PriceInputSchema = DecimalStringSchema.transform((s) => canonical(s)).pipe(PriceSchema);
/** An order size as a caller sends it (`"10.00"` is fine); normalized to a canonical size. */
export const SizeInputSchema = DecimalStringSchema.transform((s) => canonical(s)).pipe(SizeSchema);

/** ISO-8601 timestamp string. */
export const TimestampSchema = z.string().datetime({ offset: true });

export const CurrencySchema = z.enum(['USD', 'USDC', 'pUSD', 'USDT', 'MANA']);
export type Currency = z.infer<typeof CurrencySchema>;

/** One price level, `[price, size]`. */
export const LevelSchema = z.tuple([PriceSchema, SizeSchema]);
export type Level = z.infer<typeof LevelSchema>;
