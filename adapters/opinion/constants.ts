/**
 * Fixed facts of Opinion the adapter relies on (docs/venues/opinion.md): production hosts, chain,
 * collateral, EIP-712 domain names, the price grid and the order minimum.
 */

export const VENUE = 'opinion' as const;

/** Production hosts (§1): REST base including `/openapi`, and the WebSocket. */
export const OPINION_HOSTS = {
  rest: 'https://openapi.opinion.trade/openapi',
  ws: 'wss://ws.opinion.trade',
} as const;

/** BNB Chain. */
export const CHAIN_ID = 56;

/** BEP-20 USDT, the collateral of Opinion's markets (§1). */
export const USDT_ADDRESS = '0x55d398326f99059fF775485246999027B3197955';

/** Decimals the official SDK assumes when `/quoteToken` omits `decimal` (§6.2). */
export const SDK_FALLBACK_DECIMALS = 6;

export const ORDER_DOMAIN_NAME = 'OPINION CTF Exchange';
export const API_KEY_DOMAIN_NAME = 'Opinion OpenAPI';

export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';

/** Price grid (§6.5): multiples of 0.001 strictly between 0 and 1. */
export const TICK_SIZE = '0.001';

/** Smallest order value the venue accepts, in USDT (§6.5). */
export const MIN_ORDER_VALUE = '5';

/** Prices are signed with at most this many decimals (§6.2). */
export const PRICE_DECIMALS = 6;

/** Page size ceiling of every list endpoint (§3). */
export const MAX_PAGE_SIZE = 20;

/** REST budget per API key (§3). */
export const REQUESTS_PER_SECOND = 15;

/** The official SDK sends a heartbeat this often; idle sockets are closed (§9). */
export const HEARTBEAT_INTERVAL_MS = 30_000;
