import { z } from 'zod';

/** A decimal number as a string, e.g. `"0.4200"` or `"10.00"`. Never a float. */
export const DecimalStringSchema = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string such as "0.42"');
/** A price in [0, 1] (USD-like per contract) as a decimal string. */
export const PriceSchema = DecimalStringSchema;
/** A quantity of contracts or shares as a decimal string. */
export const SizeSchema = DecimalStringSchema;
/** ISO-8601 timestamp string. */
export const TimestampSchema = z.string().datetime({ offset: true });

export const CurrencySchema = z.enum(['USD', 'USDC', 'pUSD', 'USDT', 'MANA']);
export type Currency = z.infer<typeof CurrencySchema>;

/** One price level, `[price, size]`. */
export const LevelSchema = z.tuple([PriceSchema, SizeSchema]);
export type Level = z.infer<typeof LevelSchema>;
