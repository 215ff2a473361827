/**
 * Which venues a trading call reaches: the venues the key may trade on, enabled on this server,
 * narrowed by the call's `venue` and `market` filters, each able to do what is asked (`has`) and
 * configured with credentials.
 */
import type { Principal } from '../auth/authenticator.js';
import { mayTradeOn } from '../auth/authenticator.js';
import { MissingCredentials, NotSupported, VENUE_IDS, parseId, type VenueId } from '../core/index.js';
import type { Capabilities, VenueAdapter } from '../venue/adapter.js';
import { canUse } from '../venue/define-adapter.js';

/** The key may not trade on the venue. */
export class VenueForbidden extends Error {
  override name = 'VenueForbidden';
  constructor(readonly venue: VenueId) {
    super(`this API key may not trade on ${venue}`);
  }
}

/** A filter names something this server cannot serve (a disabled venue, a venue/market mismatch). */
export class ScopeError extends Error {
  override name = 'ScopeError';
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

export interface AdapterSource {
  adapterOf(venue: VenueId): VenueAdapter | undefined;
}

export interface VenueFilter {
  /** Explicit venues (`venue=`); undefined = all the key's venues. */
  venues?: VenueId[];
  /** `venue:nativeId` of a market (`market=`). */
  marketId?: string;
}

/** A venue skipped because it cannot do the capability (reported to the caller, not fatal). */
export interface SkippedVenue {
  venue: VenueId;
  error: Error;
}

function unusable(adapter: VenueAdapter, capability: keyof Capabilities): Error | null {
  if (adapter.has[capability] === false) return new NotSupported(`${adapter.venue} does not support ${capability}`, { venue: adapter.venue });
  if (!canUse(adapter, capability)) return new MissingCredentials(adapter.venue, capability);
  return null;
}

/** The one adapter for a venue named by an id the caller gave (an order id or a market id). */
export function adapterForId(source: AdapterSource, principal: Principal, id: string, capability: keyof Capabilities): { adapter: VenueAdapter; nativeId: string } {
  const { venue, nativeId } = parseId(id);
  if (!mayTradeOn(principal, venue)) throw new VenueForbidden(venue);
  const adapter = source.adapterOf(venue);
  if (!adapter) throw new ScopeError('id', `venue ${venue} is not enabled on this server`);
  const problem = unusable(adapter, capability);
  if (problem) throw problem;
  return { adapter, nativeId };
}

/**
 * The adapters a listing reaches. Venues named explicitly (or through the market) must be usable;
 * others that cannot do `capability` are skipped and reported.
 */
export function adaptersFor(
  source: AdapterSource,
  principal: Principal,
  filter: VenueFilter,
  capability: keyof Capabilities,
): { adapters: VenueAdapter[]; skipped: SkippedVenue[] } {
  let named: VenueId[] | undefined = filter.venues;
  if (filter.marketId !== undefined) {
    const { venue } = parseId(filter.marketId);
    if (named !== undefined && !named.includes(venue)) throw new ScopeError('market', `market ${filter.marketId} is not on the venues asked for`);
    named = [venue];
  }
  if (named !== undefined) {
    const adapters: VenueAdapter[] = [];
    for (const venue of named) {
      if (!mayTradeOn(principal, venue)) throw new VenueForbidden(venue);
      const adapter = source.adapterOf(venue);
      if (!adapter) throw new ScopeError('venue', `venue ${venue} is not enabled on this server`);
      const problem = unusable(adapter, capability);
      if (problem) throw problem;
      adapters.push(adapter);
    }
    return { adapters, skipped: [] };
  }
  const adapters: VenueAdapter[] = [];
  const skipped: SkippedVenue[] = [];
  for (const venue of VENUE_IDS) {
    const adapter = source.adapterOf(venue);
    if (!adapter || !mayTradeOn(principal, venue)) continue;
    const problem = unusable(adapter, capability);
    if (problem) skipped.push({ venue, error: problem });
    else adapters.push(adapter);
  }
  return { adapters, skipped };
}
