/**
 * A raw client for the simulator's tests: JSON requests with the `apikey` header, and orders signed
 * by the official SDK's `OrderBuilder` (so the simulator's verifier is checked against the venue's
 * own signing code, not against ours), assembled into the `POST /order` body the SDK sends.
 */
import { OrderBuilder, Signer } from '@opinion-labs/opinion-clob-sdk';
import { Wallet } from 'ethers';
import WebSocket from 'ws';

export const TEST_KEYS = [
  `0x${'11'.repeat(32)}`,
  `0x${'22'.repeat(32)}`,
  `0x${'33'.repeat(32)}`,
  `0x${'44'.repeat(32)}`,
] as const;

export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';
export const USDT = '0x55d398326f99059fF775485246999027B3197955';
const WEI = 10n ** 18n;

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Reply {
  status: number;
  headers: Headers;
  body: Json;
}

/** Exact wei of a decimal string (`"2.5"` → 2.5 × 10¹⁸). */
export function wei(amount: string): bigint {
  const [int = '0', frac = ''] = amount.split('.');
  return BigInt(int) * WEI + BigInt(frac.padEnd(18, '0').slice(0, 18) || '0');
}

export interface OrderSpec {
  marketId: number;
  tokenId: string;
  side: 'buy' | 'sell';
  /** Limit price, e.g. "0.45"; omit for a market order. */
  price?: string;
  /** Limit orders: shares. Market orders: USDT to spend (buy) or shares to sell (sell). */
  amount: string;
  postOnly?: boolean;
  safeRate?: string;
  orderExpTime?: string;
  /** Overrides of signed or unsigned fields, applied before signing unless `afterSigning`. */
  override?: Partial<Record<string, string | number>>;
  afterSigning?: Partial<Record<string, string | number | boolean>>;
  maker?: string;
  signatureType?: 0 | 2;
  exchange?: string;
  salt?: bigint;
}

export class TestUser {
  readonly wallet: Wallet;
  private readonly signer: Signer;

  constructor(
    readonly restUrl: string,
    privateKey: string,
    public apiKey: string | undefined,
    public safe: string,
    readonly exchange: string,
  ) {
    this.wallet = new Wallet(privateKey);
    this.signer = new Signer(privateKey as `0x${string}`);
  }

  get address(): string {
    return this.wallet.address;
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const res = await fetch(`${this.restUrl}${path}`, {
      method,
      headers: { ...(this.apiKey ? { apikey: this.apiKey } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Json) : {} };
  }

  get(path: string): Promise<Reply> {
    return this.request('GET', path);
  }

  /** The `POST /order` body of a spec, signed with the SDK's order builder. */
  async orderBody(spec: OrderSpec): Promise<Json> {
    const market = spec.price === undefined;
    const signatureType = spec.signatureType ?? 2;
    const maker = spec.maker ?? (signatureType === 0 ? this.address : this.safe);
    let makerAmount: bigint;
    let takerAmount: bigint;
    if (market) {
      makerAmount = wei(spec.amount);
      takerAmount = 0n;
    } else {
      const shares = wei(spec.amount);
      const notional = (shares * wei(spec.price!)) / WEI;
      [makerAmount, takerAmount] = spec.side === 'buy' ? [notional, shares] : [shares, notional];
    }
    const fields = {
      maker, taker: ZERO_ADDRESS, tokenId: spec.tokenId, makerAmount: makerAmount.toString(), takerAmount: takerAmount.toString(),
      side: spec.side === 'buy' ? 0 : 1, feeRateBps: '0', signatureType, signer: this.address, nonce: '0', expiration: '0', ...spec.override,
    };
    const builder = new OrderBuilder(spec.exchange ?? this.exchange, 56, this.signer, () => spec.salt ?? BigInt(Date.now()) * 1000n + BigInt(Math.floor(Math.random() * 1000)));
    const signed = await builder.buildSignedOrder({
      ...fields,
      maker: fields.maker as `0x${string}`,
      taker: fields.taker as `0x${string}`,
      signer: fields.signer as `0x${string}`,
      tokenId: String(fields.tokenId),
      makerAmount: BigInt(fields.makerAmount),
      takerAmount: BigInt(fields.takerAmount),
      side: Number(fields.side),
      signatureType: Number(fields.signatureType),
      feeRateBps: String(fields.feeRateBps),
      nonce: String(fields.nonce),
      expiration: String(fields.expiration),
    });
    const o = signed.order;
    return {
      salt: o.salt.toString(), topicId: spec.marketId, maker: o.maker, signer: o.signer, taker: o.taker, tokenId: o.tokenId.toString(),
      makerAmount: o.makerAmount.toString(), takerAmount: o.takerAmount.toString(), expiration: o.expiration.toString(), nonce: o.nonce.toString(),
      feeRateBps: o.feeRateBps.toString(), side: String(o.side), signatureType: String(o.signatureType), signature: signed.signature, sign: signed.signature,
      contractAddress: '', currencyAddress: USDT, price: market ? '0' : spec.price, tradingMethod: market ? 1 : 2, timestamp: Math.floor(Date.now() / 1000),
      safeRate: spec.safeRate ?? '0', orderExpTime: spec.orderExpTime ?? '0', ...(spec.postOnly !== undefined ? { postOnly: spec.postOnly } : {}),
      ...spec.afterSigning,
    };
  }

  async order(spec: OrderSpec): Promise<Reply> {
    return this.request('POST', '/order', await this.orderBody(spec));
  }
}

/** A WebSocket reader: queues JSON frames and waits for the next one matching a predicate. */
export class WsReader {
  /** Unconsumed frames. */
  readonly frames: string[] = [];
  /** Every frame received, consumed or not. */
  readonly history: string[] = [];
  private waiters: (() => void)[] = [];
  closed: { code: number; reason: string } | undefined;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      this.frames.push(d.toString());
      this.history.push(d.toString());
      for (const w of this.waiters.splice(0)) w();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async open(url: string): Promise<WsReader> {
    const ws = new WebSocket(url);
    const r = new WsReader(ws);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return r;
  }

  send(v: unknown): void {
    this.ws.send(typeof v === 'string' ? v : JSON.stringify(v));
  }

  /** Next frame satisfying `pred` (JSON-parsed), consuming the frames before it. */
  async next(pred: (m: Json) => boolean): Promise<Json> {
    for (;;) {
      const i = this.frames.findIndex((f) => {
        try {
          return pred(JSON.parse(f) as Json);
        } catch {
          return false;
        }
      });
      if (i >= 0) return JSON.parse(this.frames.splice(0, i + 1)[i]!) as Json;
      if (this.closed) throw new Error(`socket closed (${this.closed.code} ${this.closed.reason}) while waiting`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Every queued JSON frame satisfying `pred`, without consuming. */
  all(pred: (m: Json) => boolean): Json[] {
    const out: Json[] = [];
    for (const f of this.frames) {
      try {
        const m = JSON.parse(f) as Json;
        if (pred(m)) out.push(m);
      } catch {
        // not JSON
      }
    }
    return out;
  }

  close(): void {
    this.ws.terminate();
  }
}
