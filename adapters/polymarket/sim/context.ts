/** Shared state of one simulator instance, handed to every route and WS module. */
import type { Logger } from 'pino';
import type { ApiKeyStore } from './auth-l1.js';
import type { Exchange } from './exchange.js';
import type { PolymarketFaults } from './faults.js';
import type { Universe } from './generate.js';
import type { RateLimiter } from './ratelimit.js';

export interface SimStats {
  requests: number;
  rateLimited: number;
}

export interface SimContext {
  universe: Universe;
  exchange: Exchange;
  keys: ApiKeyStore;
  faults: PolymarketFaults;
  limiter: RateLimiter;
  stats: SimStats;
  /** `${signer}:${signatureType}` → funder wallet last used by that signer (proxy/Safe orders). */
  funders: Map<string, string>;
  now: () => number;
  /** The order version the CLOB runs, served by `GET /version` (2 unless a test changes it). */
  clobVersion: number;
  enforceRateLimits: boolean;
  logger?: Logger;
}
