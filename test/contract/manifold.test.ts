import { createManifoldAdapter } from '../../adapters/manifold/index.js';
import { nativeIdsOf } from '../../adapters/manifold/map-market.js';
import { startManifoldSim, type ManifoldSim } from '../../adapters/manifold/sim/index.js';
import { describeAdapterContract } from './adapter-contract.js';

/** The shared adapter contract against the Manifold adapter and its in-process simulator. */

const KEY = 'contract-manifold-key';
/** The adapter's per-request deadline in these runs (a hung response outlasts it). */
const TIMEOUT_MS = 4_000;
/** Manifold's bet placement, under the simulator's `/v0`. */
const PLACE_ORDER = { method: 'POST', path: /^\/v0\/bet$/ };
/**
 * Background bot actions per second. Each runs the venue's CPMM matching in fixed point
 * (milliseconds of CPU), so the rate stays modest; `activity` drives the market a case watches.
 */
const BOTS_PER_SECOND = 8;

/** Bot actions on one market (a contract, or an answer of one). */
function activity(sim: ManifoldSim): (nativeId: string) => void {
  return (nativeId) => {
    const { contractId, answerId } = nativeIdsOf(nativeId);
    sim.stepBots(5, { contractId, ...(answerId !== undefined ? { answerId } : {}) });
  };
}

describeAdapterContract('manifold', { trading: true, faults: true }, async () => {
  const sim = await startManifoldSim({ seed: 5, markets: 60, botRatePerSecond: BOTS_PER_SECOND, apiKeys: [{ key: KEY, username: 'ContractTrader', balance: '100000' }] });
  const adapter = createManifoldAdapter({
    restUrl: sim.restUrl,
    wsUrl: sim.wsUrl,
    apiKey: KEY,
    timeoutMs: TIMEOUT_MS,
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
    stream: { backoff: { baseMs: 20, maxMs: 500 } },
    reconcile: { delayMs: 50 },
  });
  // An open binary market well above 0.01: a resting YES bid at 0.01 (and at 0.02) stays far from the touch.
  const contract = sim.markets().find((m) => m.outcomeType === 'BINARY' && m.mechanism === 'cpmm-1' && m.tradable && m.visibility === 'public' && (sim.state.contracts.get(m.id)?.p ?? 0n) > 0n);
  if (!contract) throw new Error('the simulator has no open binary market');
  const market = await adapter.getMarket(contract.id);
  if (market.bestBid === null || market.bestBid < '0.05') throw new Error(`the trading market ${market.id} sits too low (${market.bestBid})`);
  const userId = sim.user('ContractTrader').id;
  return {
    adapter,
    activity: activity(sim),
    // Ṁ1 at 0.01 buys 100 shares.
    trading: {
      marketNativeId: contract.id,
      buyPrice: '0.01',
      size: '100',
      ordersAtVenue: () => sim.state.betList.filter((b) => b.userId === userId && b.contractId === contract.id && b.limitProb !== undefined).length,
    },
    // The simulator's 429 carries no Retry-After: none is documented (docs/venues/manifold.md §Rate limits).
    faults: { injector: sim.faults, placeOrderRoute: PLACE_ORDER, retryAfterMs: null, requestTimeoutMs: TIMEOUT_MS },
    teardown: async () => {
      await adapter.close();
      await sim.close();
    },
  };
});

describeAdapterContract('manifold (read-only, no key)', { trading: false, faults: true }, async () => {
  const sim = await startManifoldSim({ seed: 6, markets: 40, botRatePerSecond: BOTS_PER_SECOND });
  const adapter = createManifoldAdapter({ restUrl: sim.restUrl, wsUrl: sim.wsUrl, retry: { baseDelayMs: 20, maxDelayMs: 200 } });
  return {
    adapter,
    activity: activity(sim),
    faults: { injector: sim.faults, placeOrderRoute: PLACE_ORDER, retryAfterMs: null, requestTimeoutMs: 10_000 },
    teardown: async () => {
      await adapter.close();
      await sim.close();
    },
  };
});
