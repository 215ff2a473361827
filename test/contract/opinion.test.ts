import { Wallet } from 'ethers';
import { createOpinionAdapter } from '../../adapters/opinion/index.js';
import { startOpinionSim } from '../../adapters/opinion/sim/index.js';
import { describeAdapterContract } from './adapter-contract.js';

describeAdapterContract('opinion', async () => {
  const wallet = Wallet.createRandom();
  const apiKey = 'contract-key';
  const sim = await startOpinionSim({ seed: 7, markets: 60, botRatePerSecond: 40, accounts: [{ address: wallet.address, apiKey, usdt: '1000' }] });
  const adapter = createOpinionAdapter({ restUrl: sim.restUrl, wsUrl: sim.wsUrl, apiKey, wallet });
  const market = sim.markets().find((m) => m.status === 2 && m.parentId === null);
  if (!market) throw new Error('the simulator has no open standalone market');
  return {
    adapter,
    // 600 shares at 0.01 = 6 USDT, above the $5 minimum and far below the book.
    trading: { marketNativeId: String(market.marketId), buyPrice: '0.01', size: '600' },
    teardown: async () => {
      await adapter.close();
      await sim.close();
    },
  };
});

describeAdapterContract('opinion (wallet key only: the API key is obtained with wallet signatures)', async () => {
  const wallet = Wallet.createRandom();
  const sim = await startOpinionSim({ seed: 11, markets: 40, botRatePerSecond: 40, apiKeyActivationMs: 300, accounts: [{ address: wallet.address, usdt: '500' }] });
  const adapter = createOpinionAdapter({ restUrl: sim.restUrl, wsUrl: sim.wsUrl, wallet, keyActivation: { pollMs: 100 } });
  const market = sim.markets().find((m) => m.status === 2 && m.parentId !== null);
  if (!market) throw new Error('the simulator has no open categorical option');
  return {
    adapter,
    trading: { marketNativeId: String(market.marketId), buyPrice: '0.002', size: '3000' },
    teardown: async () => {
      await adapter.close();
      await sim.close();
    },
  };
});

describeAdapterContract('opinion (read-only, no key)', async () => {
  const sim = await startOpinionSim({ seed: 8, markets: 40, botRatePerSecond: 40 });
  const adapter = createOpinionAdapter({ restUrl: sim.restUrl, wsUrl: sim.wsUrl });
  return {
    adapter,
    teardown: async () => {
      await adapter.close();
      await sim.close();
    },
  };
});
