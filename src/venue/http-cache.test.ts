import { describe, expect, it } from 'vitest';
import { sharedCacheMaxAgeMs } from './http-cache.js';

describe('sharedCacheMaxAgeMs', () => {
  it('reads the lifetime a shared cache may serve a response for', () => {
    expect(sharedCacheMaxAgeMs({ 'cache-control': 'public, max-age=15' })).toBe(15_000);
    expect(sharedCacheMaxAgeMs({ 'cache-control': 'max-age=60, s-maxage=5' })).toBe(5_000);
    expect(sharedCacheMaxAgeMs({ 'cache-control': 'public, max-age="30"' })).toBe(30_000);
    expect(sharedCacheMaxAgeMs({ 'cache-control': 'Public, Max-Age=2' })).toBe(2_000);
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
