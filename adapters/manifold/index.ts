import { defineVenue } from '../../src/venue/index.js';
import { createManifoldAdapter } from './adapter.js';
import { manifoldConfigSchema, MANIFOLD_VARIABLES, type ManifoldConfig } from './config.js';
import { startManifoldSim } from './sim/index.js';

/** The key and mana balance the simulator gives the demo's account. */
const DEMO_API_KEY = 'venn-demo-manifold-key';
const DEMO_USERNAME = 'VennDemo';
const DEMO_BALANCE = '10000';

/** The Manifold venue module: configuration, adapter and simulator (docs/venues/manifold.md). */
export const manifold = defineVenue<ManifoldConfig>({
  id: 'manifold',
  displayName: 'Manifold',
  configSchema: manifoldConfigSchema,
  variables: MANIFOLD_VARIABLES,
  secrets: ['apiKey'],
  hosts: (c) => [c.apiUrl, c.wsUrl],
  createAdapter: (c, { logger }) =>
    createManifoldAdapter({
      restUrl: c.apiUrl,
      wsUrl: c.wsUrl,
      ...(c.apiKey ? { apiKey: c.apiKey } : {}),
      logger,
    }),
  async startSimulator({ seed, markets }) {
    const sim = await startManifoldSim({ port: 0, seed, markets, apiKeys: [{ key: DEMO_API_KEY, username: DEMO_USERNAME, balance: DEMO_BALANCE }] });
    return {
      // A funded account on the simulator, so the demo can bet too.
      env: { MANIFOLD_API_URL: sim.restUrl, MANIFOLD_WS_URL: sim.wsUrl, MANIFOLD_API_KEY: DEMO_API_KEY },
      close: () => sim.close(),
    };
  },
});

export { createManifoldAdapter, MANIFOLD_HOSTS } from './adapter.js';
export { quoteManifoldFee } from './fees.js';
export type { ManifoldAdapter, ManifoldAdapterOptions, ManifoldExtras } from './adapter.js';
export type { ManifoldConfig } from './config.js';
export type { ManifoldStream, ManifoldStreamStats } from './stream.js';
export type { SkipCounts } from './market-data-catalog.js';
