import type { Market, OrderBook } from '../../core/index.js';
import type { EvaluationContext } from './basket.js';
import { evaluateCompleteSet, type CompleteSetGroup } from './complete-set.js';
import { evaluationConfig, type EvaluationConfig, type FeeQuoterLookup } from './config.js';
import { evaluatePair, type TradablePair } from './pair.js';
import type { Opportunity, OpportunityEvent, TradableRelation } from './types.js';

/**
 * Keeps every tradable pair and complete set evaluated against the latest books. A book update
 * re-evaluates only the pairs and sets that contain its market and reports what changed:
 * `opened` (a new positive-profit opportunity), `updated` (its size, prices, fees or blockers
 * moved), `closed` (the edge is gone, or the pair or set was removed).
 */

export interface EngineOptions {
  quoters: FeeQuoterLookup;
  config?: Partial<EvaluationConfig>;
  /** Clock (ms since epoch); injected in tests. */
  now?: () => number;
}

interface PairRef {
  id: string;
  a: string;
  b: string;
  relation: TradableRelation;
  confidence: number;
  reasons: string[];
}

interface SetRef {
  id: string;
  markets: string[];
  exhaustive: boolean | null;
}

type SourceKey = `pair:${string}` | `set:${string}`;

export type OpportunityListener = (event: OpportunityEvent) => void;

/** What must not count as a change: clocks and ages move on every evaluation. */
function fingerprint(o: Opportunity): string {
  return JSON.stringify([
    o.legs.map((l) => [l.market, l.outcome, l.price, l.limitPrice, l.size, l.fee, l.fills]),
    o.edge,
    o.size,
    o.cost,
    o.profit,
    o.actionable,
    o.blockers,
    o.flags,
    o.confidence,
    o.relation,
  ]);
}

export class ArbitrageEngine {
  private readonly config: EvaluationConfig;
  private readonly now: () => number;
  private readonly markets = new Map<string, Market>();
  private readonly books = new Map<string, OrderBook>();
  private readonly freshAt = new Map<string, number>();
  private readonly pairs = new Map<string, PairRef>();
  private readonly sets = new Map<string, SetRef>();
  private readonly sourcesOf = new Map<string, Set<SourceKey>>();
  private readonly current = new Map<string, { opportunity: Opportunity; print: string; source: SourceKey }>();
  private readonly idsOf = new Map<SourceKey, Set<string>>();
  private readonly listeners = new Set<OpportunityListener>();

  constructor(private readonly options: EngineOptions) {
    this.config = evaluationConfig(options.config);
    this.now = options.now ?? Date.now;
  }

  onEvent(listener: OpportunityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  opportunities(): Opportunity[] {
    return [...this.current.values()].map((c) => c.opportunity);
  }

  opportunity(id: string): Opportunity | undefined {
    return this.current.get(id)?.opportunity;
  }

  /** The ids of every market some pair or set depends on (what the book service should watch). */
  watchedMarkets(): string[] {
    return [...this.sourcesOf.keys()];
  }

  upsertMarket(market: Market): OpportunityEvent[] {
    this.markets.set(market.id, market);
    return this.reevaluate(this.sourcesOf.get(market.id));
  }

  /** A book update (or a confirmation that it is still current: `freshAt`, ms since epoch). */
  applyBook(book: OrderBook, freshAt?: number): OpportunityEvent[] {
    this.books.set(book.marketId, book);
    if (freshAt !== undefined) this.freshAt.set(book.marketId, freshAt);
    else this.freshAt.delete(book.marketId);
    return this.reevaluate(this.sourcesOf.get(book.marketId));
  }

  /** The market's book can no longer be trusted: its opportunities close until a new book arrives. */
  dropBook(marketId: string): OpportunityEvent[] {
    if (!this.books.delete(marketId)) return [];
    this.freshAt.delete(marketId);
    return this.reevaluate(this.sourcesOf.get(marketId), `no current book for ${marketId}`);
  }

  setPair(pair: TradablePair): OpportunityEvent[] {
    this.markets.set(pair.a.id, pair.a);
    this.markets.set(pair.b.id, pair.b);
    const key: SourceKey = `pair:${pair.id}`;
    const before = this.pairs.get(pair.id);
    if (before) this.unlink(key, [before.a, before.b].filter((id) => id !== pair.a.id && id !== pair.b.id));
    this.pairs.set(pair.id, { id: pair.id, a: pair.a.id, b: pair.b.id, relation: pair.relation, confidence: pair.confidence, reasons: pair.reasons });
    this.link(key, [pair.a.id, pair.b.id]);
    return this.reevaluate([key]);
  }

  removePair(id: string): OpportunityEvent[] {
    const ref = this.pairs.get(id);
    if (!ref) return [];
    this.pairs.delete(id);
    const key: SourceKey = `pair:${id}`;
    this.unlink(key, [ref.a, ref.b]);
    return this.closeSource(key, 'pair removed');
  }

  setCompleteSet(group: CompleteSetGroup): OpportunityEvent[] {
    for (const m of group.markets) this.markets.set(m.id, m);
    const key: SourceKey = `set:${group.id}`;
    const before = this.sets.get(group.id);
    if (before) this.unlink(key, before.markets.filter((id) => !group.markets.some((m) => m.id === id)));
    this.sets.set(group.id, { id: group.id, markets: group.markets.map((m) => m.id), exhaustive: group.exhaustive });
    this.link(key, group.markets.map((m) => m.id));
    return this.reevaluate([key]);
  }

  removeCompleteSet(id: string): OpportunityEvent[] {
    const ref = this.sets.get(id);
    if (!ref) return [];
    this.sets.delete(id);
    const key: SourceKey = `set:${id}`;
    this.unlink(key, ref.markets);
    return this.closeSource(key, 'complete set removed');
  }

  /** Re-evaluates everything (e.g. on a timer, so that books going stale are reported). */
  refresh(): OpportunityEvent[] {
    return this.reevaluate([...this.pairs.keys()].map((id) => `pair:${id}` as SourceKey).concat([...this.sets.keys()].map((id) => `set:${id}` as SourceKey)));
  }

  private link(key: SourceKey, marketIds: string[]): void {
    for (const id of marketIds) {
      let s = this.sourcesOf.get(id);
      if (!s) this.sourcesOf.set(id, (s = new Set()));
      s.add(key);
    }
  }

  private unlink(key: SourceKey, marketIds: string[]): void {
    for (const id of marketIds) {
      const s = this.sourcesOf.get(id);
      if (!s) continue;
      s.delete(key);
      if (s.size === 0) {
        this.sourcesOf.delete(id);
        this.books.delete(id);
        this.freshAt.delete(id);
      }
    }
  }

  private context(): EvaluationContext {
    return { quoters: this.options.quoters, config: this.config, now: this.now() };
  }

  private evaluate(key: SourceKey, ctx: EvaluationContext): Opportunity[] {
    if (key.startsWith('pair:')) {
      const ref = this.pairs.get(key.slice(5));
      const a = ref && this.markets.get(ref.a);
      const b = ref && this.markets.get(ref.b);
      if (!ref || !a || !b) return [];
      const fa = this.freshAt.get(a.id);
      const fb = this.freshAt.get(b.id);
      return evaluatePair(
        { id: ref.id, a, b, relation: ref.relation, confidence: ref.confidence, reasons: ref.reasons },
        { a: this.books.get(a.id), b: this.books.get(b.id), freshAt: { ...(fa !== undefined ? { a: fa } : {}), ...(fb !== undefined ? { b: fb } : {}) } },
        ctx,
      ).flatMap((r) => (r.opportunity ? [r.opportunity] : []));
    }
    const ref = this.sets.get(key.slice(4));
    if (!ref) return [];
    const markets = ref.markets.map((id) => this.markets.get(id));
    if (markets.some((m) => !m)) return [];
    return evaluateCompleteSet({ id: ref.id, markets: markets as Market[], exhaustive: ref.exhaustive }, this.books, ctx, this.freshAt).flatMap((r) =>
      r.opportunity ? [r.opportunity] : [],
    );
  }

  private reevaluate(keys: Iterable<SourceKey> | undefined, closedReason = 'edge gone'): OpportunityEvent[] {
    if (!keys) return [];
    const ctx = this.context();
    const events: OpportunityEvent[] = [];
    for (const key of keys) {
      const found = this.evaluate(key, ctx);
      const seen = new Set<string>();
      for (const o of found) {
        seen.add(o.id);
        const print = fingerprint(o);
        const before = this.current.get(o.id);
        this.current.set(o.id, { opportunity: o, print, source: key });
        if (!before) events.push({ type: 'opened', opportunity: o, reason: null });
        else if (before.print !== print) events.push({ type: 'updated', opportunity: o, reason: null });
      }
      const ids = this.idsOf.get(key) ?? new Set<string>();
      for (const id of ids) {
        if (seen.has(id)) continue;
        const before = this.current.get(id);
        this.current.delete(id);
        if (before) events.push({ type: 'closed', opportunity: before.opportunity, reason: closedReason });
      }
      if (seen.size > 0) this.idsOf.set(key, seen);
      else this.idsOf.delete(key);
    }
    this.emit(events);
    return events;
  }

  private closeSource(key: SourceKey, reason: string): OpportunityEvent[] {
    const events: OpportunityEvent[] = [];
    for (const id of this.idsOf.get(key) ?? []) {
      const before = this.current.get(id);
      this.current.delete(id);
      if (before) events.push({ type: 'closed', opportunity: before.opportunity, reason });
    }
    this.idsOf.delete(key);
    this.emit(events);
    return events;
  }

  private emit(events: OpportunityEvent[]): void {
    for (const e of events) for (const l of this.listeners) l(e);
  }
}
