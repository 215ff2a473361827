/**
 * Prometheus metrics of the catalog, computed when `/metrics` is scraped: the age of the quotes
 * (`bestBid`/`bestAsk`, from `quotedAt`) of each venue's open markets, as quantiles over markets;
 * and, where instances share a Redis, which venues this instance walks (leads) and the writes its
 * fencing token had refused.
 */
import { Gauge, Registry } from 'prom-client';
import type { VenueId } from '../core/index.js';
import type { CatalogLeaseInfo } from './catalog-lease.js';

export interface QuoteTimes {
  venues(): VenueId[];
  quoteTimesOf(venue: VenueId): number[];
  leases?(): CatalogLeaseInfo[];
}

const QUANTILES = [0.5, 0.9, 0.99, 1] as const;

export function catalogMetricsRegistry(catalog: QuoteTimes, now: () => number = Date.now): Registry {
  const registry = new Registry();
  new Gauge({
    name: 'venn_catalog_quote_age_seconds',
    help: "Age of the catalog quotes of each venue's open markets (quantile over markets; 1 = the oldest)",
    labelNames: ['venue', 'quantile'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const at = now();
      for (const venue of catalog.venues()) {
        const ages = catalog.quoteTimesOf(venue).map((t) => Math.max(0, (at - t) / 1000));
        if (ages.length === 0) continue;
        ages.sort((a, b) => a - b);
        for (const q of QUANTILES) this.set({ venue, quantile: String(q) }, ages[Math.min(ages.length - 1, Math.ceil(q * ages.length) - 1)]!);
      }
    },
  });
  new Gauge({
    name: 'venn_catalog_open_markets_quoted',
    help: 'Open markets of each venue whose quotes have a known age',
    labelNames: ['venue'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const venue of catalog.venues()) this.set({ venue }, catalog.quoteTimesOf(venue).length);
    },
  });
  new Gauge({
    name: 'venn_catalog_leader',
    help: "1 when this instance walks the venue's catalog (holds its lease, or walks alone while Redis is unreachable), else 0",
    labelNames: ['venue', 'role'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const l of catalog.leases?.() ?? []) this.set({ venue: l.venue, role: l.role }, l.role === 'follower' ? 0 : 1);
    },
  });
  new Gauge({
    name: 'venn_catalog_fenced_writes',
    help: "Catalog writes of this instance refused by the venue lease's fencing token (it had lost the lease), since start",
    labelNames: ['venue'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const l of catalog.leases?.() ?? []) this.set({ venue: l.venue }, l.fencedWrites);
    },
  });
  return registry;
}
