import { describe, expect, it } from 'vitest';
import { manifoldConfigSchema, MANIFOLD_VARIABLES } from './config.js';
import { manifold } from './index.js';

describe('Manifold configuration', () => {
  it('defaults to the production hosts, without a key', () => {
    expect(manifoldConfigSchema.parse({})).toEqual({ apiUrl: 'https://api.manifold.markets/v0', wsUrl: 'wss://api.manifold.markets/ws', apiKey: null });
    expect(manifoldConfigSchema.parse({ MANIFOLD_API_KEY: '' }).apiKey).toBeNull();
  });

  it('takes hosts and a key from the environment; the key is a secret', () => {
    const c = manifoldConfigSchema.parse({ MANIFOLD_API_URL: 'http://127.0.0.1:9/v0', MANIFOLD_WS_URL: 'ws://127.0.0.1:9/ws', MANIFOLD_API_KEY: 'k-123' });
    expect(c).toEqual({ apiUrl: 'http://127.0.0.1:9/v0', wsUrl: 'ws://127.0.0.1:9/ws', apiKey: 'k-123' });
    expect(manifold.secrets).toEqual(['apiKey']);
    expect(MANIFOLD_VARIABLES.find((v) => v.name === 'MANIFOLD_API_KEY')?.secret).toBe(true);
    expect(manifold.hosts(c)).toEqual(['http://127.0.0.1:9/v0', 'ws://127.0.0.1:9/ws']);
  });

  it('names the variable of a bad value without echoing it', () => {
    const r = manifoldConfigSchema.safeParse({ MANIFOLD_WS_URL: 'http://x', MANIFOLD_API_KEY: 'two words' });
    expect(r.success).toBe(false);
    const paths = r.error?.issues.map((i) => i.path[0]);
    expect(paths).toEqual(expect.arrayContaining(['MANIFOLD_WS_URL', 'MANIFOLD_API_KEY']));
    expect(JSON.stringify(r.error?.issues)).not.toContain('two words');
  });

  it('starts a simulator with a funded demo account the adapter can use', async () => {
    const sim = await manifold.startSimulator({ seed: 3, markets: 20 });
    try {
      const config = manifoldConfigSchema.parse(sim.env);
      const adapter = manifold.createAdapter(config, { logger: (await import('pino')).pino({ level: 'silent' }) });
      const [balance] = await adapter.getBalances();
      expect(balance).toMatchObject({ venue: 'manifold', currency: 'MANA', total: '10000' });
      await adapter.close();
    } finally {
      await sim.close();
    }
  });
});
