import { Wallet } from 'ethers';
import { createOpinionAdapter } from '../../adapters/opinion/index.js';
import { startOpinionSim } from '../../adapters/opinion/sim/index.js';
import { describeAdapterContract } from './adapter-contract.js';

/** The shared adapter contract against the Opinion adapter and its in-process simulator. */

/** The adapter's per-request deadline in these runs (a hung response outlasts it). */
const TIMEOUT_MS = 1_500;
/** Opinion's order create, under the simulator's `/openapi` prefix. */
const PLACE_ORDER = { method: 'POST', path: /^\/openapi\/order$/ };
/** The simulator's 429s carry `Retry-After: 1` (docs/venues/opinion.md §3). */
const RETRY_AFTER_MS = 1_000;
const RETRY = { baseDelayMs: 20, maxDelayMs: 200 };

describeAdapterContract('opinion', { trading: true, faults: true }, async () => {
  const wallet = Wallet.createRandom();
  const apiKey = 'contract-key';
  const sim = await startOpinionSim({ seed: 7, markets: 60, botRatePerSecond: 40, accounts: [{ address: wallet.address, apiKey, usdt: '5000' }] });
  const adapter = createOpinionAdapter({ restUrl: sim.restUrl, wsUrl: sim.wsUrl, apiKey, wallet, timeoutMs: TIMEOUT_MS, retry: RETRY });
  const market = sim.markets().find((m) => m.status === 2 && m.parentId === null);
  if (!market) throw new Error('the simulator has no open standalone market');
  // Touch the book so that it exists, two-sided, before the contract reads it.
  sim.stepBots(20, market.marketId);
  return {
    adapter,
    activity: (nativeId) => sim.stepBots(50, Number(nativeId)),
    // 600 shares at 0.01 = 6 USDT, above the $5 minimum and far below the book.
    trading: {
      marketNativeId: String(market.marketId),
      buyPrice: '0.01',
      size: '600',
      ordersAtVenue: () => sim.orders({ eoa: wallet.address, marketId: market.marketId }).length,
    },
    faults: { injector: sim.faults, placeOrderRoute: PLACE_ORDER, retryAfterMs: RETRY_AFTER_MS, requestTimeoutMs: TIMEOUT_MS },
    teardown: async () => {
      await adapter.close();
      await sim.close();
    },
  };
});

describeAdapterContract('opinion (wallet key only: the API key is obtained with wallet signatures)', { trading: true, faults: false }, async () => {
  const wallet = Wallet.createRandom();
  const sim = await startOpinionSim({ seed: 11, markets: 40, botRatePerSecond: 40, apiKeyActivationMs: 300, accounts: [{ address: wallet.address, usdt: '5000' }] });
  const adapter = createOpinionAdapter({ restUrl: sim.restUrl, wsUrl: sim.wsUrl, wallet, keyActivation: { pollMs: 100 }, retry: RETRY });
  const market = sim.markets().find((m) => m.status === 2 && m.parentId !== null);
  if (!market) throw new Error('the simulator has no open categorical option');
  sim.stepBots(20, market.marketId);
  return {
    adapter,
    activity: (nativeId) => sim.stepBots(50, Number(nativeId)),
    // 3000 shares at 0.002 = 6 USDT.
    trading: {
      marketNativeId: String(market.marketId),
      buyPrice: '0.002',
      size: '3000',
      ordersAtVenue: () => sim.orders({ eoa: wallet.address, marketId: market.marketId }).length,
    },
    teardown: async () => {
      await adapter.close();
      await sim.close();
    },
  };
});

describeAdapterContract('opinion (read-only, no key)', { trading: false, faults: true }, async () => {
  const sim = await startOpinionSim({ seed: 8, markets: 40, botRatePerSecond: 40 });
  const adapter = createOpinionAdapter({ restUrl: sim.restUrl, wsUrl: sim.wsUrl, retry: RETRY });
  return {
    adapter,
    activity: (nativeId) => sim.stepBots(50, Number(nativeId)),
    faults: { injector: sim.faults, placeOrderRoute: PLACE_ORDER, retryAfterMs: RETRY_AFTER_MS, requestTimeoutMs: 10_000 },
    teardown: async () => {
      await adapter.close();
      await sim.close();
    },
  };
});
