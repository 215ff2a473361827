/**
 * The OpenAPI 3.1 document, generated from the route schemas of an app with no venues. Paths and
 * component names are sorted so the committed file only changes when the API does.
 */
import pino from 'pino';
import type { CatalogReader } from '../catalog/types.js';
import { createApp, openApiDocument } from './app.js';

const emptyCatalog: CatalogReader = {
  queryMarkets: () => ({ data: [], nextCursor: null }),
  queryEvents: () => ({ data: [], nextCursor: null, total: 0 }),
  getMarket: () => undefined,
  getEvent: () => undefined,
  status: () => undefined,
  statuses: () => [],
  isReady: () => true,
};

function sortKeys<T>(record: Record<string, T> | undefined): Record<string, T> | undefined {
  if (record === undefined) return undefined;
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function buildOpenApiDocument(): Record<string, unknown> {
  const app = createApp({
    catalog: emptyCatalog,
    registry: { has: () => false, get: () => undefined },
    config: { orderbookCacheTtlMs: 0 },
    logger: pino({ level: 'silent' }),
  });
  const doc = openApiDocument(app);
  const components = doc.components ? { ...doc.components, schemas: sortKeys(doc.components.schemas) } : undefined;
  return JSON.parse(JSON.stringify({ ...doc, paths: sortKeys(doc.paths), ...(components ? { components } : {}) })) as Record<string, unknown>;
}

/** The document as committed in openapi/openapi.json: two-space JSON with a final newline. */
export function renderOpenApi(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}
