import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, renderOpenApi } from './openapi-doc.js';

const committedPath = fileURLToPath(new URL('../../openapi/openapi.json', import.meta.url));

describe('openapi/openapi.json', () => {
  it('matches the routes (run `npm run openapi` after changing the API)', () => {
    let committed = '';
    try {
      committed = readFileSync(committedPath, 'utf8');
    } catch {
      expect.fail('openapi/openapi.json is missing: run `npm run openapi`');
    }
    expect(committed === renderOpenApi(), 'openapi/openapi.json is stale: run `npm run openapi` and commit the result').toBe(true);
  });

  it('is OpenAPI 3.1 and documents every public route with core schemas as components', () => {
    const doc = buildOpenApiDocument() as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/healthz', '/readyz', '/v1/venues', '/v1/markets', '/v1/markets/{id}', '/v1/markets/{id}/orderbook', '/v1/orderbooks', '/v1/events', '/v1/events/{id}', '/v1/orders', '/v1/orders/{id}', '/v1/order-requests/{id}', '/v1/fills', '/v1/positions', '/v1/balances', '/v1/keys', '/orders', '/balances']) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    for (const name of ['Market', 'Event', 'OrderBook', 'Problem', 'MarketPage', 'Order', 'OrderRequest', 'PendingOrder', 'Fill', 'Position', 'Balance']) {
      expect(doc.components.schemas, name).toHaveProperty([name]);
    }
  });

  it('documents the trading routes as needing a bearer key, with their answers', () => {
    const doc = buildOpenApiDocument() as any;
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const place = doc.paths['/v1/orders'].post;
    expect(place.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(place.responses)).toEqual(expect.arrayContaining(['201', '202', '400', '401', '403', '409', '422', '501']));
    expect(place.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toContain('header:idempotency-key');
    expect(doc.paths['/v1/orders/{id}'].patch.responses).toHaveProperty(['501']);
    expect(doc.paths['/v1/markets'].get.security).toBeUndefined();
  });
});
