import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHarness, type Harness } from '../../test/api/harness.js';
import { createMemoryAdapter, makeMarket } from '../../test/support/memory-adapter.js';
import { pickEncoding } from './compress.js';

let h: Harness;

beforeAll(async () => {
  const markets = Array.from({ length: 300 }, (_, i) => makeMarket('kalshi', `KX-${i}`, { title: `Market number ${i} about rates` }));
  h = await buildHarness([createMemoryAdapter({ venue: 'kalshi', markets, pageSize: 1000 })]);
});
afterAll(() => h.close());

async function raw(path: string, headers: Record<string, string> = {}) {
  const res = await h.app.request(path, { headers });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('compression', () => {
  it('picks the encoding by Accept-Encoding and its q-values', () => {
    expect(pickEncoding(undefined)).toBeUndefined();
    expect(pickEncoding('identity')).toBeUndefined();
    expect(pickEncoding('gzip, deflate, br')).toBe('br');
    expect(pickEncoding('gzip')).toBe('gzip');
    expect(pickEncoding('br;q=0.5, gzip')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip;q=0')).toBeUndefined();
    expect(pickEncoding('*')).toBe('br');
  });

  it('compresses a catalog page with br or gzip to the same bytes as the plain answer', async () => {
    const plain = await raw('/v1/markets?limit=1000');
    expect(plain.res.headers.get('content-encoding')).toBeNull();
    expect(plain.res.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(plain.bytes.length).toBeGreaterThan(50_000);
    const br = await raw('/v1/markets?limit=1000', { 'accept-encoding': 'gzip, br' });
    expect(br.res.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(br.bytes).equals(plain.bytes)).toBe(true);
    expect(br.bytes.length).toBeLessThan(plain.bytes.length / 5);
    const gz = await raw('/v1/markets?limit=1000', { 'accept-encoding': 'gzip' });
    expect(gz.res.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(gz.bytes).equals(plain.bytes)).toBe(true);
    expect(Number(gz.res.headers.get('content-length'))).toBe(gz.bytes.length);
  });

  it('leaves small bodies alone', async () => {
    const small = await raw('/healthz', { 'accept-encoding': 'br' });
    expect(small.res.headers.get('content-encoding')).toBeNull();
  });
});

describe('ETag on catalog reads', () => {
  it.each(['/v1/markets?limit=5', '/markets?limit=5', '/v1/markets/kalshi:KX-7', '/v1/events'])('%s: 304 for a matching If-None-Match', async (path) => {
    const first = await raw(path);
    expect(first.res.status).toBe(200);
    const tag = first.res.headers.get('etag');
    expect(tag).toMatch(/^W\/".+"$/);
    const again = await raw(path, { 'if-none-match': tag! });
    expect(again.res.status).toBe(304);
    expect(again.bytes.length).toBe(0);
    const other = await raw(path, { 'if-none-match': 'W/"something-else"' });
    expect(other.res.status).toBe(200);
  });

  it('a different page has a different tag', async () => {
    const a = (await raw('/v1/markets?limit=5')).res.headers.get('etag');
    const b = (await raw('/v1/markets?limit=6')).res.headers.get('etag');
    expect(a).not.toBe(b);
  });
});
