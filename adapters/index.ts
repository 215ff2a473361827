/**
 * The venue adapters Venn can run, one factory per venue. Adding a venue means one folder under
 * adapters/ and one line here. src/adapters.ts builds the enabled ones from configuration.
 */
import type { Logger } from 'pino';
import type { Config } from '../src/config.js';
import type { VenueId } from '../src/core/index.js';
import type { VenueAdapter } from '../src/venue/adapter.js';
import { createKalshiAdapter } from './kalshi/index.js';

export type AdapterFactory = (config: Config, logger: Logger) => VenueAdapter;

export const adapterFactories: Partial<Record<VenueId, AdapterFactory>> = {
  kalshi: ({ kalshi: k }, logger) =>
    createKalshiAdapter({
      restUrl: k.apiUrl,
      wsUrl: k.wsUrl,
      tier: k.rateTier,
      credentials: k.apiKeyId && k.privateKey ? { keyId: k.apiKeyId, privateKey: k.privateKey } : undefined,
      logger,
    }),
};
