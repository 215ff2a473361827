import { NotFound, type Outcome } from '../../src/core/index.js';
import type { GammaClient } from './gamma-client.js';
import { tradingInfoOf, type MarketTradingInfo } from './map-market.js';

/**
 * The trading facts (tokens, tick, minimum size, neg-risk, protocol version) of markets by
 * condition id, loaded from Gamma and cached. Order building, books and streams need them for
 * every call; listings prime the cache for free. `tick_size_change` events update it.
 */

const CONDITION_ID_RE = /^0x[0-9a-fA-F]{64}$/;

export function isConditionId(id: string): boolean {
  return CONDITION_ID_RE.test(id);
}

interface Entry {
  info: MarketTradingInfo;
  at: number;
}

export class MarketInfoCache {
  private readonly byCondition = new Map<string, Entry>();
  private readonly byToken = new Map<string, { conditionId: string; outcome: Outcome }>();
  private readonly inflight = new Map<string, Promise<MarketTradingInfo>>();

  constructor(
    private readonly gamma: GammaClient,
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  put(info: MarketTradingInfo): void {
    const key = info.conditionId.toLowerCase();
    this.byCondition.set(key, { info, at: this.now() });
    this.byToken.set(info.yesTokenId, { conditionId: info.conditionId, outcome: 'yes' });
    this.byToken.set(info.noTokenId, { conditionId: info.conditionId, outcome: 'no' });
  }

  peek(conditionId: string): MarketTradingInfo | undefined {
    return this.byCondition.get(conditionId.toLowerCase())?.info;
  }

  token(assetId: string): { conditionId: string; outcome: Outcome; info?: MarketTradingInfo } | undefined {
    const t = this.byToken.get(assetId);
    if (!t) return undefined;
    const info = this.peek(t.conditionId);
    return info ? { ...t, info } : t;
  }

  invalidate(conditionId: string): void {
    this.byCondition.delete(conditionId.toLowerCase());
  }

  /** Applies a `tick_size_change`. */
  setTick(conditionId: string, tickSize: string): void {
    const e = this.byCondition.get(conditionId.toLowerCase());
    if (e) e.info = { ...e.info, tickSize };
  }

  async get(conditionId: string, options: { fresh?: boolean } = {}): Promise<MarketTradingInfo> {
    const key = conditionId.toLowerCase();
    const e = this.byCondition.get(key);
    if (e && !options.fresh && this.now() - e.at < this.ttlMs) return e.info;
    let p = this.inflight.get(key);
    if (!p) {
      p = this.load(conditionId).finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }

  /** Loads many at once (100 condition ids per Gamma request). */
  async getMany(conditionIds: string[]): Promise<MarketTradingInfo[]> {
    const missing = [...new Set(conditionIds.filter((c) => !this.peek(c)))];
    for (let i = 0; i < missing.length; i += 100) {
      const chunk = missing.slice(i, i + 100);
      const markets = await this.gamma.markets({ conditionIds: chunk, limit: chunk.length });
      for (const m of markets) {
        const info = tradingInfoOf(m);
        if (info) this.put(info);
      }
    }
    return Promise.all(conditionIds.map((c) => this.get(c)));
  }

  private async load(conditionId: string): Promise<MarketTradingInfo> {
    if (!isConditionId(conditionId)) {
      throw new NotFound(`polymarket: ${JSON.stringify(conditionId)} is not a condition id`, { venue: 'polymarket' });
    }
    const markets = await this.gamma.markets({ conditionIds: [conditionId], limit: 1 });
    const m = markets.find((x) => (x.conditionId ?? '').toLowerCase() === conditionId.toLowerCase());
    const info = m ? tradingInfoOf(m) : null;
    if (!info) throw new NotFound(`polymarket: market ${conditionId} not found`, { venue: 'polymarket', endpoint: 'GET /markets' });
    this.put(info);
    return info;
  }
}
