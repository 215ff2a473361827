/**
 * Builds the adapters of the enabled venues (config.venues, in order) from the per-venue factories
 * in adapters/index.ts. An enabled venue without a factory is skipped with a warning.
 */
import type { Logger } from 'pino';
import { adapterFactories } from '../adapters/index.js';
import type { Config } from './config.js';
import type { VenueAdapter } from './venue/adapter.js';

export function createAdapters(config: Config, logger: Logger): VenueAdapter[] {
  const adapters: VenueAdapter[] = [];
  for (const venue of config.venues) {
    const factory = adapterFactories[venue];
    if (!factory) {
      logger.warn({ venue }, 'venue enabled in VENUES but no adapter is available for it; skipping');
      continue;
    }
    adapters.push(factory(config, logger.child({ venue })));
  }
  return adapters;
}
