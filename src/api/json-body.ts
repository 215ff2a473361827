/**
 * List bodies built from per-object JSON that is serialized once and reused. Catalog entries are
 * immutable (an update replaces the object), so a WeakMap keyed by the object is always current
 * and is dropped with the object. Serializing 100 markets per request was most of the cost of
 * `GET /v1/markets` (see test/bench/api-markets.bench.ts); concatenating cached strings is not.
 */
import type { Context, TypedResponse } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import { ByteLru } from '../cache/byte-lru.js';

const serialized = new WeakMap<object, string>();

export function jsonOf(value: object): string {
  let text = serialized.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    serialized.set(value, text);
  }
  return text;
}

function itemsJson(data: readonly object[]): string {
  const parts = new Array<string>(data.length);
  for (let i = 0; i < data.length; i++) parts[i] = jsonOf(data[i]!);
  return parts.join(',');
}

/** `PAGE_CACHE_MAX_BYTES` when the configuration does not say. */
export const DEFAULT_PAGE_CACHE_BYTES = 64 * 1024 * 1024;

interface CachedPage {
  items: readonly object[];
  nextCursor: string | null;
  meta: string;
  body: string;
}

/**
 * What a cached page costs: its body (two bytes per UTF-16 unit, an upper bound of the string's
 * heap size), counted twice because the items it holds keep their own serialized JSON alive (the
 * WeakMap above), plus a reference per item.
 */
function pageBytes(page: CachedPage): number {
  return page.body.length * 4 + page.items.length * 8 + page.meta.length * 2;
}

/**
 * Remembers the body of recent pages by query, within a byte budget (least recently used evicted
 * first; `venn_cache_bytes{cache="pages"}`). A hit is used only when the page holds the very same
 * objects in the same order (identity check) with the same cursor and meta, so an updated catalog
 * is never served stale; an unchanged one is served without building the body again.
 */
export class PageJsonCache {
  private readonly pages: ByteLru<CachedPage>;

  constructor(maxBytes = DEFAULT_PAGE_CACHE_BYTES, name = 'pages') {
    this.pages = new ByteLru<CachedPage>(name, maxBytes, pageBytes);
  }

  get bytes(): number {
    return this.pages.bytes;
  }
  get size(): number {
    return this.pages.size;
  }
  get evictions(): number {
    return this.pages.evictions;
  }

  body(key: string, data: readonly object[], nextCursor: string | null, meta: unknown): string {
    const metaJson = JSON.stringify(meta);
    const hit = this.pages.get(key);
    if (
      hit &&
      hit.nextCursor === nextCursor &&
      hit.meta === metaJson &&
      hit.items.length === data.length &&
      hit.items.every((item, i) => item === data[i])
    ) {
      return hit.body;
    }
    const body = pageBody(itemsJson(data), nextCursor, metaJson);
    this.pages.set(key, { items: data.slice(), nextCursor, meta: metaJson, body });
    return body;
  }
}

function pageBody(items: string, nextCursor: string | null, metaJson: string): string {
  return `{"data":[${items}],"nextCursor":${JSON.stringify(nextCursor)},"meta":${metaJson}}`;
}

/** `{"data":[…],"nextCursor":…,"meta":…}` with each item's cached JSON (the whole body cached, given a cache and key). */
export function pageJson(data: readonly object[], nextCursor: string | null, meta: unknown, cached?: { cache: PageJsonCache; key: string }): string {
  if (cached) return cached.cache.body(cached.key, data, nextCursor, meta);
  return pageBody(itemsJson(data), nextCursor, JSON.stringify(meta));
}

/** A 200 JSON response from text already serialized from a value of type `T`. */
export function jsonText<T>(c: Context, text: string): Response & TypedResponse<JSONParsed<T>, 200, 'json'> {
  return c.body(text, 200, { 'content-type': 'application/json' }) as unknown as Response & TypedResponse<JSONParsed<T>, 200, 'json'>;
}
