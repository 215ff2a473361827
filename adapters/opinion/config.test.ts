import { describe, expect, it, vi } from 'vitest';
import { problemsOf } from '../../src/venue/index.js';
import { opinionConfigSchema } from './config.js';
import { opinion } from './index.js';

const KEY = `0x${'ab'.repeat(32)}`;

describe('Opinion configuration', () => {
  it('defaults to the production hosts, signature type 2 and chain 56, without credentials', () => {
    expect(opinionConfigSchema.parse({})).toEqual({
      apiUrl: 'https://openapi.opinion.trade/openapi',
      wsUrl: 'wss://ws.opinion.trade',
      apiKey: null,
      privateKey: null,
      signatureType: 2,
      safeAddress: null,
      chainId: 56,
    });
  });

  it('reads the key, the wallet and the Safe; the module declares the secrets', () => {
    const c = opinionConfigSchema.parse({ OPINION_API_KEY: 'k-1', OPINION_PRIVATE_KEY: KEY, OPINION_SAFE_ADDRESS: '0x1234567890AbcdEF1234567890aBcdef12345678' });
    expect(c).toMatchObject({ apiKey: 'k-1', privateKey: KEY, safeAddress: '0x1234567890AbcdEF1234567890aBcdef12345678' });
    expect(opinion.secrets).toEqual(['apiKey', 'privateKey']);
    expect(opinion.variables.filter((v) => v.secret).map((v) => v.name)).toEqual(['OPINION_API_KEY', 'OPINION_PRIVATE_KEY']);
    expect(opinion.hosts(c)).toEqual(['https://openapi.opinion.trade/openapi', 'wss://ws.opinion.trade']);
  });

  it('refuses a Safe with EOA signatures and a malformed key, naming the variable and not the value', () => {
    const safe = opinionConfigSchema.safeParse({ OPINION_SIGNATURE_TYPE: '0', OPINION_SAFE_ADDRESS: '0x1234567890AbcdEF1234567890aBcdef12345678' });
    expect(safe.success).toBe(false);
    expect(problemsOf(safe.error!).map((p) => p.variable)).toEqual(['OPINION_SAFE_ADDRESS']);
    const key = opinionConfigSchema.safeParse({ OPINION_PRIVATE_KEY: '0xdeadbeef' });
    expect(key.success).toBe(false);
    const problems = problemsOf(key.error!);
    expect(problems.map((p) => p.variable)).toEqual(['OPINION_PRIVATE_KEY']);
    expect(JSON.stringify(problems)).not.toContain('deadbeef');
  });

  it('starts a simulator whose environment authenticates the adapter (API key, wallet, Safe) and streams live books', async () => {
    const sim = await opinion.startSimulator({ seed: 3, markets: 12 });
    try {
      const config = opinionConfigSchema.parse(sim.env);
      expect(config.apiKey).not.toBeNull();
      const adapter = opinion.createAdapter(config, { logger: (await import('pino')).pino({ level: 'silent' }) });
      try {
        expect(adapter.authenticated).toBe(true);
        const balances = await adapter.getBalances();
        expect(balances).toEqual([{ venue: 'opinion', currency: 'USDT', available: '10000', total: '10000' }]);
        const market = (await adapter.listMarkets({ status: ['open'] })[Symbol.asyncIterator]().next()).value!.items[0]!;
        const stream = adapter.stream();
        const seen: string[] = [];
        stream.onEvent((e) => seen.push(e.type));
        try {
          await stream.subscribe([market.id], ['book']);
          // The demo's market makers move the book.
          await vi.waitFor(() => expect(seen.filter((t) => t === 'delta').length).toBeGreaterThan(2), { timeout: 10_000 });
          expect(seen.indexOf('snapshot')).toBeGreaterThanOrEqual(0);
          expect(seen.indexOf('snapshot')).toBeLessThan(seen.indexOf('delta'));
        } finally {
          await stream.close();
        }
      } finally {
        await adapter.close();
      }
    } finally {
      await sim.close();
    }
  });
});
