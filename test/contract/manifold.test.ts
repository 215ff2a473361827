import { createManifoldAdapter } from '../../adapters/manifold/index.js';
import { startManifoldSim } from '../../adapters/manifold/sim/index.js';
import { describeAdapterContract } from './adapter-contract.js';

/** The shared adapter contract against the Manifold adapter and its in-process simulator. */

const KEY = 'contract-manifold-key';
/**
 * Bot actions per second. Each one runs the venue's CPMM matching in fixed point (milliseconds of
 * CPU), so the rate stays modest; the stream and trade cases drive a market with focused steps.
 */
const BOTS_PER_SECOND = 8;

describeAdapterContract('manifold', async () => {
  const sim = await startManifoldSim({ seed: 5, markets: 60, botRatePerSecond: BOTS_PER_SECOND, apiKeys: [{ key: KEY, username: 'ContractTrader', balance: '100000' }] });
  const adapter = createManifoldAdapter({
    restUrl: sim.restUrl,
    wsUrl: sim.wsUrl,
    apiKey: KEY,
    timeoutMs: 4_000,
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
    stream: { backoff: { baseMs: 20, maxMs: 500 } },
    reconcile: { delayMs: 50 },
  });
  // An open binary market well above 0.01, so that a resting YES bid at 0.01 stays far from the touch.
  const market = sim.markets().find((m) => m.outcomeType === 'BINARY' && m.mechanism === 'cpmm-1' && m.tradable && m.visibility === 'public');
  if (!market) throw new Error('the simulator has no open binary market');
  return {
    adapter,
    // Ṁ1 at 0.01 buys 100 shares.
    trading: { marketNativeId: market.id, buyPrice: '0.01', size: '100' },
    teardown: async () => {
      await adapter.close();
      await sim.close();
    },
  };
});

describeAdapterContract('manifold (read-only, no key)', async () => {
  const sim = await startManifoldSim({ seed: 6, markets: 40, botRatePerSecond: BOTS_PER_SECOND });
  const adapter = createManifoldAdapter({ restUrl: sim.restUrl, wsUrl: sim.wsUrl, retry: { baseDelayMs: 20, maxDelayMs: 200 } });
  return {
    adapter,
    teardown: async () => {
      await adapter.close();
      await sim.close();
    },
  };
});
