/**
 * End to end: the real composition (startService: cache, registry, catalog, API, @hono/node-server)
 * on a loopback port with in-memory adapters injected, called over real HTTP; and `npm start`'s
 * entry point draining and exiting 0 on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { venueModules } from '../../adapters/index.js';
import { loadConfig } from '../../src/config.js';
import { VenueUnavailable } from '../../src/core/index.js';
import type { OrderBook } from '../../src/core/index.js';
import { startService } from '../../src/main.js';
import type { RunningService } from '../../src/main.js';
import type { VenueAdapter } from '../../src/venue/adapter.js';
import { createMemoryAdapter, makeMarket } from '../support/memory-adapter.js';
import type { MemoryAdapter } from '../support/memory-adapter.js';

/** The adapter with a book call that waits until released, to hold a request in flight. */
function withHeldBooks(adapter: MemoryAdapter): { adapter: VenueAdapter; entered: Promise<void>; release(): void } {
  let release!: () => void;
  let entered!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const inside = new Promise<void>((r) => (entered = r));
  const held: VenueAdapter = Object.create(adapter) as VenueAdapter;
  Object.assign(held, {
    async getOrderBook(nativeId: string, options?: { depth?: number }): Promise<OrderBook> {
      entered();
      await gate;
      return adapter.getOrderBook(nativeId, options);
    },
  });
  return { adapter: held, entered: inside, release };
}

async function waitReady(url: string): Promise<void> {
  await vi.waitFor(async () => expect((await fetch(`${url}/readyz`)).status, 'the service becomes ready').toBe(200), { timeout: 10_000, interval: 10 });
}

describe('startService over real HTTP', () => {
  let service: RunningService;
  let kalshi: MemoryAdapter;
  let held: ReturnType<typeof withHeldBooks>;

  beforeAll(async () => {
    kalshi = createMemoryAdapter({ venue: 'kalshi', markets: [makeMarket('kalshi', 'KXA', { volume: '5' }), makeMarket('kalshi', 'KXB', { volume: '7' })] });
    held = withHeldBooks(kalshi);
    const poly = createMemoryAdapter({ venue: 'polymarket', markets: [], failWith: new VenueUnavailable('down', { venue: 'polymarket' }) });
    const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', VENUES: 'kalshi,polymarket' }, venueModules);
    service = await startService(config, { adapters: [held.adapter, poly], logger: pino({ level: 'silent' }) });
    await waitReady(service.url);
  });
  afterAll(async () => {
    held.release();
    await service.close();
  });

  it('listens on a loopback port and serves the catalog', async () => {
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${service.url}/v1/markets?venue=all&limit=10`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { id: string }[]; meta: { venues: Record<string, { state: string; error: string | null }> } };
    expect(body.data.map((m) => m.id)).toEqual(['kalshi:KXB', 'kalshi:KXA']);
    expect(body.meta.venues.polymarket).toMatchObject({ state: 'failed', error: 'down' });
    const one = await fetch(`${service.url}/v1/markets/kalshi%3AKXA`);
    expect(((await one.json()) as { id: string }).id).toBe('kalshi:KXA');
  });

  it('answers problem+json for bad requests and exposes docs and metrics', async () => {
    const bad = await fetch(`${service.url}/v1/markets?limit=0`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    const doc = (await (await fetch(`${service.url}/openapi.json`)).json()) as { openapi: string };
    expect(doc.openapi).toBe('3.1.0');
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/venn_http_request_duration_seconds_bucket/);
  });

  it('close() finishes the in-flight request, then refuses new connections', async () => {
    const inflight = fetch(`${service.url}/v1/markets/kalshi:KXA/orderbook`);
    await held.entered;
    const closing = service.close();
    // Draining: new connections are refused while the request in flight is still held.
    await vi.waitFor(() => expect(fetch(`${service.url}/healthz`)).rejects.toThrow(), { timeout: 5_000, interval: 10 });
    held.release();
    const res = await inflight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { marketId: string }).marketId).toBe('kalshi:KXA');
    await closing;
    await expect(fetch(`${service.url}/healthz`)).rejects.toThrow();
    expect(kalshi.closed).toBe(true);
  });
});

describe('npm start entry point', () => {
  it('starts from the environment and exits 0 on SIGTERM after draining', async () => {
    const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', VENUES: 'none', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = await vi.waitFor(
      () => {
        const found = /"url":"(http:\/\/[^"]+)"/.exec(out)?.[1];
        expect(found, `the service logs its URL: ${out}`).toBeDefined();
        return found as string;
      },
      { timeout: 30_000, interval: 50 },
    );
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const venues = (await (await fetch(`${url}/v1/venues`)).json()) as { data: { enabled: boolean }[] };
    expect(venues.data.every((v) => !v.enabled)).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toMatch(/"msg":"stopped"/);
  });

  it('refuses to start on bad configuration, naming the variable', async () => {
    const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, PORT: 'http', VENUES: 'none' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(err).toMatch(/PORT: must be a whole number/);
  });
});
