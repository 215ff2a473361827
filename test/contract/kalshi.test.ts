import { createKalshiAdapter } from '../../adapters/kalshi/index.js';
import { DEMO_KEY_ID, DEMO_PRIVATE_KEY_PATH, startKalshiSim } from '../../adapters/kalshi/sim/index.js';
import { describeAdapterContract } from './adapter-contract.js';

/** The shared adapter contract against the Kalshi adapter and its in-process simulator. */

describeAdapterContract('kalshi', async () => {
  const sim = await startKalshiSim({ seed: 1, markets: 60, botRatePerSecond: 40 });
  const adapter = createKalshiAdapter({
    restUrl: sim.restUrl,
    wsUrl: sim.wsUrl,
    credentials: { keyId: DEMO_KEY_ID, privateKey: DEMO_PRIVATE_KEY_PATH },
    stream: { backoff: { baseMs: 20, maxMs: 500 } },
  });
  // A cent-grid open market; a resting buy at 0.01 is far from any touch.
  let marketNativeId: string | undefined;
  for await (const page of adapter.listMarkets({ status: ['open'], pageSize: 100 })) {
    marketNativeId = page.items.find((m) => m.tickSize === '0.01')?.nativeId;
    if (marketNativeId) break;
  }
  if (!marketNativeId) throw new Error('the simulator lists no open cent-grid market');
  return {
    adapter,
    trading: { marketNativeId, buyPrice: '0.01', size: '1' },
    teardown: async () => {
      await adapter.close();
      await sim.close();
    },
  };
});

describeAdapterContract('kalshi (no credentials)', async () => {
  const sim = await startKalshiSim({ seed: 2, markets: 30, botRatePerSecond: 20 });
  // The origin form of the host option.
  const adapter = createKalshiAdapter({ baseUrl: sim.url });
  return {
    adapter,
    teardown: async () => {
      await adapter.close();
      await sim.close();
    },
  };
});
