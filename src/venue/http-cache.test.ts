import { describe, expect, it } from 'vitest';
import { sharedCacheMaxAgeMs } from './http-cache.js';

describe('sharedCacheMaxAgeMs', () => {
  it('reads the lifetime a shared cache may serve a response for', () => {
    expect(sharedCacheMaxAgeMs({ 'cache-control': 'public, max-age=15' })).toBe(15_000);
    expect(sharedCacheMaxAgeMs({ 'cache-control': 'max-age=60, s-maxage=5' })).toBe(5_000);
    expect(sharedCacheMaxAgeMs({ 'cache-control': 'public, max-age="30"' })).toBe(30_000);
    expect(sharedCacheMaxAgeMs({ 'cache-control': 'Public, Max-Age=2' })).toBe(2_000);
  });

  it('adds the time a cache may go on serving a stale copy while it revalidates (RFC 5861)', () => {
    // Manifold's default (docs/venues/manifold.md §Hosts and transport): up to 15 s old.
    expect(sharedCacheMaxAgeMs({ 'cache-control': 'public, max-age=5, stale-while-revalidate=10' })).toBe(15_000);
    expect(sharedCacheMaxAgeMs({ 'cache-control': 'public, max-age=1, stale-while-revalidate=10' })).toBe(11_000);
    // Without a lifetime nothing may be served from the cache at all.
    expect(sharedCacheMaxAgeMs({ 'cache-control': 'public, stale-while-revalidate=10' })).toBe(0);
  });

  it('is 0 when no shared cache may serve it or no lifetime is given', () => {
    expect(sharedCacheMaxAgeMs({})).toBe(0);
    expect(sharedCacheMaxAgeMs({ 'cache-control': 'private, max-age=15' })).toBe(0);
    expect(sharedCacheMaxAgeMs({ 'cache-control': 'no-store' })).toBe(0);
    expect(sharedCacheMaxAgeMs({ 'cache-control': 'no-cache, max-age=15' })).toBe(0);
    expect(sharedCacheMaxAgeMs({ 'cache-control': 'public' })).toBe(0);
    expect(sharedCacheMaxAgeMs({ 'cache-control': 'max-age=abc' })).toBe(0);
  });
});
