/**
 * The venue adapters Venn can run, one factory per venue. Adding a venue means one folder under
 * adapters/ and one line here: `<venue>: (config, logger) => create<Venue>Adapter({ ...config.<venue>, logger }),`.
 * src/adapters.ts builds the enabled ones from configuration.
 */
import type { Logger } from 'pino';
import type { Config } from '../src/config.js';
import type { VenueId } from '../src/core/index.js';
import type { VenueAdapter } from '../src/venue/adapter.js';

export type AdapterFactory = (config: Config, logger: Logger) => VenueAdapter;

export const adapterFactories: Partial<Record<VenueId, AdapterFactory>> = {};
