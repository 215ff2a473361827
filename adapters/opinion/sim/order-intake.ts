/**
 * Validation of one `POST /order` body (docs/venues/opinion.md §6): the 23 keys as the official
 * SDK and CCXT send them, maker and signer against the API key's account (signature type 2: maker
 * is the account's Safe; 0: maker is the EOA itself), the EIP-712 signature under the exchange of
 * the market's quote token, `sign` (the full signature, or its first 64 hex digits as CCXT sends
 * it), the price against the signed amounts and the 0.001 grid, and the $5 minimum. Book-dependent
 * checks (depth, post-only crossing, balances) happen in the exchange.
 */
import { getAddress } from 'ethers';
import { z } from 'zod';
import { Decimal } from '../../../src/core/decimal.js';
import type { Account } from './accounts.js';
import { ERRMSG, ERRNO, MIN_ORDER_WEI, TICK_MICRO } from './constants.js';
import type { SimMarket } from './generate.js';
import { orderDigest, signedBy, type OrderStruct } from './signatures.js';

const uint = z.union([z.string().regex(/^\d{1,78}$/), z.number().int().nonnegative()]).transform((v) => BigInt(v));
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);
const decimal = z.string().regex(/^\d+(\.\d+)?$/);

export const OrderBodySchema = z.object({
  salt: uint,
  topicId: z.number().int().positive(),
  maker: address,
  signer: address,
  taker: address,
  tokenId: z.string().regex(/^\d{1,78}$/),
  makerAmount: uint,
  takerAmount: uint,
  expiration: uint,
  nonce: uint,
  feeRateBps: uint,
  side: z.union([z.enum(['0', '1']), z.literal(0), z.literal(1)]).transform(Number),
  signatureType: z.union([z.enum(['0', '1', '2']), z.literal(0), z.literal(1), z.literal(2)]).transform(Number),
  signature: z.string().regex(/^0x[0-9a-fA-F]{130}$/),
  sign: z.string(),
  contractAddress: z.string(),
  currencyAddress: address,
  price: decimal,
  tradingMethod: z.union([z.literal(1), z.literal(2)]),
  timestamp: z.number().int().nonnegative(),
  safeRate: decimal,
  orderExpTime: z.string().regex(/^\d{1,12}$/),
  postOnly: z.boolean().optional(),
  origin: z.string().optional(),
});

export interface ValidatedOrder {
  market: SimMarket;
  tokenId: string;
  outcome: 'yes' | 'no';
  side: 'buy' | 'sell';
  method: 'limit' | 'market';
  /** The wallet whose funds trade (the Safe, or the EOA for signature type 0). */
  maker: string;
  signature: string;
  makerAmount: bigint;
  takerAmount: bigint;
  /** Limit price, micro-dollars (0 for market orders). */
  priceMicro: number;
  /** Limit orders and market sells: micro-shares the engine trades (the signed shares, truncated). */
  sizeMicro: number;
  /** Signed shares in wei (limit orders, market sells); 0 for market buys. */
  sharesWei: bigint;
  /** Signed USDT in wei (limit orders: the value; market buys: what to spend); 0 for market sells. */
  usdtWei: bigint;
  /** Slippage protection of market orders in parts per million of the best price (0 = none). */
  safeRatePpm: number;
  postOnly: boolean;
  /** Unix seconds; 0 = good till cancelled. */
  expiresAtS: number;
}

export type IntakeResult = { ok: true; order: ValidatedOrder } | { ok: false; errno: number; errmsg: string };

export interface IntakeContext {
  account: Account;
  market(topicId: number): SimMarket | undefined;
  /** The exchange address of a quote token, or undefined when the venue does not list it. */
  exchangeOf(quoteToken: string): string | undefined;
  nowS: number;
}

const fail = (errno: number, errmsg: string): IntakeResult => ({ ok: false, errno, errmsg });
const MICRO = 1_000_000n;

/** Micro-units of a decimal with at most 6 places, or undefined. */
function micro(text: string): number | undefined {
  const d = Decimal.tryParse(text);
  if (!d || d.normalize().scale > 6) return undefined;
  return Number(d.toUnits(6, 'down'));
}

export function validateOrder(raw: unknown, ctx: IntakeContext): IntakeResult {
  const parsed = OrderBodySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(ERRNO.badParams, `invalid parameter ${issue?.path.join('.') || 'body'}`);
  }
  const b = parsed.data;
  const { account } = ctx;
  if (b.signer.toLowerCase() !== account.eoa.toLowerCase()) return fail(ERRNO.badParams, 'signer must be the wallet of the API key');
  if (b.signatureType === 2) {
    if (b.maker.toLowerCase() !== account.safe.toLowerCase()) return fail(ERRNO.makerMismatch, ERRMSG.makerMismatch);
  } else if (b.signatureType === 0) {
    if (b.maker.toLowerCase() !== b.signer.toLowerCase()) return fail(ERRNO.makerMismatch, ERRMSG.makerMismatch);
  } else {
    return fail(ERRNO.badParams, 'signatureType must be 0 (EOA) or 2 (Safe)');
  }

  const market = ctx.market(b.topicId);
  if (!market) return fail(ERRNO.topicNotFound, ERRMSG.topicNotFound);
  const outcome = b.tokenId === market.yesTokenId ? 'yes' : b.tokenId === market.noTokenId ? 'no' : undefined;
  if (!outcome) return fail(ERRNO.badParams, 'tokenId does not belong to topicId');
  if (b.currencyAddress.toLowerCase() !== market.quoteToken.toLowerCase()) return fail(ERRNO.badParams, 'currencyAddress is not the quote token of the market');
  const exchange = ctx.exchangeOf(market.quoteToken);
  if (!exchange) return fail(ERRNO.badParams, 'unsupported quote token');

  const struct: OrderStruct = {
    salt: b.salt,
    maker: getAddress(b.maker),
    signer: getAddress(b.signer),
    taker: getAddress(b.taker),
    tokenId: BigInt(b.tokenId),
    makerAmount: b.makerAmount,
    takerAmount: b.takerAmount,
    expiration: b.expiration,
    nonce: b.nonce,
    feeRateBps: b.feeRateBps,
    side: b.side,
    signatureType: b.signatureType,
  };
  if (!signedBy(orderDigest(exchange, struct), b.signature, struct.signer)) return fail(ERRNO.invalidSignature, ERRMSG.invalidSignature);
  const sig = b.signature.toLowerCase();
  if (b.sign.toLowerCase() !== sig && b.sign.toLowerCase() !== sig.slice(2, 66)) return fail(ERRNO.invalidSignature, 'sign does not match signature');

  if (market.status !== 2) return fail(ERRNO.marketNotTradable, ERRMSG.marketNotTradable);
  if (!account.tradingEnabled) return fail(ERRNO.enableTrading, ERRMSG.enableTrading);

  const side = b.side === 0 ? 'buy' : 'sell';
  const method = b.tradingMethod === 2 ? 'limit' : 'market';
  const postOnly = b.postOnly === true;
  if (postOnly && method === 'market') return fail(ERRNO.postOnlyMarket, ERRMSG.postOnlyMarket);
  const expiresAtS = Number(b.orderExpTime);
  if (expiresAtS !== 0 && expiresAtS <= ctx.nowS) return fail(ERRNO.badParams, 'orderExpTime is in the past');
  const safeRatePpm = micro(b.safeRate);
  if (safeRatePpm === undefined || safeRatePpm >= 1_000_000) return fail(ERRNO.badParams, 'safeRate must be a fraction below 1');
  if (b.makerAmount <= 0n) return fail(ERRNO.badParams, 'makerAmount must be positive');

  const base = {
    market, tokenId: b.tokenId, outcome, side, method, maker: struct.maker, signature: sig,
    makerAmount: b.makerAmount, takerAmount: b.takerAmount, safeRatePpm, postOnly, expiresAtS,
  } as const;

  if (method === 'market') {
    if (side === 'buy') {
      if (b.makerAmount < MIN_ORDER_WEI) return fail(ERRNO.belowMinimum, ERRMSG.belowMinimum);
      return { ok: true, order: { ...base, priceMicro: 0, sizeMicro: 0, sharesWei: 0n, usdtWei: b.makerAmount } };
    }
    const sizeMicro = Number(b.makerAmount / 1_000_000_000_000n);
    if (sizeMicro <= 0 || !Number.isSafeInteger(sizeMicro)) return fail(ERRNO.badParams, 'makerAmount out of range');
    return { ok: true, order: { ...base, priceMicro: 0, sizeMicro, sharesWei: b.makerAmount, usdtWei: 0n } };
  }

  // Limit: price on the 0.001 grid inside (0, 1), equal to the signed ratio (§6.2).
  const priceMicro = micro(b.price);
  if (priceMicro === undefined || priceMicro <= 0 || priceMicro >= 1_000_000 || priceMicro % TICK_MICRO !== 0) {
    return fail(ERRNO.badPrice, ERRMSG.badPrice);
  }
  if (b.takerAmount <= 0n) return fail(ERRNO.badPrice, ERRMSG.badPrice);
  const P = BigInt(priceMicro);
  const [usdt, shares] = side === 'buy' ? [b.makerAmount, b.takerAmount] : [b.takerAmount, b.makerAmount];
  if (usdt * MICRO !== P * shares) return fail(ERRNO.badPrice, ERRMSG.badPrice);
  if (usdt < MIN_ORDER_WEI) return fail(ERRNO.belowMinimum, ERRMSG.belowMinimum);
  // The engine trades whole micro-shares; a signed remainder below 10⁻⁶ share never trades.
  const sizeMicro = Number(shares / 1_000_000_000_000n);
  if (sizeMicro <= 0 || !Number.isSafeInteger(sizeMicro)) return fail(ERRNO.badParams, 'order size out of range');
  return { ok: true, order: { ...base, priceMicro, sizeMicro, sharesWei: shares, usdtWei: usdt } };
}
