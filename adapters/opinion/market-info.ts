import { NotFound, VenueFormatError } from '../../src/core/index.js';
import type { OpinionClient } from './client.js';
import { VENUE } from './constants.js';
import { mapCategorical, mapMarket, type OpinionEvent, type OpinionMarket, type OpinionTradingInfo } from './map-market.js';
import type { WireMarket, WireQuoteToken } from './wire-market.js';

/**
 * What the adapter remembers about markets (docs/venues/opinion.md §4, §6.1): each market's
 * outcome tokens and quote token (they never change), the categorical parent of each child (a
 * child fetched by its own id does not name its parent, §4.2), and the quote tokens with their
 * exchange and decimals (cached an hour, as the official SDK does). Filled by every listing, so a
 * catalog walk leaves the cache warm; a miss costs one `GET /market/{id}`.
 */

const QUOTE_TOKEN_TTL_MS = 3_600_000;

/** A native id that can be a market id: a positive integer. */
export function marketIdOf(nativeId: string): number {
  if (!/^[1-9]\d{0,15}$/.test(nativeId)) throw new NotFound(`${VENUE}: no market ${JSON.stringify(nativeId)} (ids are positive integers)`, { venue: VENUE });
  return Number(nativeId);
}

export interface MarketInfoOptions {
  now?: () => number;
  includeRaw?: boolean;
  mutuallyExclusive?: (parent: WireMarket) => boolean;
}

export class MarketInfoCache {
  private readonly infos = new Map<number, OpinionTradingInfo>();
  /** child id → parent id. */
  private readonly parentOf = new Map<number, number>();
  /** parent id → its children's ids. */
  private readonly childrenOf = new Map<number, number[]>();
  private quotes: { at: number; list: Promise<WireQuoteToken[]> } | undefined;
  private readonly now: () => number;

  constructor(
    private readonly client: OpinionClient,
    private readonly options: MarketInfoOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  private remember(m: OpinionMarket): OpinionMarket {
    this.infos.set(m.trading.marketId, m.trading);
    if (m.trading.rootMarketId !== null) this.parentOf.set(m.trading.marketId, m.trading.rootMarketId);
    return m;
  }

  private mapOptions(parent?: WireMarket) {
    return {
      ...(parent ? { parent } : {}),
      now: () => new Date(this.now()),
      includeRaw: this.options.includeRaw ?? false,
      ...(parent && this.options.mutuallyExclusive ? { mutuallyExclusive: this.options.mutuallyExclusive(parent) } : {}),
    };
  }

  /** Maps a binary market (or a child with its parent) and remembers its trading facts. */
  binary(m: WireMarket, parent?: WireMarket): OpinionMarket {
    return this.remember(mapMarket(m, this.mapOptions(parent)));
  }

  /** Maps a categorical parent with its children and remembers them. */
  categorical(parent: WireMarket): OpinionEvent {
    const out = mapCategorical(parent, this.mapOptions(parent));
    for (const m of out.markets) this.remember(m);
    this.childrenOf.set(parent.marketId, out.markets.map((m) => m.trading.marketId));
    return out;
  }

  /** The parent of a child, when a listing or an order has shown it. */
  parent(marketId: number): number | undefined {
    return this.parentOf.get(marketId);
  }

  /** Records a parent learnt elsewhere (orders and positions carry `rootMarketId`). */
  noteParent(marketId: number, rootMarketId: number | undefined): void {
    if (rootMarketId !== undefined && rootMarketId > 0) this.parentOf.set(marketId, rootMarketId);
  }

  /**
   * One market by id, mapped. A child known to have a parent is mapped with it (event, title, close
   * time); a categorical parent is an event, not a market.
   */
  async market(marketId: number): Promise<OpinionMarket> {
    const parentId = this.parentOf.get(marketId);
    if (parentId !== undefined) {
      const found = this.categorical(await this.client.categorical(parentId)).markets.find((m) => m.trading.marketId === marketId);
      if (found) return found;
    }
    const wire = await this.client.market(marketId);
    if (wire.marketId !== marketId) throw new VenueFormatError(`${VENUE} GET /market/{marketId}: asked for ${marketId}, got ${wire.marketId}`, { venue: VENUE });
    if (wire.marketType === 1 || (wire.childMarkets?.length ?? 0) > 0 || wire.yesTokenId === '') {
      if (wire.yesTokenId === '') this.categorical(wire);
      throw new NotFound(`${VENUE}: ${marketId} is a categorical market (an event); its options are the markets`, { venue: VENUE, endpoint: 'GET /market/{marketId}' });
    }
    return this.binary(wire);
  }

  /** Trading facts of a market, from the cache or one request. */
  async info(marketId: number): Promise<OpinionTradingInfo> {
    return this.infos.get(marketId) ?? (await this.market(marketId)).trading;
  }

  /** Children ids of a parent seen in a listing or detail. */
  children(parentId: number): number[] | undefined {
    return this.childrenOf.get(parentId);
  }

  /** The `/quoteToken` entry of a market's collateral (addresses compare case-insensitively, §6.1). */
  async quoteToken(address: string): Promise<WireQuoteToken> {
    const find = (list: WireQuoteToken[]) => list.find((q) => q.quoteTokenAddress.toLowerCase() === address.toLowerCase());
    let hit = find(await this.quoteList(false));
    if (!hit) hit = find(await this.quoteList(true));
    if (!hit) throw new VenueFormatError(`${VENUE} GET /quoteToken: no entry for the quote token ${address}`, { venue: VENUE, endpoint: 'GET /quoteToken' });
    return hit;
  }

  private quoteList(fresh: boolean): Promise<WireQuoteToken[]> {
    if (fresh || !this.quotes || this.now() - this.quotes.at > QUOTE_TOKEN_TTL_MS) {
      const list = this.client.quoteTokens();
      const entry = { at: this.now(), list };
      this.quotes = entry;
      list.catch(() => {
        if (this.quotes === entry) this.quotes = undefined;
      });
    }
    return this.quotes.list;
  }
}
