import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServerHandle } from '../../test/support/redis-server.js';
import { MemoryCache } from '../cache/memory.js';
import { RedisCache } from '../cache/redis.js';
import { bootstrapKeys } from './bootstrap.js';
import { runKeysCli } from './cli.js';
import { KeyStore } from './key-store.js';

const OPTIONS = { redisPrefix: 'venn-cli-test:' };

/** `npm run keys`: the secret is printed once and never stored; the service accepts the key. */

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

const secretOf = (lines: string[]): string => {
  const line = lines.find((l) => l.startsWith('key: '));
  if (!line) throw new Error(`no key line in ${lines.join('\n')}`);
  return line.slice('key: '.length);
};

describe('npm run keys with a key file', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'venn-keys-')), 'keys.json');

  it('creates a key: the secret is printed once, the file holds only its digest, the service accepts it', async () => {
    const run = io();
    const code = await runKeysCli(['create', '--scope', 'trade', '--venues', 'kalshi', '--name', 'bot', '--max-order-notional', '25', '--file', file], {}, run.io, OPTIONS);
    expect(code, run.err.join('\n')).toBe(0);
    const secret = secretOf(run.out);
    expect(secret).toMatch(/^venn_/);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(secret);
    expect(statSync(file).mode & 0o077, 'the file is readable by its owner only').toBe(0);
    const store = new KeyStore(new MemoryCache());
    await bootstrapKeys(store, { env: [], file });
    const record = await store.verify(secret);
    expect(record).toMatchObject({ scopes: ['trade'], venues: ['kalshi'], name: 'bot', limits: { maxOrderNotional: '25' }, source: 'file' });
    expect(await store.verify(`${secret}x`)).toBeNull();

    const listed = io();
    expect(await runKeysCli(['list'], { API_KEYS_FILE: file }, listed.io, OPTIONS)).toBe(0);
    expect(listed.out.join('\n')).toContain(record?.id);
    expect(listed.out.join('\n')).not.toContain(secret);

    const revoked = io();
    expect(await runKeysCli(['revoke', record?.id as string, '--file', file], {}, revoked.io, OPTIONS)).toBe(0);
    // The next start drops the key from the store.
    const result = await bootstrapKeys(store, { env: [], file });
    expect(result).toEqual({ loaded: 0, removed: 1 });
    expect(await store.verify(secret)).toBeNull();
    expect(await runKeysCli(['revoke', record?.id as string, '--file', file], {}, io().io, OPTIONS)).toBe(1);
  });

  it('refuses bad arguments with the usage, and needs a store', async () => {
    for (const args of [['create', '--file', file], ['create', '--scope', 'root', '--file', file], ['create', '--scope', 'trade', '--venues', 'nasdaq', '--file', file], ['create', '--scope', 'trade', '--bogus'], ['frobnicate', '--file', file]]) {
      const run = io();
      expect(await runKeysCli(args, {}, run.io, OPTIONS), args.join(' ')).toBe(2);
      expect(run.err.join('\n')).toMatch(/usage: npm run keys/);
    }
    const none = io();
    expect(await runKeysCli(['list'], {}, none.io, OPTIONS)).toBe(2);
    expect(none.err.join('\n')).toMatch(/no key store/);
  });
});

describe('npm run keys with Redis', () => {
  let server: RedisServerHandle;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('creates a key every instance accepts at once, lists it without a secret, revokes it at once', async () => {
    const env = { REDIS_URL: server.url };
    const run = io();
    expect(await runKeysCli(['create', '--scope', 'trade,read', '--rate', '5', '--burst', '9'], env, run.io, OPTIONS), run.err.join('\n')).toBe(0);
    const secret = secretOf(run.out);
    // The service's cache (same Redis, same deployment prefix).
    const cache = new RedisCache({ url: server.url, keyPrefix: OPTIONS.redisPrefix });
    await cache.ready();
    try {
      const store = new KeyStore(cache);
      const record = await store.verify(secret);
      expect(record).toMatchObject({ scopes: ['trade', 'read'], venues: null, rateLimit: { perSecond: 5, burst: 9 }, source: 'store' });
      let stored = '';
      for await (const batch of cache.scan('auth:')) for (const k of batch) stored += JSON.stringify(await cache.get(k));
      expect(stored).not.toContain(secret);
      const listed = io();
      await runKeysCli(['list'], env, listed.io, OPTIONS);
      expect(listed.out.join('\n')).toContain(record?.id);
      expect(await runKeysCli(['revoke', record?.id as string], env, io().io, OPTIONS)).toBe(0);
      expect(await store.verify(secret)).toBeNull();
    } finally {
      await cache.close();
    }
  });
});
