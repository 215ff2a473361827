import { z } from 'zod';
import { VenueIdSchema } from './ids.js';
import { CurrencySchema, MoneySchema, PriceInputSchema, PriceSchema, SizeInputSchema, SizeSchema, TimestampSchema } from './primitives.js';

export const OrderSideSchema = z.enum(['buy', 'sell']);
export type OrderSide = z.infer<typeof OrderSideSchema>;
export const OutcomeSchema = z.enum(['yes', 'no']);
export type Outcome = z.infer<typeof OutcomeSchema>;
export const TimeInForceSchema = z.enum(['gtc', 'gtd', 'ioc', 'fok']);
export type TimeInForce = z.infer<typeof TimeInForceSchema>;
export const OrderStatusSchema = z.enum(['open', 'filled', 'canceled', 'rejected', 'expired']);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

/** A limit order. `price` is the price of `outcome` (a NO order is priced in NO terms). */
export const OrderSchema = z.object({
  /** The venue's order id. */
  id: z.string(),
  clientOrderId: z.string().nullable(),
  venue: VenueIdSchema,
  marketId: z.string(),
  side: OrderSideSchema,
  outcome: OutcomeSchema,
  price: PriceSchema,
  size: SizeSchema,
  filled: SizeSchema,
  remaining: SizeSchema,
  averageFillPrice: PriceSchema.nullable(),
  fees: MoneySchema,
  timeInForce: TimeInForceSchema,
  postOnly: z.boolean(),
  status: OrderStatusSchema,
  createdAt: TimestampSchema.nullable(),
  updatedAt: TimestampSchema.nullable(),
  expiresAt: TimestampSchema.nullable(),
});
export type Order = z.infer<typeof OrderSchema>;

/**
 * What a caller asks for; adapters validate it against the market's grid and minimums. Price and
 * size may be sent in any plain decimal form (`"0.50"`, `"10.00"`) and are parsed to canonical.
 */
export const PlaceOrderRequestSchema = z.object({
  /** `venue:nativeId` of the market. */
  marketId: z.string(),
  side: OrderSideSchema,
  outcome: OutcomeSchema,
  price: PriceInputSchema,
  size: SizeInputSchema,
  timeInForce: TimeInForceSchema.default('gtc'),
  postOnly: z.boolean().default(false),
  reduceOnly: z.boolean().default(false),
  /** Required for `gtd`. */
  expiresAt: TimestampSchema.optional(),
  /** Idempotency key; generated when absent. Reconciliation after a lost response uses it. */
  clientOrderId: z.string().min(1).max(64).optional(),
});
export type PlaceOrderRequest = z.input<typeof PlaceOrderRequestSchema>;

export const AmendOrderRequestSchema = z.object({
  price: PriceInputSchema.optional(),
  size: SizeInputSchema.optional(),
});
export type AmendOrderRequest = z.input<typeof AmendOrderRequestSchema>;

export const FillSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  venue: VenueIdSchema,
  marketId: z.string(),
  side: OrderSideSchema,
  outcome: OutcomeSchema,
  price: PriceSchema,
  size: SizeSchema,
  fee: MoneySchema,
  liquidity: z.enum(['maker', 'taker']).nullable(),
  timestamp: TimestampSchema,
});
export type Fill = z.infer<typeof FillSchema>;

export const PositionSchema = z.object({
  venue: VenueIdSchema,
  marketId: z.string(),
  outcome: OutcomeSchema,
  /** Contracts held (positive). */
  size: SizeSchema,
  averagePrice: PriceSchema.nullable(),
  realizedPnl: MoneySchema.nullable(),
  currency: CurrencySchema,
});
export type Position = z.infer<typeof PositionSchema>;

export const BalanceSchema = z.object({
  venue: VenueIdSchema,
  currency: CurrencySchema,
  /** Spendable now. */
  available: MoneySchema,
  /** Cash plus what is locked in open orders. */
  total: MoneySchema,
});
export type Balance = z.infer<typeof BalanceSchema>;
