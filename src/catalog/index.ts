export type {
  CatalogReader,
  CatalogSort,
  EventQuery,
  EventSort,
  ListPage,
  MarketQuery,
  VenueSyncState,
  VenueSyncStatus,
} from './types.js';
export { Catalog } from './catalog.js';
export type { AdapterSource, CatalogDeps } from './catalog.js';
export type { CatalogOptions } from './venue-sync.js';
export { InvalidCursorError } from './cursor.js';
export { MarketIndex } from './market-index.js';
export { decimalSortKey } from './market-keys.js';
export { EventIndex } from './event-index.js';
export { catalogKeys } from './keys.js';
