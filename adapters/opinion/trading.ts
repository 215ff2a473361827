import { getAddress } from 'ethers';
import type { Logger } from 'pino';
import {
  Decimal,
  DuplicateOrder,
  InvalidOrder,
  OrderStateUnknown,
  PlaceOrderRequestSchema,
  parseId,
  type Order,
  type PlaceOrderRequest,
} from '../../src/core/index.js';
import type { SafeResolver } from './auth-key.js';
import type { EoaKey } from './auth.js';
import type { OpinionClient } from './client.js';
import { VENUE } from './constants.js';
import { mapOrder } from './map-order.js';
import { marketIdOf, type MarketInfoCache } from './market-info.js';
import { assertMinimumValue, checkTick, limitOrderAmounts, marketOrderAmounts, type WireSide } from './order-amounts.js';
import { buildOrder, postOrderBody, randomSalt, signOrder, type OrderBody, type SignatureType, type SignedOrder } from './order-build.js';
import { findPlacedOrder, type OrderTerms } from './trading-reconcile.js';
import type { WireOrder } from './wire-account.js';

/**
 * Order writes (docs/venues/opinion.md §6). Limit orders (`gtc`, and `gtd` through `orderExpTime`)
 * and market orders (`placeMarketOrder`: a buy spends USDT, a sell sells shares, `safeRate` bounds
 * the slippage) are signed with the amounts of §6.2 for the exchange and decimals of the market's
 * quote token in `/quoteToken` (never a configured address), checked against the 0.001 grid and the
 * $5 minimum before they are sent, and posted with the SDK's 23-key body.
 *
 * Opinion has no immediate-or-cancel limit order. An `ioc` order is a limit order cancelled as soon as
 * the venue has it: what crossed the book fills (at the limit or better), the rest is cancelled, and
 * the order is returned once the venue has settled it (its fills confirmed, its status final). `fok`
 * cannot be had and is refused. Market orders remain available as such (`placeMarketOrder`).
 *
 * Opinion orders carry no client order id, and the venue's order objects do not echo the salt or the
 * signature. A write whose response is lost (`OrderStateUnknown`) is reconciled, never blindly
 * retried: the account's orders in the market are searched for the signed terms (side, outcome,
 * price, shares or amount, sent at or after the request), excluding orders already attributed to
 * other writes. Found: that is the order. Not found after a few looks: the *same signed order*
 * (same salt, same signature) is sent once more — a second copy of one signed order cannot trade
 * twice, since the exchange tracks fills by order hash (§6.8) — and a duplicate answer leads back to
 * the search. A repeated `clientOrderId` resumes the write made under it instead of signing anew.
 */

export interface TradingOptions {
  client: OpinionClient;
  markets: MarketInfoCache;
  wallet: EoaKey;
  signatureType: SignatureType;
  safe: SafeResolver;
  chainId: number;
  /** Salt source (tests: reproducible salts); a random 256-bit integer by default. */
  salt?: () => bigint;
  /** Clock (ms) for the body's `timestamp`. */
  now?: () => number;
  /** Looks at the account's orders after a lost response (default 3). */
  reconcileAttempts?: number;
  /** How long an `ioc` order may take to settle after its cancel (default 10 s). */
  settleTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger | undefined;
}

export interface MarketOrderRequest {
  /** `opinion:<marketId>` */
  marketId: string;
  side: 'buy' | 'sell';
  outcome: 'yes' | 'no';
  /** A buy: USDT to spend; a sell: shares to sell. */
  amount: string;
  /** Slippage bound as a fraction of the best price (`"0.05"`); `"0"` = none (§6.4). */
  safeRate?: string;
  clientOrderId?: string;
}

interface Prepared {
  clientOrderId: string;
  marketId: number;
  signed: SignedOrder;
  body: OrderBody;
  terms: OrderTerms;
  /** Unix seconds when first sent. */
  sentAtS: number;
  postOnly: boolean;
  /** Set for an `ioc` order (sent as a limit order, then cancelled). */
  ioc: boolean;
}

interface LocalOrder {
  clientOrderId: string;
  postOnly: boolean;
  ioc: boolean;
}

/** Order ids attributed to writes, bounded. */
const MAX_REMEMBERED = 10_000;

function invalid(message: string): InvalidOrder {
  return new InvalidOrder(`${VENUE}: ${message}`, { venue: VENUE });
}

export class OpinionTrading {
  /** clientOrderId → the write made under it. */
  private readonly writes = new Map<string, Prepared & { orderId?: string }>();
  /** orderId → clientOrderId (and post-only, which list rows may omit). */
  private readonly local = new Map<string, LocalOrder>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private nextClientId = 0;

  constructor(private readonly o: TradingOptions) {
    this.now = o.now ?? Date.now;
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** The EOA that signs. */
  get signerAddress(): string {
    return getAddress(this.o.wallet.address);
  }

  /** What the adapter knows of an order it placed (clientOrderId, post-only). */
  localInfo(orderId: string): LocalOrder | undefined {
    return this.local.get(orderId);
  }

  private clientId(given: string | undefined): string {
    return given ?? `venn-${this.now().toString(36)}-${(this.nextClientId++).toString(36)}`;
  }

  private async maker(): Promise<string> {
    return this.o.signatureType === 2 ? this.o.safe.get() : this.signerAddress;
  }

  private async sign(marketId: number, outcome: 'yes' | 'no', side: WireSide, makerAmount: bigint, takerAmount: bigint) {
    const info = await this.o.markets.info(marketId);
    const quote = await this.o.markets.quoteToken(info.quoteToken);
    const maker = await this.maker();
    const order = buildOrder({
      tokenId: outcome === 'yes' ? info.yesTokenId : info.noTokenId,
      side,
      makerAmount,
      takerAmount,
      signer: this.o.wallet.address,
      maker,
      salt: (this.o.salt ?? randomSalt)(),
    });
    return { info, quote, signed: signOrder(order, quote.ctfExchangeAddress, this.o.wallet, this.o.chainId) };
  }

  private marketOf(id: string): number {
    const { venue, nativeId } = parseId(id);
    if (venue !== VENUE) throw invalid(`${id} is not an Opinion market`);
    return marketIdOf(nativeId);
  }

  private async amountsDecimals(marketId: number): Promise<number> {
    const info = await this.o.markets.info(marketId);
    return (await this.o.markets.quoteToken(info.quoteToken)).decimal;
  }

  /** A limit order (`gtc`, or `gtd` with `expiresAt`). */
  async placeOrder(request: PlaceOrderRequest): Promise<Order> {
    const req = PlaceOrderRequestSchema.parse(request);
    const clientOrderId = this.clientId(req.clientOrderId);
    const earlier = this.writes.get(clientOrderId);
    if (earlier) return this.resume(earlier);
    if (req.timeInForce === 'fok') throw invalid('fill-or-kill orders do not exist on Opinion; use ioc, or a market order (placeMarketOrder) with safeRate');
    if (req.timeInForce === 'ioc' && req.postOnly) throw invalid('an ioc order cannot be post-only');
    if (req.reduceOnly) throw invalid('reduce-only orders are not supported');
    const marketId = this.marketOf(req.marketId);
    checkTick(req.price);
    let orderExpTime = 0;
    if (req.timeInForce === 'gtd') {
      if (!req.expiresAt) throw invalid('a gtd order needs expiresAt');
      orderExpTime = Math.floor(Date.parse(req.expiresAt) / 1000);
      if (orderExpTime <= Math.floor(this.now() / 1000)) throw invalid('expiresAt is in the past');
    }
    const amounts = limitOrderAmounts({ side: req.side, price: req.price, shares: req.size, decimals: await this.amountsDecimals(marketId) });
    assertMinimumValue(amounts.value);
    const { info, signed } = await this.sign(marketId, req.outcome, req.side, amounts.makerAmount, amounts.takerAmount);
    const sentAtS = Math.floor(this.now() / 1000);
    const body = postOrderBody({
      signed,
      topicId: marketId,
      currencyAddress: info.quoteToken,
      method: 'limit',
      price: Decimal.parse(req.price).normalize().toString(),
      timestampS: sentAtS,
      orderExpTime,
      postOnly: req.postOnly,
    });
    const terms: OrderTerms = { side: req.side, outcome: req.outcome, method: 'limit', price: Decimal.parse(req.price).normalize().toString(), shares: amounts.shares, amount: amounts.value };
    const placed = await this.submit({ clientOrderId, marketId, signed, body, terms, sentAtS, postOnly: req.postOnly, ioc: req.timeInForce === 'ioc' });
    return req.timeInForce === 'ioc' ? this.finishIoc(placed) : placed;
  }

  /** Cancels what an `ioc` order left resting and waits until the venue has settled it. */
  private async finishIoc(placed: Order): Promise<Order> {
    if (placed.status !== 'open') return placed;
    await this.o.client.cancelOrder(placed.id);
    const deadline = this.now() + (this.o.settleTimeoutMs ?? 10_000);
    for (let wait = 50; ; wait = Math.min(wait * 2, 500)) {
      const order = await this.getOrder(placed.id);
      // Matched fills are pending until confirmed on chain; the status is final after that (§6.7).
      if (order.status !== 'open' || this.now() >= deadline) return order;
      await this.sleep(wait);
    }
  }

  /** A market order: walks the book from the best price, within `safeRate` of it (§6.4). */
  async placeMarketOrder(request: MarketOrderRequest): Promise<Order> {
    const clientOrderId = this.clientId(request.clientOrderId);
    const earlier = this.writes.get(clientOrderId);
    if (earlier) return this.resume(earlier);
    const marketId = this.marketOf(request.marketId);
    const safeRate = Decimal.tryParse(request.safeRate ?? '0');
    if (!safeRate || safeRate.isNegative() || safeRate.gte(Decimal.ONE)) throw invalid(`safeRate ${JSON.stringify(request.safeRate)} must be a fraction in [0, 1)`);
    const amounts = marketOrderAmounts({ side: request.side, amount: request.amount, decimals: await this.amountsDecimals(marketId) });
    if (request.side === 'buy') assertMinimumValue(request.amount);
    const { info, signed } = await this.sign(marketId, request.outcome, request.side, amounts.makerAmount, amounts.takerAmount);
    const sentAtS = Math.floor(this.now() / 1000);
    const body = postOrderBody({
      signed,
      topicId: marketId,
      currencyAddress: info.quoteToken,
      method: 'market',
      price: '0',
      timestampS: sentAtS,
      safeRate: safeRate.normalize().toString(),
    });
    const amount = Decimal.parse(request.amount).normalize().toString();
    const terms: OrderTerms = { side: request.side, outcome: request.outcome, method: 'market', price: null, shares: request.side === 'sell' ? amount : null, amount: request.side === 'buy' ? amount : null };
    return this.submit({ clientOrderId, marketId, signed, body, terms, sentAtS, postOnly: false, ioc: false });
  }

  private remember(p: Prepared, orderId: string): void {
    const w = this.writes.get(p.clientOrderId);
    if (w) w.orderId = orderId;
    this.local.set(orderId, { clientOrderId: p.clientOrderId, postOnly: p.postOnly, ioc: p.ioc });
    if (this.local.size > MAX_REMEMBERED) this.local.delete(this.local.keys().next().value as string);
    if (this.writes.size > MAX_REMEMBERED) this.writes.delete(this.writes.keys().next().value as string);
  }

  private mapPlaced(p: Prepared, wire: WireOrder): Order {
    this.o.markets.noteParent(wire.marketId, wire.rootMarketId);
    this.remember(p, wire.orderId);
    return this.withLocal(mapOrder(wire));
  }

  private async submit(p: Prepared): Promise<Order> {
    this.writes.set(p.clientOrderId, p);
    try {
      return this.mapPlaced(p, await this.o.client.postOrder(p.body));
    } catch (err) {
      if (!(err instanceof OrderStateUnknown)) {
        this.writes.delete(p.clientOrderId);
        throw err;
      }
      this.o.logger?.warn({ venue: VENUE, clientOrderId: p.clientOrderId, digest: p.signed.digest }, 'opinion: order response lost; reconciling');
      return this.reconcile(p, err);
    }
  }

  /** A write made earlier under the same clientOrderId: its order, or the reconciliation it needs. */
  private async resume(w: Prepared & { orderId?: string }): Promise<Order> {
    if (w.orderId) return this.getOrder(w.orderId);
    return this.reconcile(w, new OrderStateUnknown(`${VENUE} POST /order: outcome of ${w.clientOrderId} unknown`, { venue: VENUE, endpoint: 'POST /order' }));
  }

  private async search(p: Prepared): Promise<WireOrder | null> {
    const attempts = this.o.reconcileAttempts ?? 3;
    for (let i = 0; i < attempts; i++) {
      const found = await findPlacedOrder(this.o.client, { marketId: p.marketId, terms: p.terms, sentAtS: p.sentAtS, exclude: this.local });
      if (found) return found;
      if (i < attempts - 1) await this.sleep(250 * 2 ** i);
    }
    return null;
  }

  private async reconcile(p: Prepared, original: OrderStateUnknown): Promise<Order> {
    const found = await this.search(p);
    if (found) return this.mapPlaced(p, found);
    try {
      return this.mapPlaced(p, await this.o.client.postOrder(p.body));
    } catch (err) {
      if (err instanceof DuplicateOrder) {
        const again = await this.search(p);
        if (again) return this.mapPlaced(p, again);
      }
      if (err instanceof OrderStateUnknown || err instanceof DuplicateOrder) {
        throw new OrderStateUnknown(`${original.message}; order ${p.clientOrderId} (digest ${p.signed.digest}) not found among the account's orders; reconcile again with the same clientOrderId`, {
          venue: VENUE,
          endpoint: 'POST /order',
          venueCode: p.signed.digest,
          cause: err,
        });
      }
      this.writes.delete(p.clientOrderId);
      throw err;
    }
  }

  async getOrder(orderId: string): Promise<Order> {
    const wire = await this.o.client.order(orderId);
    this.o.markets.noteParent(wire.marketId, wire.rootMarketId);
    return this.withLocal(mapOrder(wire));
  }

  /** Adds what only this process knows (clientOrderId, post-only). */
  withLocal(order: Order): Order {
    const local = this.local.get(order.id);
    if (!local) return order;
    return { ...order, clientOrderId: local.clientOrderId, postOnly: order.postOnly || local.postOnly, ...(local.ioc ? { timeInForce: 'ioc' as const } : {}) };
  }
}
