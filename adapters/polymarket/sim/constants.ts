/**
 * Polymarket constants the simulator reproduces (docs/venues/polymarket.md §5, §6, §8): signing
 * domains, exchange contracts on Polygon, and the CLOB's verbatim error strings.
 */

export const CHAIN_ID = 137;

/** Base units of pUSD collateral and of outcome tokens: 6 decimals. */
export const TOKEN_DECIMALS = 6;

export const CLOB_AUTH_MESSAGE = 'This message attests that I control the given wallet';

export const CLOB_AUTH_DOMAIN = { name: 'ClobAuthDomain', version: '1', chainId: CHAIN_ID } as const;

export const CLOB_AUTH_TYPES = {
  ClobAuth: [
    { name: 'address', type: 'address' },
    { name: 'timestamp', type: 'string' },
    { name: 'nonce', type: 'uint256' },
    { name: 'message', type: 'string' },
  ],
};

/** CLOB V2 exchanges (domain version "2"), used by Gamma `version: "v1"` markets. */
export const CTF_EXCHANGE_V2 = '0xE111180000d2663C0091e4f400237545B87B996B';
export const NEG_RISK_CTF_EXCHANGE_V2 = '0xe2222d279d744050d28e00520010520000310F59';
/** ExchangeV3 (domain version "3"), used by Protocol-V2 markets (Gamma `version: "v2"`). */
export const CTF_EXCHANGE_V3 = '0xe3333700cA9d93003F00f0F71f8515005F6c00Aa';
/** The dead V1 exchanges (domain version "1"); orders signed for them are a version mismatch. */
export const CTF_EXCHANGE_V1 = '0x4bFb41d5B3570DeFd03C39a9A4D8dE6Bd8B8982E';
export const NEG_RISK_CTF_EXCHANGE_V1 = '0xC5d563A36AE78145C45a50134d48A1215220f80a';
export const NEG_RISK_ADAPTER = '0xd91E80cF2E7be2e162c6513ceD06f1dD0dA35296';
export const PUSD_ADDRESS = '0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB';

export const EXCHANGE_NAME = 'Polymarket CTF Exchange';

export const ORDER_TYPES_V2 = {
  Order: [
    { name: 'salt', type: 'uint256' },
    { name: 'maker', type: 'address' },
    { name: 'signer', type: 'address' },
    { name: 'tokenId', type: 'uint256' },
    { name: 'makerAmount', type: 'uint256' },
    { name: 'takerAmount', type: 'uint256' },
    { name: 'side', type: 'uint8' },
    { name: 'signatureType', type: 'uint8' },
    { name: 'timestamp', type: 'uint256' },
    { name: 'metadata', type: 'bytes32' },
    { name: 'builder', type: 'bytes32' },
  ],
};

export const ZERO_BYTES32 = `0x${'0'.repeat(64)}`;

/** `2^256 − 1`, the allowance the simulator reports for a funded wallet. */
export const MAX_UINT256 = ((1n << 256n) - 1n).toString();

/** Decimals of the collateral amount of a limit order, by tick size (docs/venues/polymarket.md §6.3). */
export const AMOUNT_DECIMALS: Readonly<Record<string, number>> = {
  '0.1': 3,
  '0.01': 4,
  '0.005': 5,
  '0.0025': 6,
  '0.001': 5,
  '0.0001': 6,
};

/**
 * Verbatim CLOB error messages (docs/venues/polymarket.md §5, §6.12). The amount-precision
 * messages are verbatim for market BUYs and limit BUYs (recorded in client issue threads, §6.3);
 * the SELL forms mirror them (not recorded).
 */
export const ERR = {
  unauthorized: 'Unauthorized/Invalid api key',
  invalidL1: 'Invalid L1 Request headers',
  couldNotCreateKey: 'Could not create api key',
  couldNotDeriveKey: 'Could not derive api key!',
  invalidOrderPayload: 'Invalid order payload',
  ownerMismatch: 'the order owner has to be the owner of the API KEY',
  signerMismatch: 'the order signer address has to be the address of the API KEY',
  invalidSignature: 'invalid signature',
  versionMismatch: 'order_version_mismatch',
  tick: (id: string, price: string, tick: string) =>
    `order ${id} is invalid. Price (${price}) breaks minimum tick size rule: ${tick}`,
  minSize: (id: string, size: string, min: string) =>
    `order ${id} is invalid. Size (${size}) lower than the minimum: ${min}`,
  duplicated: (id: string) => `order ${id} is invalid. Duplicated.`,
  marketAmounts: (side: 'buy' | 'sell') =>
    `invalid amounts, the market ${side} orders maker amount supports a max accuracy of 2 decimals, taker amount a max of 4 decimals`,
  limitAmounts: (side: 'buy' | 'sell', maker: number, taker: number) =>
    `invalid amounts, the ${side} orders maker amount supports a max accuracy of ${maker} decimals, taker amount a max of ${taker} decimals`,
  postOnlyCross: 'invalid post-only order: order crosses book',
  postOnlyType: 'invalid post-only order: only GTC and GTD orders can be post-only',
  balance: 'not enough balance / allowance',
  invalidExpiration: 'invalid expiration',
  fok: "order couldn't be fully filled. FOK orders are fully filled or killed.",
  fak: 'no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.',
  notReady: 'the market is not yet ready to process new orders',
  tooManyOrders: (n: number, max: number) => `Too many orders in payload: ${n}, max allowed: ${max}`,
  tooManyCancels: (max: number) => `Too many orders in payload, max allowed: ${max}`,
  tooManyRequests: 'Too Many Requests',
  invalidOrderId: 'Invalid orderID',
  notCanceled: 'Order not found or already canceled',
  invalidTokenId: 'Invalid token id',
  noOrderbook: 'No orderbook exists for the requested token id',
  invalidSide: 'Invalid side',
  invalidPayload: 'Invalid payload',
  marketNotFound: 'market not found',
  payloadLimit: 'Payload exceeds the limit',
  invalidAssetType: 'Invalid asset type',
  invalidSignatureType: 'Invalid signature_type',
  postOnlyMode: 'post-only mode: only post-only orders and cancels are allowed',
  restarting: 'the matching engine is restarting',
} as const;

/** Per-signer trading buckets by tier (docs/venues/polymarket.md §8.2). */
export const SIGNER_TIERS = {
  standard: { orderRate: 40, orderBurst: 60, cancelRate: 80, cancelBurst: 120 },
  copper: { orderRate: 60, orderBurst: 90, cancelRate: 120, cancelBurst: 180 },
  bronze: { orderRate: 80, orderBurst: 120, cancelRate: 160, cancelBurst: 240 },
  silver: { orderRate: 200, orderBurst: 300, cancelRate: 400, cancelBurst: 600 },
  gold: { orderRate: 400, orderBurst: 600, cancelRate: 800, cancelBurst: 1200 },
  platinum: { orderRate: 450, orderBurst: 675, cancelRate: 900, cancelBurst: 1350 },
  diamond: { orderRate: 525, orderBurst: 787, cancelRate: 1050, cancelBurst: 1575 },
  elite: { orderRate: 600, orderBurst: 900, cancelRate: 1200, cancelBurst: 1800 },
} as const;
export type SignerTierName = keyof typeof SIGNER_TIERS;
