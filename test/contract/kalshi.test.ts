import { createKalshiAdapter } from '../../adapters/kalshi/index.js';
import { DEMO_KEY_ID, DEMO_PRIVATE_KEY_PATH, startKalshiSim } from '../../adapters/kalshi/sim/index.js';
import { describeAdapterContract } from './adapter-contract.js';

/** The shared adapter contract against the Kalshi adapter and its in-process simulator. */

/** The adapter's per-request deadline in these runs (a hung response outlasts it). */
const TIMEOUT_MS = 1_500;
/** Kalshi's order create (V2). */
const PLACE_ORDER = { method: 'POST', path: /\/portfolio\/events\/orders$/ };

describeAdapterContract('kalshi', { trading: true, faults: true }, async () => {
  const sim = await startKalshiSim({ seed: 1, markets: 60, botRatePerSecond: 40 });
  const adapter = createKalshiAdapter({
    restUrl: sim.restUrl,
    wsUrl: sim.wsUrl,
    credentials: { keyId: DEMO_KEY_ID, privateKey: DEMO_PRIVATE_KEY_PATH },
    timeoutMs: TIMEOUT_MS,
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
    stream: { backoff: { baseMs: 20, maxMs: 500 } },
  });
  // A cent-grid open market with both sides quoted; a resting buy at 0.01 is far from any touch.
  let marketNativeId: string | undefined;
  for await (const page of adapter.listMarkets({ status: ['open'], pageSize: 100 })) {
    marketNativeId = page.items.find((m) => m.tickSize === '0.01' && m.bestBid !== null && m.bestAsk !== null && m.bestBid !== '0.01')?.nativeId;
    if (marketNativeId) break;
  }
  if (!marketNativeId) throw new Error('the simulator lists no open two-sided cent-grid market');
  const ticker = marketNativeId;
  const userId = sim.userIdFor(DEMO_KEY_ID);
  return {
    adapter,
    activity: (nativeId) => sim.bots.step(50, nativeId),
    trading: { marketNativeId: ticker, buyPrice: '0.01', size: '1', ordersAtVenue: () => sim.orders({ userId, ticker }).length },
    // Kalshi sends no Retry-After with a 429 (docs/venues/kalshi.md §8).
    faults: { injector: sim.faults, placeOrderRoute: PLACE_ORDER, retryAfterMs: null, requestTimeoutMs: TIMEOUT_MS },
    teardown: async () => {
      await adapter.close();
      await sim.close();
    },
  };
});

describeAdapterContract('kalshi (no credentials)', { trading: false, faults: true }, async () => {
  const sim = await startKalshiSim({ seed: 2, markets: 30, botRatePerSecond: 20 });
  // The origin form of the host option.
  const adapter = createKalshiAdapter({ baseUrl: sim.url, retry: { baseDelayMs: 20, maxDelayMs: 200 } });
  return {
    adapter,
    activity: (nativeId) => sim.bots.step(50, nativeId),
    faults: { injector: sim.faults, placeOrderRoute: PLACE_ORDER, retryAfterMs: null, requestTimeoutMs: 10_000 },
    teardown: async () => {
      await adapter.close();
      await sim.close();
    },
  };
});
