/**
 * `redis+sentinel://`: a real redis-server as master and a real Sentinel monitoring it; the cache,
 * the bus and the shared budgets reach the master through the Sentinel.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RedisBus, RedisCache, createRedisClient, waitForReady } from '../../src/cache/redis.js';
import { RedisBudgets } from '../../src/cluster/redis-budgets.js';
import { findRedisBinary, freePort, startRedisServer, waitForPing, type RedisServerHandle } from '../support/redis-server.js';

let master: RedisServerHandle;
let sentinel: ChildProcess | undefined;
let dir: string;
let url: string;

beforeAll(async () => {
  master = await startRedisServer();
  dir = await mkdtemp(join(tmpdir(), 'venn-sentinel-'));
  const port = await freePort();
  const conf = join(dir, 'sentinel.conf');
  await writeFile(conf, [`port ${port}`, 'bind 127.0.0.1', `dir ${dir}`, `sentinel monitor venn-master 127.0.0.1 ${master.port} 1`, ''].join('\n'));
  let output = '';
  const proc = spawn(findRedisBinary('redis-server'), [conf, '--sentinel'], { stdio: ['ignore', 'pipe', 'pipe'] });
  sentinel = proc;
  proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await waitForPing(port, proc, () => output);
  url = `redis+sentinel://127.0.0.1:${port}/venn-master`;
}, 30_000);

afterAll(async () => {
  sentinel?.kill('SIGKILL');
  await master?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('REDIS_URL naming a Sentinel set', () => {
  it('reaches the master for the cache, the bus and the budget scripts', async () => {
    const cache = new RedisCache({ url, keyPrefix: 'sentinel:' });
    await cache.ready(10_000);
    await cache.set('k', { v: 1 });
    const direct = createRedisClient({ url: master.url });
    await waitForReady(direct, 5000);
    expect(await direct.get('sentinel:k'), 'written on the master the sentinel names').toBe('{"v":1}');

    const bus = new RedisBus({ url, keyPrefix: 'sentinel:' });
    await bus.ready(10_000);
    const got: unknown[] = [];
    await bus.subscribe('ch', (m) => got.push(m));
    await bus.publish('ch', { hello: 'world' });
    await vi.waitFor(() => expect(got).toEqual([{ hello: 'world' }]));

    const budgets = new RedisBudgets({ client: cache.client, prefix: 'sentinel:', instanceId: 'a', instances: () => 1 });
    const spec = { kind: 'bucket' as const, ratePerSecond: 1, capacity: 1 };
    expect(await budgets.take('opinion:rest', spec, 1)).toBe(0);
    expect(await budgets.take('opinion:rest', spec, 1)).toBeGreaterThan(0);
    expect(await direct.exists('sentinel:budget:{opinion:rest}')).toBe(1);

    await Promise.all([cache.close(), bus.close()]);
    direct.disconnect();
  });
});
