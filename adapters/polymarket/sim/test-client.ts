/**
 * A minimal signing client for the simulator's tests and benchmarks: L1 headers, L2 headers,
 * V2/V3 orders signed with ethers — written from the venue reference, independent of the adapter.
 */
import { Wallet } from 'ethers';
import type { ApiCredentials } from './auth-l1.js';
import { l2Signature } from './auth-l2.js';
import { CLOB_AUTH_DOMAIN, CLOB_AUTH_MESSAGE, CLOB_AUTH_TYPES, ORDER_TYPES_V2, ZERO_BYTES32 } from './constants.js';
import { domainForMarket, type SignedOrderStruct } from './order-sign.js';
import type { SimMarketInfo } from './index.js';

/** Hardhat's well-known development keys (never hold real funds). */
export const TEST_KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
] as const;

export async function l1Headers(wallet: Wallet, timestampS: number, nonce = 0): Promise<Record<string, string>> {
  const ts = String(timestampS);
  const signature = await wallet.signTypedData(CLOB_AUTH_DOMAIN, CLOB_AUTH_TYPES, {
    address: wallet.address,
    timestamp: ts,
    nonce,
    message: CLOB_AUTH_MESSAGE,
  });
  return { POLY_ADDRESS: wallet.address, POLY_SIGNATURE: signature, POLY_TIMESTAMP: ts, POLY_NONCE: String(nonce) };
}

export function l2Headers(address: string, creds: ApiCredentials, timestampS: number, method: string, path: string, body = ''): Record<string, string> {
  const ts = String(timestampS);
  return {
    POLY_ADDRESS: address,
    POLY_SIGNATURE: l2Signature(creds.secret, ts, method, path, body),
    POLY_TIMESTAMP: ts,
    POLY_API_KEY: creds.apiKey,
    POLY_PASSPHRASE: creds.passphrase,
  };
}

export interface OrderSpec {
  market: Pick<SimMarketInfo, 'version' | 'negRisk'>;
  /** The CLOB order version to sign for (`GET /version`); default 2. */
  clobVersion?: number;
  tokenId: string;
  side: 'BUY' | 'SELL';
  /** Base units (6 dp) as decimal strings. */
  makerAmount: string;
  takerAmount: string;
  maker?: string;
  signatureType?: number;
  salt?: number;
  timestampMs?: number;
  expiration?: string;
}

export async function signOrder(wallet: Wallet, spec: OrderSpec): Promise<Record<string, unknown>> {
  const struct: SignedOrderStruct = {
    salt: BigInt(spec.salt ?? Math.floor(Math.random() * 1e12)),
    maker: spec.maker ?? wallet.address,
    signer: wallet.address,
    tokenId: BigInt(spec.tokenId),
    makerAmount: BigInt(spec.makerAmount),
    takerAmount: BigInt(spec.takerAmount),
    side: spec.side === 'BUY' ? 0 : 1,
    signatureType: spec.signatureType ?? 0,
    timestamp: BigInt(spec.timestampMs ?? Date.now()),
    metadata: ZERO_BYTES32,
    builder: ZERO_BYTES32,
  };
  const signature = await wallet.signTypedData(domainForMarket(spec.market, spec.clobVersion), ORDER_TYPES_V2, struct);
  return {
    salt: Number(struct.salt),
    maker: struct.maker,
    signer: struct.signer,
    tokenId: spec.tokenId,
    makerAmount: spec.makerAmount,
    takerAmount: spec.takerAmount,
    side: spec.side,
    signatureType: struct.signatureType,
    timestamp: String(struct.timestamp),
    expiration: spec.expiration ?? '0',
    metadata: ZERO_BYTES32,
    builder: ZERO_BYTES32,
    signature,
  };
}

/** A CLOB client bound to one wallet and its API credentials. */
export class TestClob {
  creds?: ApiCredentials;

  constructor(readonly clobUrl: string, readonly wallet: Wallet, readonly now: () => number = Date.now) {}

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  async deriveKey(nonce = 0): Promise<ApiCredentials> {
    const res = await fetch(`${this.clobUrl}/auth/derive-api-key`, { headers: await l1Headers(this.wallet, this.seconds(), nonce) });
    if (res.status !== 200) throw new Error(`derive failed: ${res.status} ${await res.text()}`);
    this.creds = (await res.json()) as ApiCredentials;
    return this.creds;
  }

  /** An L2-signed request; `path` may carry a query string (not signed). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests inspect arbitrary venue JSON
  async request(method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; json: any }> {
    if (!this.creds) throw new Error('no credentials');
    const text = body === undefined ? '' : JSON.stringify(body);
    const signedPath = path.split('?')[0]!;
    const headers = l2Headers(this.wallet.address, this.creds, this.seconds(), method, signedPath, text);
    const res = await fetch(`${this.clobUrl}${path}`, {
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      body: text === '' ? undefined : text,
    });
    const raw = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      json = raw;
    }
    return { status: res.status, headers: res.headers, json };
  }

  async order(spec: OrderSpec, extra: { orderType?: string; postOnly?: boolean } = {}) {
    const order = await signOrder(this.wallet, spec);
    return this.request('POST', '/order', { order, owner: this.creds!.apiKey, orderType: extra.orderType ?? 'GTC', postOnly: extra.postOnly ?? false, deferExec: false });
  }
}

/** Base-unit amounts of a limit order of `size` shares at `price` (both 6-dp unit integers). */
export function limitAmounts(side: 'BUY' | 'SELL', priceMicro: number, sizeMicro: number): { makerAmount: string; takerAmount: string } {
  const notional = (BigInt(priceMicro) * BigInt(sizeMicro)) / 1_000_000n;
  return side === 'BUY'
    ? { makerAmount: notional.toString(), takerAmount: String(sizeMicro) }
    : { makerAmount: String(sizeMicro), takerAmount: notional.toString() };
}

export { Wallet };
