import { Wallet } from 'ethers';
import { createPolymarketAdapter } from '../../adapters/polymarket/index.js';
import { startPolymarketSim } from '../../adapters/polymarket/sim/index.js';
import { createL2Credentials } from '../support/polymarket-creds.js';
import { describeTradingE2E } from './trading-e2e.js';

/** Trading through the API on the Polymarket simulator. */

const TIMEOUT_MS = 1_500;

describeTradingE2E('polymarket', async (logger) => {
  const wallet = Wallet.createRandom();
  const sim = await startPolymarketSim({ seed: 23, markets: 40, fund: [{ address: wallet.address, amount: '1000' }], botRatePerSecond: 20 });
  const creds = await createL2Credentials(sim.clobUrl, wallet);
  const adapter = createPolymarketAdapter({
    gammaUrl: sim.gammaUrl,
    clobUrl: sim.clobUrl,
    dataUrl: sim.dataUrl,
    wsMarketUrl: `${sim.wsUrl}/ws/market`,
    wsUserUrl: `${sim.wsUrl}/ws/user`,
    wallet,
    apiCredentials: creds,
    timeoutMs: TIMEOUT_MS,
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
    logger,
  });
  const market = sim.markets().find((m) => !m.closed && m.tickSize === '0.01' && m.secondsDelay === 0);
  if (!market) throw new Error('the simulator has no open 0.01-tick market');
  const conditionId = market.conditionId;
  sim.stepBots(20, conditionId);
  return {
    venue: 'polymarket',
    adapter,
    requestTimeoutMs: TIMEOUT_MS,
    faults: sim.faults,
    placeOrderRoute: { method: 'POST', path: /^\/clob\/order$/ },
    market: { nativeId: conditionId, restingPrice: '0.01', size: market.minOrderSize },
    ordersAtVenue: () => sim.orders({ maker: wallet.address, conditionId }).length,
    activity: () => sim.stepBots(50, conditionId),
    secrets: [wallet.privateKey, creds.secret, creds.passphrase],
    realMoney: true,
    teardown: () => sim.close(),
  };
});
