import { createHash } from 'node:crypto';
import type { VenueId } from '../core/index.js';

/**
 * Cache keys of the catalog. Market and event ids are `venue:nativeId`, so a venue is a prefix.
 * A venue's catalog lives under the fingerprint of the hosts it was synced from (`sourceOf`), so an
 * instance pointed at other hosts (a simulator, a venue's demo environment) never reads it.
 *
 * Every key of one venue's catalog carries the Redis hash tag `{catalog:<venue>[:<source>]}`,
 * which is also the name of the lease that picks the instance walking it (its key is
 * `lease:{catalog:<venue>[:<source>]}`, src/cluster/lease.ts). One tag puts the lease, its fencing
 * counter and the catalog in one Cluster hash slot, so a fenced write checks the lease and writes
 * the catalog in one script.
 */
export function catalogKeysOf(source: string | null) {
  const lease = (venue: VenueId) => (source === null ? `catalog:${venue}` : `catalog:${venue}:${source}`);
  const base = (venue: string) => `catalog:{${lease(venue as VenueId)}}:`;
  const venueOf = (id: string) => id.slice(0, Math.max(0, id.indexOf(':')));
  return {
    /** The lease (and hash tag) of a venue's catalog. */
    lease,
    market: (id: string) => `${base(venueOf(id))}market:${id}`,
    marketsOf: (venue: VenueId) => `${base(venue)}market:${venue}:`,
    event: (id: string) => `${base(venueOf(id))}event:${id}`,
    eventsOf: (venue: VenueId) => `${base(venue)}event:${venue}:`,
    status: (venue: VenueId) => `${base(venue)}status`,
    /** The venue's change counter: incremented by every write of its catalog. */
    changes: (venue: VenueId) => `${base(venue)}changes`,
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
