import { describe, expect, it } from 'vitest';
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
    const cache = new PageJsonCache(2);
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
});
