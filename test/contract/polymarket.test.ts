import { Wallet } from 'ethers';
import { createPolymarketAdapter } from '../../adapters/polymarket/index.js';
import { startPolymarketSim } from '../../adapters/polymarket/sim/index.js';
import { describeAdapterContract } from './adapter-contract.js';

describeAdapterContract('polymarket', async () => {
  const wallet = Wallet.createRandom();
  const sim = await startPolymarketSim({ seed: 7, markets: 60, fund: [{ address: wallet.address, amount: '1000' }], botRatePerSecond: 40 });
  const adapter = createPolymarketAdapter({
    gammaUrl: sim.gammaUrl,
    clobUrl: sim.clobUrl,
    dataUrl: sim.dataUrl,
    wsMarketUrl: `${sim.wsUrl}/ws/market`,
    wsUserUrl: `${sim.wsUrl}/ws/user`,
    wallet,
  });
  const market = sim.markets().find((m) => !m.closed && m.tickSize === '0.01' && m.secondsDelay === 0);
  if (!market) throw new Error('the simulator has no open 0.01-tick market');
  return {
    adapter,
    trading: { marketNativeId: market.conditionId, buyPrice: '0.01', size: market.minOrderSize },
    teardown: async () => {
      await adapter.close();
      await sim.close();
    },
  };
});

describeAdapterContract('polymarket (read-only, no key)', async () => {
  const sim = await startPolymarketSim({ seed: 8, markets: 40, botRatePerSecond: 40 });
  const adapter = createPolymarketAdapter({
    gammaUrl: sim.gammaUrl,
    clobUrl: sim.clobUrl,
    dataUrl: sim.dataUrl,
    wsMarketUrl: `${sim.wsUrl}/ws/market`,
  });
  return {
    adapter,
    teardown: async () => {
      await adapter.close();
      await sim.close();
    },
  };
});
