import { Wallet } from 'ethers';
import { defineVenue } from '../../src/venue/index.js';
import { createPolymarketAdapter } from './adapter.js';
import { polymarketConfigSchema, POLYMARKET_VARIABLES, type PolymarketConfig } from './config.js';
import { startPolymarketSim } from './sim/index.js';

/** pUSD credited to the simulator's demo wallet. */
const DEMO_WALLET_PUSD = '10000';

/** The Polymarket venue module: configuration, adapter and simulator (docs/venues/polymarket.md). */
export const polymarket = defineVenue<PolymarketConfig>({
  id: 'polymarket',
  displayName: 'Polymarket',
  configSchema: polymarketConfigSchema,
  variables: POLYMARKET_VARIABLES,
  secrets: ['privateKey', 'apiSecret', 'apiPassphrase'],
  hosts: (c) => [c.gammaUrl, c.clobUrl, c.dataUrl, c.wsUrl],
  createAdapter: (p, { logger }) =>
    createPolymarketAdapter({
      gammaUrl: p.gammaUrl,
      clobUrl: p.clobUrl,
      dataUrl: p.dataUrl,
      wsMarketUrl: `${p.wsUrl}/market`,
      wsUserUrl: `${p.wsUrl}/user`,
      privateKey: p.privateKey ?? undefined,
      signatureType: p.signatureType,
      funder: p.funder ?? undefined,
      apiCredentials: p.apiKey && p.apiSecret && p.apiPassphrase ? { apiKey: p.apiKey, secret: p.apiSecret, passphrase: p.apiPassphrase } : undefined,
      logger,
    }),
  async startSimulator({ seed, markets, crossListed }) {
    // A fresh wallet, funded on the simulator, so that the demo (and wiring tests) can trade; the
    // simulator derives its L2 credentials through L1 as the venue does (docs/venues/polymarket.md §5).
    const wallet = Wallet.createRandom();
    const sim = await startPolymarketSim({ port: 0, seed, markets, crossListed: crossListed ?? false, fund: [{ address: wallet.address, amount: DEMO_WALLET_PUSD }] });
    return {
      env: {
        POLYMARKET_GAMMA_URL: sim.gammaUrl,
        POLYMARKET_CLOB_URL: sim.clobUrl,
        POLYMARKET_DATA_URL: sim.dataUrl,
        POLYMARKET_WS_URL: `${sim.wsUrl}/ws`,
        POLYMARKET_PRIVATE_KEY: wallet.privateKey,
      },
      close: () => sim.close(),
    };
  },
});

export { createPolymarketAdapter, POLYMARKET_HOSTS } from './adapter.js';
export type { PolymarketAdapter, PolymarketAdapterOptions, PolymarketExtras } from './adapter.js';
export type { PolymarketConfig } from './config.js';
export { BUCKETS } from './limits.js';
export type { ApiCredentials } from './auth-l2.js';
export type { BatchResult } from './trading.js';
export type { ExchangeContracts, SignatureType } from './order-build.js';
export type { SignerTier } from './limits.js';
export type { MarketTradingInfo } from './map-market.js';
export type { PricePoint } from './market-data.js';
