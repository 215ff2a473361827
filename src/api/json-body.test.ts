import { describe, expect, it } from 'vitest';
import { cacheMetricsRegistry } from '../cache/byte-lru.js';
import { PageJsonCache, jsonOf, pageJson } from './json-body.js';

describe('pre-serialized JSON', () => {
  it('produces the same text as JSON.stringify', () => {
    const data = [{ id: 'a', price: '0.42', tags: ['x'], n: null }, { id: 'b', nested: { q: 'é"\\n' } }];
    const meta = { venues: { kalshi: { syncedAt: null, state: 'ready', marketCount: 2, error: null } } };
    const text = pageJson(data, 'CUR', meta);
    expect(JSON.parse(text)).toEqual({ data, nextCursor: 'CUR', meta });
    expect(text).toBe(JSON.stringify({ data, nextCursor: 'CUR', meta }));
    expect(pageJson([], null, {})).toBe('{"data":[],"nextCursor":null,"meta":{}}');
  });

  it('reuses an object serialization and reserializes a replaced object', () => {
    const a = { id: 'a', v: 1 };
    expect(jsonOf(a)).toBe('{"id":"a","v":1}');
    const replaced = { ...a, v: 2 };
    expect(jsonOf(replaced)).toBe('{"id":"a","v":2}');
  });

  it('serves a cached page only while it holds the same objects', () => {
    const cache = new PageJsonCache(10_000, 'test-pages');
    const a = { id: 'a' };
    const b = { id: 'b' };
    expect(pageJson([a, b], null, {}, { cache, key: 'q' })).toContain('[{"id":"a"},{"id":"b"}]');
    const b2 = { id: 'b2' };
    expect(pageJson([a, b2], null, {}, { cache, key: 'q' })).toContain('[{"id":"a"},{"id":"b2"}]');
    expect(pageJson([b2, a], null, {}, { cache, key: 'q' })).toContain('[{"id":"b2"},{"id":"a"}]');
    expect(pageJson([a], null, {}, { cache, key: 'q' })).toContain('[{"id":"a"}]');
    expect(pageJson([a], 'next', {}, { cache, key: 'q' })).toContain('"nextCursor":"next"');
    expect(pageJson([a], 'next', { syncedAt: 'later' }, { cache, key: 'q' })).toContain('"meta":{"syncedAt":"later"}');
    // eviction keeps the cache bounded and still answers correctly
    for (const k of ['x', 'y', 'z']) expect(pageJson([b], null, {}, { cache, key: k })).toContain('[{"id":"b"}]');
  });

  it('bounds the page cache by bytes, evicting the least recently used page, and reports it', async () => {
    const item = (i: number) => ({ id: `m${i}`, title: 'x'.repeat(1000) });
    const page = (i: number) => [item(i), item(i + 1000)];
    const cache = new PageJsonCache(30_000, 'bounded-pages');
    // One page of two 1 KB items costs about 8 KB + change: three fit in 30 KB, a fourth does not.
    const pages = [0, 1, 2, 3].map(page);
    pageJson(pages[0]!, null, {}, { cache, key: 'p0' });
    pageJson(pages[1]!, null, {}, { cache, key: 'p1' });
    pageJson(pages[2]!, null, {}, { cache, key: 'p2' });
    expect(cache.size).toBe(3);
    // p0 used again: p1 is now the least recently used.
    pageJson(pages[0]!, null, {}, { cache, key: 'p0' });
    pageJson(pages[3]!, null, {}, { cache, key: 'p3' });
    expect(cache.size).toBe(3);
    expect(cache.evictions).toBe(1);
    expect(cache.bytes).toBeLessThanOrEqual(30_000);
    for (let i = 10; i < 300; i++) pageJson(page(i), null, {}, { cache, key: `q${i}` });
    expect(cache.bytes).toBeLessThanOrEqual(30_000);
    const metrics = await cacheMetricsRegistry.metrics();
    expect(metrics).toMatch(/venn_cache_bytes\{cache="bounded-pages"\} \d+/);
    expect(metrics).toContain('venn_cache_max_bytes{cache="bounded-pages"} 30000');
    expect(metrics).toMatch(new RegExp(`venn_cache_evictions_total\\{cache="bounded-pages"\\} ${cache.evictions}`));
  });
});
