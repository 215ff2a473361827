import type { VenueId } from '../core/index.js';

/** Cache keys of the catalog. Market and event ids are `venue:nativeId`, so a venue is a prefix. */
export const catalogKeys = {
  market: (id: string) => `catalog:market:${id}`,
  marketsOf: (venue: VenueId) => `catalog:market:${venue}:`,
  event: (id: string) => `catalog:event:${id}`,
  eventsOf: (venue: VenueId) => `catalog:event:${venue}:`,
  status: (venue: VenueId) => `catalog:status:${venue}`,
};
