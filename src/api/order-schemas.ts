/** Request and response schemas of the trading routes (orders, order requests, fills, positions, balances). */
import { z } from '@hono/zod-openapi';
import {
  BalanceSchema,
  DecimalStringSchema,
  EXAMPLE_MARKET_IDS,
  FillSchema,
  MoneySchema,
  OrderSchema,
  OrderSideSchema,
  OutcomeSchema,
  PositionSchema,
  PriceSchema,
  SizeSchema,
  TimeInForceSchema,
} from '../core/index.js';
import { CLIENT_ORDER_ID_RE } from '../orders/order-request.js';
import { VenueIdComponent } from './schemas.js';

const decimalInput = (example: string) =>
  DecimalStringSchema.clone().max(40, 'is too long').openapi({ type: 'string', example, description: 'A plain decimal string (any number of trailing zeros)' });

export const OrderBodySchema = z
  .strictObject({
    market: z.string().max(250).openapi({ description: 'Market id, `venue:nativeId`', example: EXAMPLE_MARKET_IDS[0] }),
    side: OrderSideSchema.clone(),
    outcome: OutcomeSchema.clone().openapi({ description: 'The contract traded; `price` is in its terms (a NO order is priced in NO)' }),
    type: z.enum(['limit', 'market']).default('limit').openapi({
      description: '`market` is sent as a limit order at the edge of the grid (or at `price`, the worst price accepted), immediate-or-cancel or fill-or-kill',
    }),
    price: decimalInput('0.42').optional(),
    size: decimalInput('10').openapi({ description: 'Contracts' }),
    timeInForce: TimeInForceSchema.clone().optional().openapi({ description: 'Default `gtc` for limit orders, `ioc` for market orders' }),
    expiresAt: z.string().datetime({ offset: true }).optional().openapi({ description: 'Required with `gtd`, in the future' }),
    postOnly: z.boolean().default(false),
    clientOrderId: z
      .string()
      .regex(CLIENT_ORDER_ID_RE, 'must be 1 to 40 characters of letters, digits and _+=-')
      .optional()
      .openapi({ description: 'Your id of the order; also an idempotency key when no `Idempotency-Key` header is sent' }),
  })
  .openapi('OrderRequest');
export type OrderBody = z.infer<typeof OrderBodySchema>;

export const AmendBodySchema = z
  .strictObject({
    price: decimalInput('0.43').optional(),
    size: decimalInput('20').optional().openapi({ description: 'The new total size (filled + remaining), in contracts' }),
  })
  .openapi('AmendOrderRequest');
export type AmendBody = z.infer<typeof AmendBodySchema>;


export const OrderComponent = OrderSchema.extend({
  venue: VenueIdComponent,
  id: z.string().openapi({ description: "The venue's order id; the API addresses the order as `venue:id`" }),
  clientOrderId: z.string().nullable().openapi({ description: 'The id you gave; orders placed otherwise show the client order id the venue holds' }),
}).openapi('Order');

export const FillComponent = FillSchema.extend({ venue: VenueIdComponent }).openapi('Fill');

/** A venue left out of a multi-venue answer, and why. */
export const VenueErrorSchema = z
  .object({
    venue: VenueIdComponent,
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    orderId: z.string().optional().openapi({ description: 'For a cancel-all: the order that could not be canceled' }),
  })
  .openapi('VenueError');

const metaErrors = z.object({ errors: z.array(VenueErrorSchema) });

export const OrderPageSchema = z.object({ data: z.array(OrderComponent), nextCursor: z.string().nullable(), meta: metaErrors }).openapi('OrderPage');
export const FillPageSchema = z.object({ data: z.array(FillComponent), nextCursor: z.string().nullable(), meta: metaErrors }).openapi('FillPage');
export const CanceledOrdersSchema = z.object({ data: z.array(OrderComponent), meta: metaErrors }).openapi('CanceledOrders');

export const PositionComponent = PositionSchema.extend({
  venue: VenueIdComponent,
  mark: PriceSchema.nullable().openapi({ description: "Mark of the position's outcome: the mid of the market's best bid and ask, else its last price" }),
  markedAt: z.string().nullable(),
  marketValue: MoneySchema.nullable().openapi({ description: 'size × mark' }),
  unrealizedPnl: MoneySchema.nullable().openapi({ description: '(mark − averagePrice) × size' }),
}).openapi('Position');
export const PositionListSchema = z.object({ data: z.array(PositionComponent), meta: metaErrors }).openapi('PositionList');

export const BalanceComponent = BalanceSchema.extend({
  venue: VenueIdComponent,
  realMoney: z.boolean().openapi({ description: 'False for play money' }),
}).openapi('Balance');
export const BalanceListSchema = z.object({ data: z.array(BalanceComponent), meta: metaErrors }).openapi('BalanceList');

/** An order request whose outcome is not known yet (the answer of a 202). */
export const PendingOrderSchema = z
  .object({
    requestId: z.string().openapi({ description: 'Poll `GET /v1/order-requests/{requestId}` (the `Location` header)' }),
    state: z.literal('pending'),
    venue: VenueIdComponent,
    marketId: z.string(),
    clientOrderId: z.string().nullable(),
    side: z.enum(['buy', 'sell']),
    outcome: z.enum(['yes', 'no']),
    type: z.enum(['limit', 'market']),
    price: PriceSchema,
    size: SizeSchema,
    timeInForce: z.enum(['gtc', 'gtd', 'ioc', 'fok']),
    postOnly: z.boolean(),
    expiresAt: z.string().nullable(),
    submittedAt: z.string(),
  })
  .openapi('PendingOrder');

export const OrderRequestStatusSchema = z
  .object({
    requestId: z.string(),
    state: z.enum(['pending', 'placed']),
    pending: PendingOrderSchema.nullable().openapi({ description: 'The request, while its outcome is not known' }),
    order: OrderComponent.nullable().openapi({ description: 'The order, once the venue is known to hold it' }),
  })
  .openapi('OrderRequestStatus');
