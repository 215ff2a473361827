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
    for (const path of ['/healthz', '/readyz', '/v1/venues', '/v1/markets', '/v1/markets/{id}', '/v1/markets/{id}/orderbook', '/v1/orderbooks', '/v1/events', '/v1/events/{id}']) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    for (const name of ['Market', 'Event', 'OrderBook', 'Problem', 'MarketPage']) expect(doc.components.schemas, name).toHaveProperty([name]);
  });
});
