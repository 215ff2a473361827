/** Shared state of one simulator instance, handed to every route and to the WebSocket channel. */
import type { Logger } from 'pino';
import type { FaultInjector, SimBucketSet } from '../../../src/sim/index.js';
import type { Accounts } from './accounts.js';
import type { Exchange } from './exchange.js';
import type { Universe } from './generate.js';
import type { Ledger } from './ledger.js';

export interface QuoteTokenEntry {
  chainId: string;
  createdAt: number;
  ctfExchangeAddress: string;
  decimal: number;
  id: number;
  quoteTokenAddress: string;
  quoteTokenName: string;
  symbol: string;
}

export interface SimStats {
  requests: number;
  rateLimited: number;
}

export interface SimContext {
  universe: Universe;
  exchange: Exchange;
  ledger: Ledger;
  accounts: Accounts;
  quoteTokens: QuoteTokenEntry[];
  faults: FaultInjector;
  buckets: SimBucketSet;
  stats: SimStats;
  now: () => number;
  enforceRateLimits: boolean;
  /** `POST /auth/api-key` answers 11004 while true. */
  keyIssuanceDisabled: boolean;
  /** Key-management signatures already used (create and delete are one-shot), with their expiry. */
  usedAuthSignatures: Map<string, number>;
  logger?: Logger;
}
