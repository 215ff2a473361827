/**
 * Fixed facts of the simulated Opinion venue (docs/venues/opinion.md): chain, collateral, the
 * exchange the simulator verifies orders against, EIP-712 domains, limits, and the errno table.
 */

export const CHAIN_ID = 56;
export const CHAIN_ID_TEXT = '56';

/** BEP-20 USDT on BNB Chain, the collateral of every market (§1). */
export const USDT_ADDRESS = '0x55d398326f99059fF775485246999027B3197955';
/** USDT on BNB Chain has 18 decimals (`/quoteToken` `decimal`, §6.2). */
export const USDT_DECIMALS = 18;
export const WEI = 10n ** 18n;

/**
 * The CTF Exchange orders are signed for. The venue serves it from `/quoteToken`; this is the
 * address a recorded quote-token entry carries (`__fixtures__/quote-token-list-item.json`).
 */
export const CTF_EXCHANGE_ADDRESS = '0x5F45344126D6488025B0b84A3A8189F2487a7246';

export const ORDER_DOMAIN_NAME = 'OPINION CTF Exchange';
export const API_KEY_DOMAIN_NAME = 'Opinion OpenAPI';

export const ORDER_TYPES = {
  Order: [
    { name: 'salt', type: 'uint256' },
    { name: 'maker', type: 'address' },
    { name: 'signer', type: 'address' },
    { name: 'taker', type: 'address' },
    { name: 'tokenId', type: 'uint256' },
    { name: 'makerAmount', type: 'uint256' },
    { name: 'takerAmount', type: 'uint256' },
    { name: 'expiration', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
    { name: 'feeRateBps', type: 'uint256' },
    { name: 'side', type: 'uint8' },
    { name: 'signatureType', type: 'uint8' },
  ],
};

export const API_KEY_AUTH_TYPES = {
  OpinionApiKeyAuth: [
    { name: 'walletAddress', type: 'address' },
    { name: 'action', type: 'string' },
    { name: 'timestamp', type: 'string' },
  ],
};

/** REST budget: 15 requests per second per API key (§3). */
export const REST_RATE_PER_SECOND = 15;
/** Page size ceiling of every list (§3). */
export const MAX_PAGE_SIZE = 20;
export const DEFAULT_PAGE_SIZE = 10;

/** Price grid: 0.001 in micro-dollars (§6.5). */
export const TICK_MICRO = 1_000;
/** $5 minimum order value, in wei (§6.5). */
export const MIN_ORDER_WEI = 5n * WEI;
/** $0.25 minimum taker fee per order, in wei (§7). */
export const MIN_FEE_WEI = WEI / 4n;

/** Wallet-signed key-management signatures are valid five minutes (§2.2). */
export const AUTH_SIGNATURE_TTL_S = 300;

/**
 * errno values. Those marked (venue) are recorded or listed by the venue's clients; the others are
 * the simulator's choice for failures whose code is not published (§10). Their messages carry the
 * fragments clients match on ("Insufficient token balance", "below the minimum required value",
 * "must be the current multi-signature wallet").
 */
export const ERRNO = {
  badParams: 10000, // (venue) "token_id is required"
  enableTrading: 10014, // (venue)
  topicNotFound: 10200, // (venue) "Topic ID does not exist"
  invalidSignature: 10601,
  badPrice: 10602,
  belowMinimum: 10603,
  insufficientBalance: 10604,
  depthNotEnough: 10605, // (venue)
  marketNotTradable: 10606,
  makerMismatch: 10607,
  orderNotFound: 10608,
  duplicateOrder: 10609,
  postOnlyMarket: 10610, // (venue)
  postOnlyCross: 10611,
  noWallet: 11001, // (venue)
  invalidApiKey: 11002, // (venue)
  issuanceDisabled: 11004, // (venue)
  notRegistered: 11005, // (venue)
  keyExists: 11009, // (venue)
  noKey: 11010, // (venue)
  authBadSignature: 11011, // (venue)
  authExpired: 11012, // (venue)
  authReused: 11013, // (venue)
  rateLimited: 429,
} as const;

export const ERRMSG = {
  topicNotFound: 'Topic ID does not exist',
  enableTrading: 'Please enable trading first',
  depthNotEnough: 'Depth not enough',
  postOnlyMarket: 'postOnly is not allowed for market orders',
  postOnlyCross: 'postOnly order would cross the book',
  noWallet: 'This API Key has no related Opinion Login Wallet yet',
  invalidApiKey: 'Invalid API key',
  insufficientBalance: 'Insufficient token balance',
  belowMinimum: 'Order value is below the minimum required value of 5 USDT',
  makerMismatch: 'Order maker must be the current multi-signature wallet',
  invalidSignature: 'Invalid order signature',
  badPrice: 'Price must be a multiple of 0.001 strictly between 0 and 1 and equal to the signed amounts',
  marketNotTradable: 'Market is not open for trading',
  orderNotFound: 'Order does not exist',
  duplicateOrder: 'Duplicate order',
  issuanceDisabled: 'Self-service key issuance is temporarily disabled',
  notRegistered: 'Wallet is not a registered Opinion account',
  keyExists: 'API key already exists',
  noKey: 'No API key found for this wallet',
  authBadSignature: 'Invalid signature',
  authExpired: 'Signature expired',
  authReused: 'Signature already used',
  rateLimited: 'Too Many Requests',
} as const;
