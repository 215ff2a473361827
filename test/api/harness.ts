/**
 * Builds the API over a real Catalog synced from in-memory adapters (test/support/memory-adapter),
 * for tests that call `app.request()`.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import pino from 'pino';
import { createApp } from '../../src/api/app.js';
import type { AppDeps } from '../../src/api/app.js';
import { MemoryCache } from '../../src/cache/index.js';
import { Catalog } from '../../src/catalog/index.js';
import type { VenueId } from '../../src/core/index.js';
import type { VenueAdapter } from '../../src/venue/adapter.js';
import { AdapterRegistry } from '../../src/venue/index.js';

export interface Harness {
  app: OpenAPIHono;
  catalog: Catalog;
  registry: AdapterRegistry;
  cache: MemoryCache;
  /** `body` is parsed JSON, asserted field by field by the tests. */
  get(path: string): Promise<{ status: number; type: string; body: any; headers: Headers }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Wait until every venue synced once or failed (default true). */
  waitReady?: boolean;
  orderbookCacheTtlMs?: number;
  books?: AppDeps['books'];
  backends?: AppDeps['backends'];
}

export async function buildHarness(adapters: VenueAdapter[], options: HarnessOptions = {}): Promise<Harness> {
  const logger = pino({ level: 'silent' });
  const registry = new AdapterRegistry();
  for (const a of adapters) registry.register(a);
  const cache = new MemoryCache();
  const catalog = new Catalog({
    registry,
    cache,
    logger,
    options: { fullSyncIntervalMs: 3_600_000, incrementalIntervalMs: 3_600_000, initialBackoffMs: 3_600_000, warmStart: false },
  });
  await catalog.start();
  if (options.waitReady ?? true) {
    for (let i = 0; !catalog.isReady(); i++) {
      if (i > 2000) throw new Error('catalog not ready after 10 s');
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  const app = createApp({
    catalog,
    registry,
    cache,
    config: { orderbookCacheTtlMs: options.orderbookCacheTtlMs ?? 0 },
    logger,
    ...(options.books ? { books: options.books } : {}),
    ...(options.backends ? { backends: options.backends } : {}),
  });
  return {
    app,
    catalog,
    registry,
    cache,
    async get(path) {
      const res = await app.request(path);
      const text = await res.text();
      const type = res.headers.get('content-type') ?? '';
      return { status: res.status, type, body: type.includes('json') ? JSON.parse(text) : text, headers: res.headers };
    },
    async close() {
      await catalog.stop();
      await registry.closeAll();
      await cache.close();
    },
  };
}

export const venueOf = (id: string): VenueId => id.split(':')[0] as VenueId;
