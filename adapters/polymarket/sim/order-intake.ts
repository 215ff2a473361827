/**
 * Validation of one `POST /order` payload (docs/venues/polymarket.md §6.2–§6.4, §6.12): shape (V2
 * struct only; a V1 struct, or a signature for another order version than the CLOB's `GET
 * /version`, is an `order_version_mismatch`), owner and signer against the API key, EIP-712
 * signature under the market's exchange domain, amount precision, tick grid and minimum size
 * (checked on the exact maker/taker ratio), expiration. Balance and book checks happen in the
 * exchange.
 *
 * Amount precision depends on the order type (§6.3): a market-style order (FOK/FAK) has a maker
 * amount of at most 2 decimals and a taker amount of at most 4, whatever the tick; its implied
 * price (maker/taker) need not be on the tick grid, and it matches up to that price (a BUY never
 * above it, a SELL never below). A limit order (GTC/GTD) has at most 2 decimals of shares and at
 * most the tick's amount decimals of collateral, and its implied price must be on the grid.
 */
import { z } from 'zod';
import { getAddress } from 'ethers';
import type { ApiKeyRecord } from './auth-l1.js';
import { AMOUNT_DECIMALS, ERR, ZERO_BYTES32 } from './constants.js';
import type { SimMarket } from './generate.js';
import type { Outcome } from './books.js';
import { fmt, tickUnits } from './format.js';
import { checkOrderSignature, domainForMarket, type SignedOrderStruct } from './order-sign.js';

const uintString = z.union([z.string().regex(/^\d{1,78}$/), z.number().int().nonnegative()]);
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);
const bytes32 = z.string().regex(/^(0x[0-9a-fA-F]{64}|)$/);

export const OrderStructSchema = z.object({
  salt: uintString,
  maker: address,
  signer: address,
  tokenId: z.string().regex(/^\d{1,78}$/),
  makerAmount: uintString,
  takerAmount: uintString,
  side: z.enum(['BUY', 'SELL']),
  signatureType: z.number().int().min(0).max(3),
  timestamp: uintString,
  expiration: uintString.optional(),
  metadata: bytes32.optional(),
  builder: bytes32.optional(),
  signature: z.string().regex(/^0x[0-9a-fA-F]+$/),
});

export const PostOrderSchema = z.object({
  order: z.record(z.string(), z.unknown()),
  owner: z.string(),
  orderType: z.enum(['GTC', 'GTD', 'FOK', 'FAK']).default('GTC'),
  postOnly: z.boolean().optional(),
  deferExec: z.boolean().optional(),
});

export type OrderType = 'GTC' | 'GTD' | 'FOK' | 'FAK';

export interface ValidatedOrder {
  id: string;
  market: SimMarket;
  tokenId: string;
  outcome: Outcome;
  side: 'BUY' | 'SELL';
  maker: string;
  signer: string;
  signatureType: number;
  /**
   * Limit price in the token's terms, micro-dollars: the implied price, floored for a BUY and
   * ceiled for a SELL when it is finer than a micro-dollar (market-style orders).
   */
  price: number;
  /** Shares, micro units. */
  size: number;
  makerAmount: bigint;
  takerAmount: bigint;
  orderType: OrderType;
  postOnly: boolean;
  /** Unix seconds; 0 = none. */
  expiration: number;
}

export type IntakeResult = { ok: true; order: ValidatedOrder } | { ok: false; error: string; orderId?: string };

/** The V1 struct carried `taker`, `nonce`, `feeRateBps` and no `timestamp`/`metadata`/`builder`. */
function isV1Struct(order: Record<string, unknown>): boolean {
  return 'nonce' in order || 'feeRateBps' in order || 'taker' in order || !('timestamp' in order);
}

function fmtRatio(num: bigint, den: bigint): string {
  // Implied price to 6 decimals, half-up, for error messages.
  const micro = (num * 2_000_000n + den) / (2n * den);
  return fmt(micro);
}

/** Decimals of an amount in base units (6 decimals): 5000000 → 0, 5700000 → 1, 1 → 6. */
function amountDecimals(units: bigint): number {
  let d = 6;
  let u = units;
  while (d > 0 && u % 10n === 0n) {
    u /= 10n;
    d -= 1;
  }
  return d;
}

/** The venue's precision error for these amounts, or undefined when they pass (see the header). */
function precisionError(market: boolean, buy: boolean, tick: string, maker: bigint, taker: bigint): string | undefined {
  if (market) {
    if (amountDecimals(maker) > 2 || amountDecimals(taker) > 4) return ERR.marketAmounts(buy ? 'buy' : 'sell');
    return undefined;
  }
  const amount = AMOUNT_DECIMALS[tick] ?? 6;
  const [makerMax, takerMax] = buy ? [amount, 2] : [2, amount];
  if (amountDecimals(maker) > makerMax || amountDecimals(taker) > takerMax) return ERR.limitAmounts(buy ? 'buy' : 'sell', makerMax, takerMax);
  return undefined;
}

export interface IntakeContext {
  key: ApiKeyRecord;
  /** The order version the CLOB runs (`GET /version`). */
  clobVersion: number;
  market: (tokenId: string) => { market: SimMarket; outcome: Outcome; tick: string } | undefined;
  nowMs: number;
}

export function validateOrder(raw: unknown, ctx: IntakeContext): IntakeResult {
  const envelope = PostOrderSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, error: ERR.invalidOrderPayload };
  const body = envelope.data;
  if (isV1Struct(body.order)) return { ok: false, error: ERR.versionMismatch };
  const parsed = OrderStructSchema.safeParse(body.order);
  if (!parsed.success) return { ok: false, error: ERR.invalidOrderPayload };
  const o = parsed.data;
  if (body.owner !== ctx.key.apiKey) return { ok: false, error: ERR.ownerMismatch };
  if (o.signer.toLowerCase() !== ctx.key.address.toLowerCase()) return { ok: false, error: ERR.signerMismatch };
  const hit = ctx.market(o.tokenId);
  if (!hit) return { ok: false, error: ERR.invalidTokenId };
  const { market, outcome, tick } = hit;

  const struct: SignedOrderStruct = {
    salt: BigInt(o.salt),
    maker: getAddress(o.maker),
    signer: getAddress(o.signer),
    tokenId: BigInt(o.tokenId),
    makerAmount: BigInt(o.makerAmount),
    takerAmount: BigInt(o.takerAmount),
    side: o.side === 'BUY' ? 0 : 1,
    signatureType: o.signatureType,
    timestamp: BigInt(o.timestamp),
    metadata: o.metadata || ZERO_BYTES32,
    builder: o.builder || ZERO_BYTES32,
  };
  const sig = checkOrderSignature(domainForMarket(market, ctx.clobVersion), struct, o.signature);
  if (!sig.ok) return { ok: false, error: sig.reason === 'version_mismatch' ? ERR.versionMismatch : ERR.invalidSignature, orderId: sig.orderId };
  const id = sig.orderId;
  // EOA orders are funded by the signer; proxy (1) and Safe (2) orders by the maker wallet. ERC-1271
  // deposit wallets (3) need an on-chain signature check the simulator does not model.
  if (o.signatureType === 0 && struct.maker !== struct.signer) return { ok: false, error: ERR.invalidSignature, orderId: id };
  if (o.signatureType === 3) return { ok: false, error: ERR.invalidSignature, orderId: id };

  const { makerAmount, takerAmount } = struct;
  if (makerAmount <= 0n || takerAmount <= 0n) return { ok: false, error: ERR.invalidOrderPayload, orderId: id };
  const buy = o.side === 'BUY';
  const marketStyle = body.orderType === 'FOK' || body.orderType === 'FAK';
  const precision = precisionError(marketStyle, buy, tick, makerAmount, takerAmount);
  if (precision) return { ok: false, error: precision, orderId: id };
  // Price = collateral per share: maker/taker for a BUY, taker/maker for a SELL.
  const [pNum, pDen] = buy ? [makerAmount, takerAmount] : [takerAmount, makerAmount];
  const shares = buy ? takerAmount : makerAmount;
  const tickMicro = BigInt(tickUnits(tick));
  let priceMicro: bigint;
  if (marketStyle) {
    // Off the grid is fine; the order matches up to its implied price.
    const scaled = pNum * 1_000_000n;
    priceMicro = buy ? scaled / pDen : (scaled + pDen - 1n) / pDen;
    if (priceMicro <= 0n || priceMicro >= 1_000_000n) return { ok: false, error: ERR.tick(id, fmtRatio(pNum, pDen), tick), orderId: id };
  } else {
    // On the grid: pNum/pDen = k · tick  ⇔  pNum · 10^6 divisible by pDen · tickMicro.
    const onGrid = (pNum * 1_000_000n) % (pDen * tickMicro) === 0n;
    priceMicro = onGrid ? (pNum * 1_000_000n) / pDen : -1n;
    if (!onGrid || priceMicro < tickMicro || priceMicro > 1_000_000n - tickMicro) {
      return { ok: false, error: ERR.tick(id, fmtRatio(pNum, pDen), tick), orderId: id };
    }
  }
  const minMicro = BigInt(market.minOrderSize) * 1_000_000n;
  if (shares < minMicro) return { ok: false, error: ERR.minSize(id, fmt(shares), market.minOrderSize), orderId: id };
  if (shares > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, error: ERR.invalidOrderPayload, orderId: id };

  const postOnly = body.postOnly === true;
  if (postOnly && body.orderType !== 'GTC' && body.orderType !== 'GTD') return { ok: false, error: ERR.postOnlyType, orderId: id };
  const expiration = Number(o.expiration ?? 0);
  if (body.orderType === 'GTD' && expiration <= Math.floor(ctx.nowMs / 1000) + 60) {
    return { ok: false, error: ERR.invalidExpiration, orderId: id };
  }
  return {
    ok: true,
    order: {
      id, market, tokenId: o.tokenId, outcome, side: o.side, maker: struct.maker, signer: struct.signer,
      signatureType: o.signatureType, price: Number(priceMicro), size: Number(shares), makerAmount, takerAmount,
      orderType: body.orderType, postOnly, expiration: body.orderType === 'GTD' ? expiration : 0,
    },
  };
}
