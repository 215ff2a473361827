import { z } from 'zod';
import { httpUrlVar, optionalVar, wsUrlVar, type VenueVariable } from '../../src/venue/index.js';
import { MANIFOLD_HOSTS } from './adapter.js';

/** The Manifold part of the environment (docs/venues/manifold.md §Hosts and transport, §Authentication). */
export interface ManifoldConfig {
  apiUrl: string;
  wsUrl: string;
  /** `Authorization: Key <apiKey>` for bets and private reads. Secret. */
  apiKey: string | null;
}

export const MANIFOLD_VARIABLES: readonly VenueVariable[] = [
  { name: 'MANIFOLD_API_URL', default: MANIFOLD_HOSTS.restUrl, description: 'REST base URL' },
  { name: 'MANIFOLD_WS_URL', default: MANIFOLD_HOSTS.wsUrl, description: 'WebSocket URL' },
  { name: 'MANIFOLD_API_KEY', description: 'API key (profile → edit → API key) for betting, positions and balance', secret: true },
];

export const manifoldConfigSchema = z
  .object({
    MANIFOLD_API_URL: optionalVar(httpUrlVar()).default(MANIFOLD_HOSTS.restUrl),
    MANIFOLD_WS_URL: optionalVar(wsUrlVar()).default(MANIFOLD_HOSTS.wsUrl),
    MANIFOLD_API_KEY: optionalVar(z.string().regex(/^\S+$/, 'must be one word without spaces')),
  })
  .transform(
    (e): ManifoldConfig => ({
      apiUrl: e.MANIFOLD_API_URL,
      wsUrl: e.MANIFOLD_WS_URL,
      apiKey: e.MANIFOLD_API_KEY ?? null,
    }),
  );
