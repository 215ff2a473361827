import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, MissingCredentials, NotFound } from '../../src/core/index.js';
import { createOpinionAdapter } from './adapter.js';
import { startOpinionSim, type OpinionSim } from './sim/index.js';
import { startTestProxy, type TestProxy } from './test-proxy.js';

/**
 * The wallet-signed API-key lifecycle through the adapter (docs/venues/opinion.md §2.2): a user with
 * only a wallet key gets an API key (read, or created and waited for until it works), can read,
 * revoke and create it again; the key never travels with the key-management calls, and an adapter
 * with neither key nor wallet cannot use the account.
 */
describe('Opinion API keys from a wallet', () => {
  let sim: OpinionSim;
  let proxy: TestProxy;

  beforeAll(async () => {
    sim = await startOpinionSim({ seed: 71, markets: 12, botRatePerSecond: 0, apiKeyActivationMs: 400, enforceRateLimits: false });
    proxy = await startTestProxy(sim.restUrl);
  });
  afterAll(async () => {
    await proxy.close();
    await sim.close();
  });

  it('creates a key for a wallet that has none, waits until it works, then uses it', async () => {
    const wallet = Wallet.createRandom();
    sim.addAccount({ address: wallet.address, usdt: '10' });
    const adapter = createOpinionAdapter({ restUrl: proxy.url, wallet, keyActivation: { pollMs: 50 } });
    try {
      expect(adapter.authenticated).toBe(true);
      const balances = await adapter.getBalances();
      expect(balances[0]).toMatchObject({ currency: 'USDT', total: '10' });
      const calls = proxy.requests.filter((r) => r.path === '/openapi/auth/api-key').map((r) => r.method);
      expect(calls).toEqual(['GET', 'POST']);
      const key = sim.account(wallet.address)!.apiKey!;
      expect(key).toMatch(/^[0-9a-f]{32}$/);
      // The new key was refused until it activated, then accepted.
      const checks = proxy.requests.filter((r) => r.path === '/openapi/user/auth');
      expect(checks.length).toBeGreaterThan(1);
      expect(await adapter.opinion.apiKey.read()).toEqual({ apiKey: key, walletAddress: wallet.address });
    } finally {
      await adapter.close();
    }
  });

  it('reads the existing key instead of creating one; revokes it and creates another', async () => {
    const wallet = Wallet.createRandom();
    sim.addAccount({ address: wallet.address, apiKey: 'existing-key' });
    const adapter = createOpinionAdapter({ restUrl: proxy.url, wallet });
    try {
      const before = proxy.requests.length;
      await adapter.getBalances();
      expect(proxy.requests.slice(before).filter((r) => r.path === '/openapi/auth/api-key').map((r) => r.method)).toEqual(['GET']);
      expect(await adapter.opinion.apiKey.revoke()).toBe(true);
      await expect(adapter.opinion.apiKey.read()).rejects.toBeInstanceOf(NotFound);
      const created = await adapter.opinion.apiKey.create();
      expect(created.apiKey).not.toBe('existing-key');
      expect(sim.account(wallet.address)!.apiKey).toBe(created.apiKey);
    } finally {
      await adapter.close();
    }
  });

  it('a wallet the venue does not know cannot get a key; no key and no wallet is MissingCredentials', async () => {
    const stranger = createOpinionAdapter({ restUrl: proxy.url, wallet: Wallet.createRandom() });
    const nobody = createOpinionAdapter({ restUrl: proxy.url });
    try {
      await expect(stranger.getBalances()).rejects.toThrow(/not a registered Opinion account/);
      await expect(nobody.getBalances()).rejects.toBeInstanceOf(MissingCredentials);
      await expect(nobody.opinion.apiKey.read()).rejects.toBeInstanceOf(MissingCredentials);
      // A wrong configured key is an authentication error.
      const wrong = createOpinionAdapter({ restUrl: proxy.url, apiKey: 'no-such-key' });
      await expect(wrong.getBalances()).rejects.toBeInstanceOf(AuthenticationError);
      await wrong.close();
    } finally {
      await stranger.close();
      await nobody.close();
    }
  });
});
