import { Wallet, keccak256, toUtf8Bytes } from 'ethers';
import { defineVenue } from '../../src/venue/index.js';
import { createOpinionAdapter } from './adapter.js';
import { opinionConfigSchema, OPINION_VARIABLES, type OpinionConfig } from './config.js';
import { startOpinionSim } from './sim/index.js';

/**
 * The wallet the demo trades with against the simulator: a published, test-only key (derived from a
 * fixed phrase, worthless anywhere else), registered with an API key and a funded Safe.
 */
export const DEMO_PRIVATE_KEY = keccak256(toUtf8Bytes('venn opinion simulator demo wallet (test only)'));
export const DEMO_API_KEY = 'venn-opinion-demo-key';
const DEMO_USDT = '10000';

/** The Opinion venue module: configuration, adapter and simulator (docs/venues/opinion.md). */
export const opinion = defineVenue<OpinionConfig>({
  id: 'opinion',
  displayName: 'Opinion',
  configSchema: opinionConfigSchema,
  variables: OPINION_VARIABLES,
  secrets: ['apiKey', 'privateKey'],
  hosts: (c) => [c.apiUrl, c.wsUrl],
  createAdapter: (c, { logger }) =>
    createOpinionAdapter({
      restUrl: c.apiUrl,
      wsUrl: c.wsUrl,
      ...(c.apiKey ? { apiKey: c.apiKey } : {}),
      ...(c.privateKey ? { privateKey: c.privateKey } : {}),
      signatureType: c.signatureType,
      ...(c.safeAddress ? { safeAddress: c.safeAddress } : {}),
      chainId: c.chainId,
      logger,
    }),
  async startSimulator({ seed, markets }) {
    const wallet = new Wallet(DEMO_PRIVATE_KEY);
    const sim = await startOpinionSim({ port: 0, seed, markets, accounts: [{ address: wallet.address, apiKey: DEMO_API_KEY, usdt: DEMO_USDT }] });
    return {
      env: {
        OPINION_API_URL: sim.restUrl,
        OPINION_WS_URL: sim.wsUrl,
        OPINION_API_KEY: DEMO_API_KEY,
        OPINION_PRIVATE_KEY: DEMO_PRIVATE_KEY,
        OPINION_SAFE_ADDRESS: sim.account(wallet.address)?.safe ?? '',
      },
      close: () => sim.close(),
    };
  },
});

export { createOpinionAdapter, OPINION_HOSTS } from './adapter.js';
export type { OpinionAdapter, OpinionAdapterOptions, OpinionExtras } from './adapter.js';
export type { OpinionConfig } from './config.js';
export type { OpinionStream, OpinionStreamStats } from './stream.js';
export type { MarketOrderRequest } from './trading.js';
export type { CancelAllResult } from './trading-account.js';
export type { BookAssumption } from './map-book.js';
export type { OpinionMarket } from './map-market.js';
export { quoteOpinionFee, FEE_MODEL } from './fees.js';
