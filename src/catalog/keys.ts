import { createHash } from 'node:crypto';
import type { VenueId } from '../core/index.js';

/**
 * Cache keys of the catalog. Market and event ids are `venue:nativeId`, so a venue is a prefix.
 * A venue's catalog lives under the fingerprint of the hosts it was synced from (`sourceOf`), so an
 * instance pointed at other hosts (a simulator, a venue's demo environment) never reads it.
 */
export function catalogKeysOf(source: string | null) {
  const s = source === null ? '' : `${source}:`;
  return {
    market: (id: string) => `catalog:${s}market:${id}`,
    marketsOf: (venue: VenueId) => `catalog:${s}market:${venue}:`,
    event: (id: string) => `catalog:${s}event:${id}`,
    eventsOf: (venue: VenueId) => `catalog:${s}event:${venue}:`,
    status: (venue: VenueId) => `catalog:${s}status:${venue}`,
  };
}

export type CatalogKeys = ReturnType<typeof catalogKeysOf>;

/** Keys of a catalog whose hosts are not known (tests, in-process adapters). */
export const catalogKeys: CatalogKeys = catalogKeysOf(null);

/** The fingerprint of a venue's hosts (null when none are known). */
export function sourceOf(hosts: readonly string[]): string | null {
  if (hosts.length === 0) return null;
  return createHash('sha256').update(hosts.join('\n')).digest('hex').slice(0, 12);
}
