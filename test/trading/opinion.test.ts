import { Wallet } from 'ethers';
import { createOpinionAdapter } from '../../adapters/opinion/index.js';
import { startOpinionSim } from '../../adapters/opinion/sim/index.js';
import { describeTradingE2E } from './trading-e2e.js';

/** Trading through the API on the Opinion simulator. */

const TIMEOUT_MS = 1_500;

describeTradingE2E('opinion', async (logger) => {
  const wallet = Wallet.createRandom();
  const apiKey = 'e2e-opinion-api-key';
  const sim = await startOpinionSim({ seed: 25, markets: 40, botRatePerSecond: 20, accounts: [{ address: wallet.address, apiKey, usdt: '5000' }] });
  const adapter = createOpinionAdapter({ restUrl: sim.restUrl, wsUrl: sim.wsUrl, apiKey, wallet, timeoutMs: TIMEOUT_MS, retry: { baseDelayMs: 20, maxDelayMs: 200 }, logger });
  const market = sim.markets().find((m) => m.status === 2 && m.parentId === null);
  if (!market) throw new Error('the simulator has no open standalone market');
  const marketId = market.marketId;
  sim.stepBots(20, marketId);
  return {
    venue: 'opinion',
    adapter,
    requestTimeoutMs: TIMEOUT_MS,
    faults: sim.faults,
    placeOrderRoute: { method: 'POST', path: /^\/openapi\/order$/ },
    // 600 shares at 0.01 = 6 USDT, above the venue's $5 minimum and far below the book.
    market: { nativeId: String(marketId), restingPrice: '0.01', size: '600' },
    ordersAtVenue: () => sim.orders({ eoa: wallet.address, marketId }).length,
    activity: () => sim.stepBots(50, marketId),
    secrets: [wallet.privateKey, apiKey],
    realMoney: true,
    teardown: () => sim.close(),
  };
});
