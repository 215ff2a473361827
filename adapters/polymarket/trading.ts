import {
  InvalidOrder,
  NotFound,
  OrderStateUnknown,
  PlaceOrderRequestSchema,
  VennError,
  parseId,
  type Order,
  type PlaceOrderRequest,
} from '../../src/core/index.js';
import type { RateLimiter } from '../../src/venue/index.js';
import type { ApiCredentials } from './auth-l2.js';
import type { ClobClient, PostOrderBody } from './clob-client.js';
import { ORDERS_PER_BATCH } from './clob-client.js';
import { polymarketOrderError } from './errors.js';
import { takeSigner } from './limits.js';
import type { MarketTradingInfo } from './map-market.js';
import { GTD_MARGIN_SECONDS, mapOpenOrder, mapPlacedOrder, outcomeOfToken, wireOrderTypeOf } from './map-order.js';
import type { MarketInfoCache } from './market-info.js';
import { orderAmounts } from './order-amounts.js';
import { buildOrder, exchangeDomain, postOrderBody, type ExchangeContracts, type OrderSigner, type SignedOrder, type SignatureType, type WireOrderType } from './order-build.js';
import type { PostOrderResponse } from './wire-clob.js';

/**
 * Order placement with reconciliation. The order id is the EIP-712 hash, known before sending, so:
 * - a lost response (`OrderStateUnknown` from the HTTP client) is reconciled by looking the hash
 *   up; if the venue never saw it, the *same signed order* is submitted once more — the venue
 *   deduplicates by hash ("Duplicated"), so this cannot create a second order;
 * - a repeated `clientOrderId` within the process returns the order placed under it;
 * - orders are signed for the order version the CLOB reports at `GET /version` (read once, then
 *   cached); `order_version_mismatch` means the CLOB now runs another version: the version is read
 *   again and, if it changed, the order is signed again for it and sent once more, as the official
 *   client does (docs/venues/polymarket.md §6.1). An unchanged version leaves the error as it is.
 */

export interface TradingConfig {
  clob: ClobClient;
  markets: MarketInfoCache;
  limiter: RateLimiter;
  signer: OrderSigner;
  creds: () => Promise<ApiCredentials>;
  chainId: number;
  contracts: ExchangeContracts;
  signatureType: SignatureType;
  /** Funder (proxy/Safe) for signature types 1 and 2. */
  funder?: string;
  /** How many times to look an order up after a lost response (default 3). */
  reconcileAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

interface Prepared {
  /** The CLOB order version the order was signed for. */
  version: number;
  signed: SignedOrder;
  body: PostOrderBody;
  info: MarketTradingInfo;
  req: ReturnType<typeof PlaceOrderRequestSchema.parse>;
  orderType: WireOrderType;
  clientOrderId: string | null;
  expiresAt: string | null;
  size: string;
  price: string;
}


export type BatchResult = { ok: true; order: Order } | { ok: false; error: VennError };

export class PolymarketTrading {
  /** clientOrderId → order hash, for idempotent re-submission within the process. */
  private readonly byClientId = new Map<string, string>();
  /** order hash → what we know locally and the venue does not store. */
  private readonly local = new Map<string, { clientOrderId: string | null; postOnly: boolean }>();
  private readonly sleep: (ms: number) => Promise<void>;
  /** The CLOB's order version (`GET /version`), read before the first order. */
  private version: Promise<number> | undefined;

  constructor(private readonly cfg: TradingConfig) {
    this.sleep = cfg.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  localInfo(orderId: string): { clientOrderId: string | null; postOnly: boolean } | undefined {
    return this.local.get(orderId);
  }

  /** The CLOB's order version: cached, or read again (`fresh`) after a version mismatch. */
  private clobVersion(fresh = false): Promise<number> {
    if (!this.version || fresh) {
      const read = this.cfg.clob.version();
      this.version = read;
      read.catch(() => {
        if (this.version === read) this.version = undefined;
      });
    }
    return this.version;
  }

  /** After `order_version_mismatch`: whether `GET /version` now differs from what `signedFor` used. */
  private async versionChanged(signedFor: number): Promise<boolean> {
    return (await this.clobVersion(true)) !== signedFor;
  }

  async prepare(request: PlaceOrderRequest): Promise<Prepared> {
    const req = PlaceOrderRequestSchema.parse(request);
    const { venue, nativeId } = parseId(req.marketId);
    if (venue !== 'polymarket') throw new InvalidOrder(`polymarket: market ${req.marketId} is not a Polymarket market`, { venue: 'polymarket' });
    const [info, version] = await Promise.all([this.cfg.markets.get(nativeId), this.clobVersion()]);
    const creds = await this.cfg.creds();
    const side = req.side === 'buy' ? 'BUY' : 'SELL';
    const orderType = wireOrderTypeOf(req.timeInForce);
    // Each order type with the venue's own amount precision (docs/venues/polymarket.md §6.3).
    const amounts = orderAmounts(orderType, side, req.price, req.size, info.tickSize);
    let expiration = 0;
    if (orderType === 'GTD') {
      if (!req.expiresAt) throw new InvalidOrder('polymarket: a gtd order needs expiresAt', { venue: 'polymarket' });
      expiration = Math.floor(Date.parse(req.expiresAt) / 1000) + GTD_MARGIN_SECONDS;
    }
    const order = buildOrder({
      tokenId: req.outcome === 'yes' ? info.yesTokenId : info.noTokenId,
      side,
      makerAmount: amounts.makerAmount,
      takerAmount: amounts.takerAmount,
      signer: this.cfg.signer.address,
      ...(this.cfg.funder ? { maker: this.cfg.funder } : {}),
      signatureType: this.cfg.signatureType,
      expiration,
    });
    const signed = this.cfg.signer.sign(order, exchangeDomain(info, this.cfg.chainId, this.cfg.contracts, version));
    const body = postOrderBody({ order: signed, owner: creds.apiKey, orderType, postOnly: req.postOnly });
    return {
      version,
      signed,
      body,
      info,
      req,
      orderType,
      clientOrderId: req.clientOrderId ?? null,
      expiresAt: orderType === 'GTD' ? (req.expiresAt ?? null) : null,
      size: amounts.size,
      price: amounts.price,
    };
  }

  async placeOrder(request: PlaceOrderRequest): Promise<Order> {
    const clientOrderId = request.clientOrderId;
    if (clientOrderId) {
      const earlier = this.byClientId.get(clientOrderId);
      if (earlier) {
        const found = await this.lookup(earlier);
        if (found) return found;
      }
    }
    const p = await this.prepare(request);
    try {
      return await this.submit(p);
    } catch (err) {
      if (!isVersionMismatch(err) || !(await this.versionChanged(p.version))) throw err;
      // The CLOB moved to another order version: sign for it and send once more.
      return this.submit(await this.prepare(request));
    }
  }

  private remember(p: Prepared): void {
    if (p.clientOrderId) this.byClientId.set(p.clientOrderId, p.signed.hash);
    this.local.set(p.signed.hash, { clientOrderId: p.clientOrderId, postOnly: p.req.postOnly });
  }

  private placed(p: Prepared, res: PostOrderResponse, endpoint = 'POST /order'): Order {
    if (res.success === false || (!res.orderID && res.errorMsg)) {
      throw polymarketOrderError(res.errorMsg ?? '', endpoint);
    }
    return mapPlacedOrder(res, {
      orderId: res.orderID || p.signed.hash,
      conditionId: p.info.conditionId,
      side: p.signed.side,
      outcome: p.req.outcome,
      price: p.price,
      size: p.size,
      orderType: p.orderType,
      postOnly: p.req.postOnly,
      clientOrderId: p.clientOrderId,
      expiresAt: p.expiresAt,
      createdAt: new Date(Number(p.signed.timestamp)).toISOString(),
    });
  }

  private async submit(p: Prepared): Promise<Order> {
    this.remember(p);
    await takeSigner(this.cfg.limiter, 'signer-order', 1);
    try {
      return this.placed(p, await this.cfg.clob.postOrder(p.body));
    } catch (err) {
      if (!(err instanceof OrderStateUnknown)) throw err;
      return this.reconcile(p, err);
    }
  }

  /** After a lost response: find the order by hash; if the venue never saw it, send the same bytes once. */
  private async reconcile(p: Prepared, original: OrderStateUnknown): Promise<Order> {
    const found = await this.lookupWithRetries(p.signed.hash);
    if (found) return found;
    try {
      await takeSigner(this.cfg.limiter, 'signer-order', 1);
      return this.placed(p, await this.cfg.clob.postOrder(p.body));
    } catch (err) {
      if (err instanceof VennError && err.venueCode === 'INVALID_ORDER_DUPLICATED') {
        const again = await this.lookupWithRetries(p.signed.hash);
        if (again) return again;
      }
      if (err instanceof OrderStateUnknown) {
        throw new OrderStateUnknown(`${original.message}; reconcile order ${p.signed.hash}`, {
          venue: 'polymarket',
          endpoint: 'POST /order',
          venueCode: p.signed.hash,
          cause: err,
        });
      }
      throw err;
    }
  }

  private async lookupWithRetries(orderId: string): Promise<Order | null> {
    const attempts = this.cfg.reconcileAttempts ?? 3;
    for (let i = 0; i < attempts; i++) {
      try {
        const o = await this.lookup(orderId);
        if (o) return o;
        return null;
      } catch (err) {
        if (i === attempts - 1) throw err;
        await this.sleep(200 * 2 ** i);
      }
    }
    return null;
  }

  /** The order by id, or null when the venue does not know it. */
  async lookup(orderId: string): Promise<Order | null> {
    try {
      return await this.getOrder(orderId);
    } catch (err) {
      if (err instanceof NotFound) return null;
      throw err;
    }
  }

  async getOrder(orderId: string): Promise<Order> {
    const o = await this.cfg.clob.order(orderId);
    const info = await this.cfg.markets.get(o.market);
    const local = this.local.get(o.id);
    return mapOpenOrder(o, {
      outcome: outcomeOfToken(info, o.asset_id) ?? 'yes',
      clientOrderId: local?.clientOrderId ?? null,
      postOnly: local?.postOnly ?? false,
    });
  }

  /**
   * `POST /orders`, ≤ 15 per request; one result per request, in order. Never re-sent blindly: only
   * the orders refused with `order_version_mismatch` are signed again and sent once more, when
   * `GET /version` changed (as for a single order).
   */
  async placeOrders(requests: PlaceOrderRequest[]): Promise<BatchResult[]> {
    const { results, versions } = await this.postBatches(requests);
    const mismatched = results.flatMap((r, i) => (!r.ok && isVersionMismatch(r.error) ? [i] : []));
    const first = mismatched[0];
    if (first === undefined) return results;
    const signedFor = versions[first];
    if (signedFor === undefined || !(await this.versionChanged(signedFor))) return results;
    const again = await this.postBatches(mismatched.map((i) => requests[i] as PlaceOrderRequest));
    mismatched.forEach((i, k) => {
      const r = again.results[k];
      if (r) results[i] = r;
    });
    return results;
  }

  /** Posts in batches of 15; `versions[i]` is the order version request `i` was signed for. */
  private async postBatches(requests: PlaceOrderRequest[]): Promise<{ results: BatchResult[]; versions: number[] }> {
    const versions: number[] = [];
    const results: BatchResult[] = [];
    for (let i = 0; i < requests.length; i += ORDERS_PER_BATCH) {
      const chunk = requests.slice(i, i + ORDERS_PER_BATCH);
      const prepared = await Promise.all(chunk.map((r) => this.prepare(r)));
      prepared.forEach((p, k) => (versions[i + k] = p.version));
      for (const p of prepared) this.remember(p);
      await takeSigner(this.cfg.limiter, 'signer-order', prepared.length);
      let responses: PostOrderResponse[];
      try {
        responses = await this.cfg.clob.postOrders(prepared.map((p) => p.body));
      } catch (err) {
        if (!(err instanceof OrderStateUnknown)) throw err;
        // Reconcile each order of the lost batch individually, by hash.
        for (const p of prepared) {
          try {
            results.push({ ok: true, order: await this.reconcile(p, err) });
          } catch (e) {
            results.push({ ok: false, error: e instanceof VennError ? e : new OrderStateUnknown(String(e), { venue: 'polymarket' }) });
          }
        }
        continue;
      }
      prepared.forEach((p, k) => {
        const res = responses[k];
        try {
          if (!res) throw new OrderStateUnknown(`polymarket POST /orders: no result for order ${p.signed.hash}`, { venue: 'polymarket', endpoint: 'POST /orders' });
          results.push({ ok: true, order: this.placed(p, res, 'POST /orders') });
        } catch (e) {
          results.push({ ok: false, error: e instanceof VennError ? e : new InvalidOrder(String(e), { venue: 'polymarket' }) });
        }
      });
    }
    return { results, versions };
  }
}

function isVersionMismatch(err: unknown): boolean {
  return err instanceof InvalidOrder && err.venueCode === 'order_version_mismatch';
}
