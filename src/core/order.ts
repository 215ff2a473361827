import { z } from 'zod';
import { VenueIdSchema } from './ids.js';
import { CurrencySchema, DecimalStringSchema, PriceSchema, SizeSchema, TimestampSchema } from './primitives.js';

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
  fees: DecimalStringSchema,
  timeInForce: TimeInForceSchema,
  postOnly: z.boolean(),
  status: OrderStatusSchema,
  createdAt: TimestampSchema.nullable(),
  updatedAt: TimestampSchema.nullable(),
  expiresAt: TimestampSchema.nullable(),
});
export type Order = z.infer<typeof OrderSchema>;

/** What a caller asks for; adapters validate it against the market's grid and minimums. */
export const PlaceOrderRequestSchema = z.object({
  /** `venue:nativeId` of the market. */
  marketId: z.string(),
  side: OrderSideSchema,
  outcome: OutcomeSchema,
  price: PriceSchema,
  size: SizeSchema,
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
  price: PriceSchema.optional(),
  size: SizeSchema.optional(),
});
export type AmendOrderRequest = z.infer<typeof AmendOrderRequestSchema>;

export const FillSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  venue: VenueIdSchema,
  marketId: z.string(),
  side: OrderSideSchema,
  outcome: OutcomeSchema,
  price: PriceSchema,
  size: SizeSchema,
  fee: DecimalStringSchema,
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
  realizedPnl: DecimalStringSchema.nullable(),
  currency: CurrencySchema,
});
export type Position = z.infer<typeof PositionSchema>;

export const BalanceSchema = z.object({
  venue: VenueIdSchema,
  currency: CurrencySchema,
  /** Spendable now. */
  available: DecimalStringSchema,
  /** Cash plus what is locked in open orders. */
  total: DecimalStringSchema,
});
export type Balance = z.infer<typeof BalanceSchema>;
