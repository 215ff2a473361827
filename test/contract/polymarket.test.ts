import { Wallet } from 'ethers';
import { createPolymarketAdapter } from '../../adapters/polymarket/index.js';
import { startPolymarketSim } from '../../adapters/polymarket/sim/index.js';
import { describeAdapterContract } from './adapter-contract.js';

/** The shared adapter contract against the Polymarket adapter and its in-process simulator. */

const TIMEOUT_MS = 1_500;
/** CLOB order create, under the simulator's `/clob` prefix. */
const PLACE_ORDER = { method: 'POST', path: /^\/clob\/order$/ };
/** The simulator's injected 429s carry `Retry-After: 1` (docs/venues/polymarket.md §8.1). */
const RETRY_AFTER_MS = 1_000;

describeAdapterContract('polymarket', { trading: true, faults: true }, async () => {
  const wallet = Wallet.createRandom();
  const sim = await startPolymarketSim({ seed: 7, markets: 60, fund: [{ address: wallet.address, amount: '1000' }], botRatePerSecond: 40 });
  const adapter = createPolymarketAdapter({
    gammaUrl: sim.gammaUrl,
    clobUrl: sim.clobUrl,
    dataUrl: sim.dataUrl,
    wsMarketUrl: `${sim.wsUrl}/ws/market`,
    wsUserUrl: `${sim.wsUrl}/ws/user`,
    wallet,
    timeoutMs: TIMEOUT_MS,
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
  });
  const market = sim.markets().find((m) => !m.closed && m.tickSize === '0.01' && m.secondsDelay === 0);
  if (!market) throw new Error('the simulator has no open 0.01-tick market');
  const conditionId = market.conditionId;
  // Touch the book so that it exists, two-sided, before the contract reads it.
  sim.stepBots(20, conditionId);
  return {
    adapter,
    activity: (nativeId) => sim.stepBots(50, nativeId),
    trading: {
      marketNativeId: conditionId,
      buyPrice: '0.01',
      size: market.minOrderSize,
      ordersAtVenue: () => sim.orders({ maker: wallet.address, conditionId }).length,
    },
    faults: { injector: sim.faults, placeOrderRoute: PLACE_ORDER, retryAfterMs: RETRY_AFTER_MS, requestTimeoutMs: TIMEOUT_MS },
    teardown: async () => {
      await adapter.close();
      await sim.close();
    },
  };
});

describeAdapterContract('polymarket (read-only, no key)', { trading: false, faults: true }, async () => {
  const sim = await startPolymarketSim({ seed: 8, markets: 40, botRatePerSecond: 40 });
  const adapter = createPolymarketAdapter({
    gammaUrl: sim.gammaUrl,
    clobUrl: sim.clobUrl,
    dataUrl: sim.dataUrl,
    wsMarketUrl: `${sim.wsUrl}/ws/market`,
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
  });
  return {
    adapter,
    activity: (nativeId) => sim.stepBots(50, nativeId),
    faults: { injector: sim.faults, placeOrderRoute: PLACE_ORDER, retryAfterMs: RETRY_AFTER_MS, requestTimeoutMs: 10_000 },
    teardown: async () => {
      await adapter.close();
      await sim.close();
    },
  };
});
