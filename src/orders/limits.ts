/**
 * Safety limits, checked before an order is sent: the largest order notional, the most open orders
 * and the largest daily notional, each configurable per venue (`TRADING_LIMITS`) and per API key;
 * both apply, so the tighter one binds. Notional is price × size in the market's currency.
 *
 * The daily totals are counters in the cache (shared by every instance with Redis), per key and
 * venue and per venue, for the UTC day: an order reserves its notional atomically before it is
 * sent and gives it back when the venue certainly refused it. Open orders are counted from the
 * venue's own list (a read, made only when a limit on them is set): the venue's total for the
 * venue limit, the orders carrying the key's client order ids for the key's.
 */
import type { Principal } from '../auth/authenticator.js';
import type { TradingLimits } from '../auth/keys.js';
import type { Cache } from '../cache/types.js';
import { Decimal, canonical, type VenueId } from '../core/index.js';
import type { VenueAdapter } from '../venue/adapter.js';
import { placedByKey } from './client-order-id.js';

export interface LimitsConfig {
  /** Applies to every venue. */
  default: TradingLimits;
  /** Per venue, over the default (a field set here replaces the default's). */
  venues: Partial<Record<VenueId, TradingLimits>>;
}

export class LimitExceeded extends Error {
  override name = 'LimitExceeded';
}

/** Counters hold micro-units of currency. */
const UNIT_SCALE = 6;
const DAY_MS = 86_400_000;
/** Open orders are counted over at most this many listing pages. */
const MAX_COUNT_PAGES = 20;

function units(amount: Decimal): number {
  return Number(amount.toUnits(UNIT_SCALE, 'up'));
}

function fmt(value: Decimal | string): string {
  return canonical(Decimal.from(value));
}

export function notionalOf(price: string, size: string): Decimal {
  return Decimal.parse(price).mul(size);
}

export class TradingLimiter {
  constructor(
    private readonly config: LimitsConfig,
    private readonly cache: Cache,
    private readonly now: () => Date = () => new Date(),
  ) {}

  venueLimits(venue: VenueId): TradingLimits {
    return { ...this.config.default, ...this.config.venues[venue] };
  }

  /** Largest order notional, per venue and key. */
  checkOrderNotional(principal: Principal, venue: VenueId, notional: Decimal): void {
    for (const [who, limits] of this.scopes(principal, venue)) {
      if (limits.maxOrderNotional !== undefined && notional.gt(limits.maxOrderNotional)) {
        throw new LimitExceeded(`the order's notional ${fmt(notional)} exceeds the ${who} limit of ${limits.maxOrderNotional} per order`);
      }
    }
  }

  /** Open orders, per venue and key: one more must still fit. */
  async checkOpenOrders(principal: Principal, adapter: VenueAdapter): Promise<void> {
    const venue = adapter.venue;
    const venueMax = this.venueLimits(venue).maxOpenOrders;
    const keyMax = principal.limits.maxOpenOrders;
    if (venueMax === undefined && keyMax === undefined) return;
    let total = 0;
    let mine = 0;
    let pages = 0;
    for await (const page of adapter.listOrders({ status: 'open' })) {
      for (const o of page.items) {
        if (o.status !== 'open') continue;
        total += 1;
        if (placedByKey(principal.keyId, o.clientOrderId)) mine += 1;
      }
      if (++pages >= MAX_COUNT_PAGES) break;
    }
    if (venueMax !== undefined && total + 1 > venueMax) throw new LimitExceeded(`${venue} already has ${total} open orders (the venue limit is ${venueMax})`);
    if (keyMax !== undefined && mine + 1 > keyMax) throw new LimitExceeded(`this key already has ${mine} open orders on ${venue} (its limit is ${keyMax})`);
  }

  /**
   * Reserves `notional` of today's budget of the key and the venue; refuses (giving it back) past a
   * limit. Returns the release, for a write the venue certainly refused.
   */
  async reserveDaily(principal: Principal, venue: VenueId, notional: Decimal): Promise<() => Promise<void>> {
    const amount = units(notional);
    const day = this.now().toISOString().slice(0, 10);
    const ttlMs = DAY_MS * 2;
    const taken: string[] = [];
    const release = async (): Promise<void> => {
      for (const key of taken) await this.cache.increment(key, -amount);
    };
    for (const [who, limits, key] of this.dailyScopes(principal, venue, day)) {
      const max = limits.maxDailyNotional;
      if (max === undefined || amount === 0) continue;
      const total = await this.cache.increment(key, amount, { ttlMs });
      taken.push(key);
      if (total > units(Decimal.parse(max))) {
        await release();
        const before = Decimal.fromUnits(BigInt(total - amount), UNIT_SCALE);
        throw new LimitExceeded(`the order's notional ${fmt(notional)} would take the ${who} total for ${day} from ${fmt(before)} past its limit of ${max}`);
      }
    }
    return release;
  }

  private scopes(principal: Principal, venue: VenueId): [string, TradingLimits][] {
    return [
      [`${venue}`, this.venueLimits(venue)],
      ['key', principal.limits],
    ];
  }

  private dailyScopes(principal: Principal, venue: VenueId, day: string): [string, TradingLimits, string][] {
    return [
      [`${venue}`, this.venueLimits(venue), `limits:daily:venue:${venue}:${day}`],
      ["key's", principal.limits, `limits:daily:key:${principal.keyId}:${venue}:${day}`],
    ];
  }
}
