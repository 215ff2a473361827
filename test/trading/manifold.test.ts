import { createManifoldAdapter } from '../../adapters/manifold/index.js';
import { startManifoldSim } from '../../adapters/manifold/sim/index.js';
import { describeTradingE2E } from './trading-e2e.js';

/** Trading through the API on the Manifold simulator (play money: mana). */

const TIMEOUT_MS = 1_500;
const API_KEY = 'e2e-manifold-api-key';

describeTradingE2E('manifold', async (logger) => {
  const sim = await startManifoldSim({ seed: 27, markets: 40, botRatePerSecond: 20, rateLimitPerMinute: 0, apiKeys: [{ key: API_KEY, username: 'E2ETrader', balance: '5000' }] });
  const adapter = createManifoldAdapter({ restUrl: sim.restUrl, wsUrl: sim.wsUrl, apiKey: API_KEY, timeoutMs: TIMEOUT_MS, retry: { baseDelayMs: 20, maxDelayMs: 200 }, reconcile: { delayMs: 50 }, logger });
  const contract = sim.markets().find((m) => m.outcomeType === 'BINARY' && m.tradable && m.visibility === 'public');
  if (!contract) throw new Error('the simulator has no tradable public binary contract');
  const contractId = contract.id;
  const userId = sim.user('E2ETrader').id;
  sim.stepBots(30, { contractId });
  return {
    venue: 'manifold',
    adapter,
    requestTimeoutMs: TIMEOUT_MS,
    faults: sim.faults,
    placeOrderRoute: { method: 'POST', path: /^\/v0\/bet$/ },
    // A limit buy of 100 YES shares at 1%: far below the pool's probability, it rests.
    market: { nativeId: contractId, restingPrice: '0.01', size: '100' },
    ordersAtVenue: () => sim.state.betList.filter((b) => b.userId === userId && b.contractId === contractId && b.limitProb !== undefined).length,
    activity: () => sim.stepBots(50, { contractId }),
    secrets: [API_KEY],
    realMoney: false,
    // An AMM fill is reported as grid parts whose sizes are the venue's float shares floored to 6
    // decimals (docs/venues/manifold.md, Mapping), so their cost differs from the mana paid by less
    // than 10^-6 per part.
    fillCostSlack: { perFill: '0.000001', why: 'AMM fill sizes at 6 decimals of the venue’s shares' },
    teardown: () => sim.close(),
  };
});
