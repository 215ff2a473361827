/**
 * Prometheus metrics of the catalog, computed when `/metrics` is scraped: the age of the quotes
 * (`bestBid`/`bestAsk`, from `quotedAt`) of each venue's open markets, as quantiles over markets.
 */
import { Gauge, Registry } from 'prom-client';
import type { VenueId } from '../core/index.js';

export interface QuoteTimes {
  venues(): VenueId[];
  quoteTimesOf(venue: VenueId): number[];
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
  return registry;
}
