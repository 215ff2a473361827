import { readFileSync } from 'node:fs';
import { createKalshiAdapter } from '../../adapters/kalshi/index.js';
import { DEMO_KEY_ID, DEMO_PRIVATE_KEY_PATH, startKalshiSim } from '../../adapters/kalshi/sim/index.js';
import { pemSecrets } from '../support/log-capture.js';
import { describeTradingE2E } from './trading-e2e.js';

/** Trading through the API on the Kalshi simulator. */

const TIMEOUT_MS = 1_500;

describeTradingE2E('kalshi', async (logger) => {
  const sim = await startKalshiSim({ seed: 21, markets: 40, botRatePerSecond: 20 });
  const adapter = createKalshiAdapter({
    restUrl: sim.restUrl,
    wsUrl: sim.wsUrl,
    credentials: { keyId: DEMO_KEY_ID, privateKey: DEMO_PRIVATE_KEY_PATH },
    timeoutMs: TIMEOUT_MS,
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
    logger,
  });
  let ticker: string | undefined;
  for await (const page of adapter.listMarkets({ status: ['open'], pageSize: 100 })) {
    ticker = page.items.find((m) => m.tickSize === '0.01' && m.tickRanges.length === 1 && m.bestBid !== null && m.bestAsk !== null && m.bestBid !== '0.01')?.nativeId;
    if (ticker) break;
  }
  if (!ticker) throw new Error('the simulator lists no open two-sided cent-grid market');
  const market = ticker;
  const userId = sim.userIdFor(DEMO_KEY_ID);
  return {
    venue: 'kalshi',
    adapter,
    requestTimeoutMs: TIMEOUT_MS,
    faults: sim.faults,
    placeOrderRoute: { method: 'POST', path: /\/portfolio\/events\/orders$/ },
    market: { nativeId: market, restingPrice: '0.01', size: '1' },
    ordersAtVenue: () => sim.orders({ userId, ticker: market }).length,
    activity: () => sim.bots.step(50, market),
    secrets: pemSecrets(readFileSync(DEMO_PRIVATE_KEY_PATH, 'utf8')),
    realMoney: true,
    teardown: () => sim.close(),
  };
});
