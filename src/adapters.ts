/**
 * Builds the adapters of the enabled venues (config.venues, in order) from the venue modules. Each
 * module's factory receives only its own venue's configuration.
 */
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { VenueAdapter } from './venue/adapter.js';
import type { AnyVenueModule } from './venue/module.js';

export function createAdapters(config: Config, modules: readonly AnyVenueModule[], logger: Logger): VenueAdapter[] {
  return config.venues.map((venue) => {
    const module = modules.find((m) => m.id === venue);
    if (!module) throw new Error(`no module for enabled venue ${venue}`);
    return module.createAdapter(config.venueConfigs[venue], { logger: logger.child({ venue }) });
  });
}
