/**
 * The venue adapters Venn can run, one factory per venue. Adding a venue means one folder under
 * adapters/ and one line here. src/adapters.ts builds the enabled ones from configuration.
 */
import type { Logger } from 'pino';
import type { Config } from '../src/config.js';
import type { VenueId } from '../src/core/index.js';
import type { VenueAdapter } from '../src/venue/adapter.js';
import { createKalshiAdapter } from './kalshi/index.js';
import { createPolymarketAdapter } from './polymarket/index.js';

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
  polymarket: ({ polymarket: p }, logger) =>
    createPolymarketAdapter({
      gammaUrl: p.gammaUrl,
      clobUrl: p.clobUrl,
      dataUrl: p.dataUrl,
      wsMarketUrl: `${p.wsUrl}/market`,
      wsUserUrl: `${p.wsUrl}/user`,
      privateKey: p.privateKey ?? undefined,
      signatureType: p.signatureType,
      funder: p.funder ?? undefined,
      apiCredentials:
        p.apiKey && p.apiSecret && p.apiPassphrase
          ? { apiKey: p.apiKey, secret: p.apiSecret, passphrase: p.apiPassphrase }
          : undefined,
      logger,
    }),
};
