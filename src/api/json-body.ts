/**
 * List bodies built from per-object JSON that is serialized once and reused. Catalog entries are
 * immutable (an update replaces the object), so a WeakMap keyed by the object is always current
 * and is dropped with the object. Serializing 100 markets per request was most of the cost of
 * `GET /v1/markets` (see test/bench/api-markets.bench.ts); concatenating cached strings is not.
 */
import type { Context, TypedResponse } from 'hono';
import type { JSONParsed } from 'hono/utils/types';

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

/**
 * Remembers the body of recent pages by query. A hit is used only when the page holds the very
 * same objects in the same order (identity check) with the same cursor and meta, so an updated
 * catalog is never served stale; an unchanged one is served without building the body again.
 */
export class PageJsonCache {
  private readonly pages = new Map<string, { items: readonly object[]; nextCursor: string | null; meta: string; body: string }>();

  constructor(private readonly maxEntries = 256) {}

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
    this.pages.delete(key);
    if (this.pages.size >= this.maxEntries) this.pages.delete(this.pages.keys().next().value!);
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
