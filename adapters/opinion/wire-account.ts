import { z } from 'zod';
import { WireAddress, WireDecimal, WireDecimalOrEmpty, WireSeconds, WireTokenId, pageSchema } from './wire.js';

/**
 * User endpoints (docs/venues/opinion.md §2, §6.7, §8): orders, trades, positions, balances, the
 * key's wallet and the wallet-signed key management replies. REST orders carry `side` 1 = Buy /
 * 2 = Sell as recorded, but the adapter reads `sideEnum`; trades carry `fee` as a string as
 * recorded (the generated spec says number: both are accepted).
 */

const Outcome = z.union([z.literal(1), z.literal(2)]);

/** `"Buy"`/`"Sell"` in any letter case. */
const BuySell = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(['buy', 'sell']));

/** `"Buy"`, `"Sell"`, `"Split"` (two buys minted) or `"Merge"` (two sells merged), any case. */
const TradeSide = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(['buy', 'sell', 'split', 'merge']));

/** A fee recorded as a string, or a JSON number as the spec declares; exponent forms are refused. */
const WireFee = z.union([
  WireDecimal,
  z
    .number()
    .refine((n) => Number.isFinite(n) && !/e/i.test(String(n)), 'expected a plain decimal fee')
    .transform((n) => WireDecimal.parse(String(n))),
]);

export const TradeSchema = z.object({
  txHash: z.string().optional(),
  tradeNo: z.string().optional(),
  orderNo: z.string().optional(),
  marketId: z.number().int().positive(),
  rootMarketId: z.number().int().nonnegative().optional(),
  tokenId: WireTokenId.optional(),
  side: TradeSide,
  outcomeSide: Outcome,
  price: WireDecimal,
  shares: WireDecimal,
  amount: WireDecimal,
  fee: WireFee,
  feeFormatted: WireDecimal.optional(),
  status: z.number().int(),
  createdAt: WireSeconds,
});
export type WireTrade = z.infer<typeof TradeSchema>;
export const TradeListSchema = pageSchema(TradeSchema);

export const OrderSchema = z.object({
  orderId: z.string().min(1),
  marketId: z.number().int().positive(),
  rootMarketId: z.number().int().nonnegative().optional(),
  sideEnum: BuySell,
  outcomeSide: Outcome,
  /** Limit price; a market order's average fill price (or "0"). */
  price: WireDecimal,
  orderShares: WireDecimal,
  orderAmount: WireDecimal,
  filledShares: WireDecimal,
  filledAmount: WireDecimal,
  /** 1 Pending, 2 Finished, 3 Canceled, 4 Expired, 5 Failed. */
  status: z.number().int().min(1).max(7),
  /** 1 market, 2 limit. */
  tradingMethod: z.union([z.literal(1), z.literal(2)]),
  createdAt: WireSeconds,
  expiresAt: WireSeconds,
  postOnly: z.boolean().optional(),
  trades: z.array(TradeSchema).nullish(),
});
export type WireOrder = z.infer<typeof OrderSchema>;
export const OrderListSchema = pageSchema(OrderSchema);
export const OrderDataSchema = z.object({ orderData: OrderSchema });
/** `POST /order/cancel`: false = nothing was cancelled (already done, unknown, not ours). */
export const CancelResultSchema = z.object({ result: z.boolean() });

export const PositionSchema = z.object({
  marketId: z.number().int().positive(),
  rootMarketId: z.number().int().nonnegative().optional(),
  tokenId: WireTokenId,
  outcomeSide: Outcome,
  sharesOwned: WireDecimal,
  sharesFrozen: WireDecimalOrEmpty.optional(),
  avgEntryPrice: WireDecimalOrEmpty,
  unrealizedPnl: WireDecimalOrEmpty.optional(),
  marketStatus: z.number().int().optional(),
  claimStatus: z.number().int().optional(),
});
export type WirePosition = z.infer<typeof PositionSchema>;
export const PositionListSchema = pageSchema(PositionSchema);

export const BalanceSchema = z.object({
  walletAddress: WireAddress,
  /** The Safe; empty when the wallet has none yet. */
  multiSignAddress: z.union([z.literal(''), WireAddress]),
  chainId: z.string(),
  balances: z
    .array(
      z.object({
        quoteToken: WireAddress,
        tokenDecimals: z.number().int().optional(),
        totalBalance: WireDecimal,
        availableBalance: WireDecimal,
        frozenBalance: WireDecimal,
      }),
    )
    .nullable()
    .transform((l) => l ?? []),
});
export type WireBalance = z.infer<typeof BalanceSchema>;

/** `GET /user/auth`: the key, its wallet, and the Safe per chain (`walletUsers["56"]`). */
export const UserAuthSchema = z.object({
  apiKey: z.string(),
  walletAddress: WireAddress,
  walletUsers: z.record(z.string(), z.string()).nullish(),
});

/** `POST` / `GET /auth/api-key`. */
export const ApiKeySchema = z.object({ apiKey: z.string().min(1), walletAddress: WireAddress });
/** `DELETE /auth/api-key`. */
export const ApiKeyDeletedSchema = z.object({ deleted: z.boolean() });
