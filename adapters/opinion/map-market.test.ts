import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EventSchema, MarketSchema as ModelMarketSchema } from '../../src/core/index.js';
import { mapCategorical, mapListRow, mapMarket } from './map-market.js';
import { parseEnvelope } from './wire.js';
import { MarketDetailSchema, MarketListSchema, type WireMarket } from './wire-market.js';

const NOW = new Date('2026-10-05T00:00:00Z');
const now = () => NOW;

function detail(name: string): WireMarket {
  const out = parseEnvelope(MarketDetailSchema, JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')), 'GET /market/{marketId}');
  if (!out.ok) throw new Error(out.errmsg);
  return out.result.data;
}

function list(name: string): WireMarket[] {
  const out = parseEnvelope(MarketListSchema, JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')), 'GET /market');
  if (!out.ok) throw new Error(out.errmsg);
  return out.result.list;
}

describe('markets → model (docs/venues/opinion.md §4)', () => {
  it('maps a standalone binary market: USDT, real money, tick 0.001, notional volumes beside the model', () => {
    const m = mapMarket(detail('market-binary.json'), { now });
    expect(ModelMarketSchema.parse(m.market)).toEqual(m.market);
    expect(m.market).toMatchObject({
      id: 'opinion:8453',
      nativeId: '8453',
      eventId: null,
      title: 'Will Reza Pahlavi lead Iran in 2026?',
      yesLabel: 'YES',
      noLabel: 'NO',
      status: 'open',
      result: null,
      currency: 'USDT',
      realMoney: true,
      tickSize: '0.001',
      openTime: '2026-03-02T08:12:10.000Z',
      closeTime: '2026-12-31T00:00:00.000Z',
      volume: null,
      volume24h: null,
      category: 'Politics',
      tags: ['Politics'],
    });
    expect(m.volumeNotional).toBe('11462989.017');
    expect(m.volume24hNotional).toBe('8686.887999999999');
    expect(m.trading).toEqual({
      marketId: 8453,
      rootMarketId: null,
      yesTokenId: '108761232996648696094986810839467600058532112370676838004575692955272599068666',
      noTokenId: '1793563387748901178305754283884242631241656865404004807132684174456387442413',
      quoteToken: '0x55d398326f99059fF775485246999027B3197955',
      conditionId: 'cc425e46280d6581d039d3e667838f4fb9c0c95b71f48f70ae50cc3da1998d8d',
    });
  });

  it('maps a resolved market with custom outcome labels to its NO result', () => {
    const m = mapMarket(detail('market-binary-resolved-custom-labels.json'), { now }).market;
    expect(m).toMatchObject({ status: 'resolved', result: 'no', yesLabel: 'Turma do Pagode', noLabel: 'Galorys', category: 'Esports' });
    expect(m.extra.resolvedAt).toBe('2026-10-10T04:57:31.000Z');
  });

  it('splits a categorical parent into an event of binary markets that close with the parent', () => {
    const { event, markets } = mapCategorical(detail('market-categorical.json'), { now });
    expect(EventSchema.parse(event)).toEqual(event);
    expect(event).toMatchObject({ id: 'opinion:337', title: 'Which companies will be acquired before 2027?', category: 'Business', mutuallyExclusive: false, closeTime: '2026-12-31T00:00:00.000Z' });
    expect(markets).toHaveLength(10);
    expect(event.marketIds).toEqual(markets.map((m) => m.market.id));
    const perplexity = markets.find((m) => m.market.nativeId === '5342')!;
    expect(perplexity.market).toMatchObject({
      eventId: 'opinion:337',
      title: 'Which companies will be acquired before 2027? — Perplexity AI',
      closeTime: '2026-12-31T00:00:00.000Z',
      category: 'Business',
      status: 'open',
    });
    expect(perplexity.market.extra.optionTitle).toBe('Perplexity AI');
    expect(perplexity.trading.rootMarketId).toBe(337);
    expect(perplexity.volume24hNotional).toBeNull();
    expect(markets.find((m) => m.market.nativeId === '5346')!.market).toMatchObject({ status: 'resolved', result: 'yes' });
    expect(mapCategorical(detail('market-categorical.json'), { now, mutuallyExclusive: true }).event.mutuallyExclusive).toBe(true);
  });

  it('maps a child fetched alone (no parent known) as a market without event or close time', () => {
    const m = mapMarket(detail('market-categorical-child.json'), { now }).market;
    expect(m).toMatchObject({ id: 'opinion:5342', eventId: null, closeTime: null, category: null, status: 'open' });
  });

  it('maps list rows, whose children have no conditionId, and resolved topics', () => {
    const rows = list('market-list.truncated.json').map((r) => mapListRow(r, { now }));
    expect(rows.map((r) => r.event?.id)).toEqual(['opinion:337', 'opinion:360']);
    expect(rows[0]!.markets.every((m) => m.trading.conditionId === '' && m.market.extra.conditionId === null)).toBe(true);
    const resolved = list('market-list-resolved.json').flatMap((r) => mapListRow(r, { now }).markets.map((m) => m.market));
    expect(resolved.every((m) => m.status === 'resolved')).toBe(true);
    expect(resolved.filter((m) => m.result === 'yes').map((m) => m.extra.optionTitle)).toEqual(['25 bps decrease', '25 bps decrease', 'No change', 'No change', '↓ 90k']);
    expect(resolved.filter((m) => m.result === 'no')).toHaveLength(resolved.length - 5);
    for (const m of resolved) expect(m.volume).toBeNull();
  });

  it('closes an Activated market past its cutoff, and refuses to map a parent as a market', () => {
    const m = mapMarket(detail('market-binary.json'), { now: () => new Date('2027-01-02T00:00:00Z') }).market;
    expect(m.status).toBe('closed');
    expect(() => mapMarket(detail('market-categorical.json'))).toThrow(/no outcome tokens/);
  });
});
