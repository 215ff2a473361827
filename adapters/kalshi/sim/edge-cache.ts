/**
 * The CDN in front of Kalshi's public market data (docs/venues/kalshi.md §1): unauthenticated GETs
 * are answered with `cache-control: public, max-age=15`, and the same URL is answered from the
 * cache, without reaching the API or its rate limits, until the copy is 15 s old. A copy served
 * from the cache carries `age` (RFC 9111 §5.1). Only 200 answers are kept.
 *
 * Signed requests go through to the API and are never cached. The reference leaves open whether
 * authenticated reads bypass the cache (§12.8); the simulator assumes they do, as a cache keyed on
 * the URL alone would otherwise hand one account's view to every client.
 */
import type { MiddlewareHandler } from 'hono';
import { hasAuthHeaders } from './auth.js';

export const EDGE_MAX_AGE_SECONDS = 15;
/** Expired copies are dropped once this many are kept. */
const MAX_ENTRIES = 10_000;

interface Entry {
  storedMs: number;
  body: string;
  contentType: string;
}

export class EdgeCache {
  private readonly entries = new Map<string, Entry>();
  /** Answers served from the cache (tests and stats). */
  hits = 0;

  constructor(
    private readonly now: () => number,
    readonly maxAgeSeconds = EDGE_MAX_AGE_SECONDS,
  ) {}

  middleware(): MiddlewareHandler {
    return async (c, next) => {
      if (c.req.method !== 'GET' || hasAuthHeaders((n) => c.req.header(n)) || this.maxAgeSeconds <= 0) {
        await next();
        return;
      }
      const key = c.req.url.slice(new URL(c.req.url).origin.length);
      const now = this.now();
      const hit = this.entries.get(key);
      const control = `public, max-age=${this.maxAgeSeconds}`;
      if (hit && now - hit.storedMs < this.maxAgeSeconds * 1000) {
        this.hits += 1;
        return c.body(hit.body, 200, {
          'content-type': hit.contentType,
          'cache-control': control,
          age: String(Math.floor((now - hit.storedMs) / 1000)),
        });
      }
      await next();
      if (c.res.status !== 200) return;
      const body = await c.res.clone().text();
      if (this.entries.size >= MAX_ENTRIES) this.sweep(now);
      this.entries.set(key, { storedMs: now, body, contentType: c.res.headers.get('content-type') ?? 'application/json' });
      c.res.headers.set('cache-control', control);
      return;
    };
  }

  private sweep(now: number): void {
    for (const [key, e] of this.entries) if (now - e.storedMs >= this.maxAgeSeconds * 1000) this.entries.delete(key);
  }
}
