import { defineVenue } from '../../src/venue/index.js';
import { createKalshiAdapter } from './adapter.js';
import { kalshiConfigSchema, KALSHI_VARIABLES, type KalshiConfig } from './config.js';
import { DEMO_KEY_ID, DEMO_PRIVATE_KEY_PATH, startKalshiSim } from './sim/index.js';

/** The Kalshi venue module: configuration, adapter and simulator (docs/venues/kalshi.md). */
export const kalshi = defineVenue<KalshiConfig>({
  id: 'kalshi',
  displayName: 'Kalshi',
  configSchema: kalshiConfigSchema,
  variables: KALSHI_VARIABLES,
  secrets: ['privateKey'],
  hosts: (c) => [c.apiUrl, c.wsUrl],
  createAdapter: (c, { logger }) =>
    createKalshiAdapter({
      restUrl: c.apiUrl,
      wsUrl: c.wsUrl,
      tier: c.rateTier,
      credentials: c.apiKeyId && c.privateKey ? { keyId: c.apiKeyId, privateKey: c.privateKey } : undefined,
      logger,
    }),
  async startSimulator({ seed, markets, crossListed }) {
    const sim = await startKalshiSim({ port: 0, seed, markets, crossListed: crossListed ?? false });
    return {
      // The simulator accepts its published demo key, so the authenticated stream works offline.
      env: {
        KALSHI_API_URL: sim.restUrl,
        KALSHI_WS_URL: sim.wsUrl,
        KALSHI_API_KEY_ID: DEMO_KEY_ID,
        KALSHI_PRIVATE_KEY_PATH: DEMO_PRIVATE_KEY_PATH,
        KALSHI_PRIVATE_KEY: '',
      },
      faults: sim.faults,
      close: () => sim.close(),
    };
  },
});

export { createKalshiAdapter, kalshiHosts } from './adapter.js';
export type { KalshiAdapter, KalshiAdapterOptions, KalshiExtras } from './adapter.js';
export type { KalshiConfig } from './config.js';
export type { KalshiStream, LifecycleEvent } from './stream.js';
export type { KalshiTier, TierBudget } from './limits.js';
export { kalshiFee } from './fees.js';
