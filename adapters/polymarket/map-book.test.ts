import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LocalBook } from '../../src/venue/index.js';
import { WireBookMirror, topDisagreement } from './book-check.js';
import { mapBookSummary, mapWsTrade, verifyBookHash } from './map-book.js';
import { BookSummarySchema } from './wire-clob.js';
import { WsLastTradePriceSchema } from './wire-ws.js';

const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

describe('CLOB book → OrderBook', () => {
  it('normalizes wire order (bids ascending, asks descending) to best-first', () => {
    const book = mapBookSummary(BookSummarySchema.parse(fixture('clob-book.json')), { now: () => new Date('2026-08-09T12:00:00Z') });
    expect(book.marketId).toBe('polymarket:0x60c2c085ee8c16bc8f2419739a94971d4c9d00f637ead10fc0f540afa1be64e8');
    expect(book.bids[0]).toEqual(['0.06', '100885.17']);
    expect(book.asks[0]).toEqual(['0.07', '142510.87']);
    expect(book.bids.at(-1)?.[0]).toBe('0.01');
    expect(book.asks.at(-1)?.[0]).toBe('0.99');
    expect(book.venueTimestamp).toBe('2026-08-09T11:39:51.068Z');
    expect(book.source).toBe('rest');
    expect(book.seq).toBeNull();
  });

  it('honours depth', () => {
    const book = mapBookSummary(BookSummarySchema.parse(fixture('clob-book-negrisk.json')), { depth: 3 });
    expect(book.bids).toEqual([['0.001', '10118.15']]);
    expect(book.asks.map(([p]) => p)).toEqual(['0.004', '0.006', '0.01']);
  });

  it('verifies the recorded hashes and detects a tampered book', () => {
    const raw = fixture('clob-book.json');
    expect(verifyBookHash(raw)).toBe(true);
    const bids = raw.bids as { price: string; size: string }[];
    const tampered = { ...raw, bids: [...bids.slice(0, -1), { price: '0.06', size: '1' }] };
    expect(verifyBookHash(tampered)).toBe(false);
    expect(verifyBookHash({ ...raw, hash: undefined })).toBeNull();
  });
});

describe('WireBookMirror', () => {
  it('recomputes the recorded hash from a snapshot, and follows level changes', () => {
    const raw = fixture('clob-book.json');
    const mirror = new WireBookMirror();
    mirror.reset(raw, raw.bids as { price: string; size: string }[], raw.asks as { price: string; size: string }[]);
    expect(mirror.hash(raw.timestamp as string)).toBe(raw.hash);
    mirror.set('bid', '0.06', '5');
    expect(mirror.hash(raw.timestamp as string)).not.toBe(raw.hash);
    mirror.set('bid', '0.06', '100885.17');
    expect(mirror.hash(raw.timestamp as string)).toBe(raw.hash);
  });
});

describe('topDisagreement', () => {
  const book = () => {
    const b = new LocalBook('polymarket:0x1', 'polymarket');
    b.applySnapshot([['0.5', '10']], [['0.52', '10']], 1);
    return b;
  };
  it('accepts agreeing tops, including "" and "0"/"1" for empty sides', () => {
    expect(topDisagreement(book(), '0.5', '0.52')).toBeNull();
    expect(topDisagreement(book(), undefined, undefined)).toBeNull();
    const empty = new LocalBook('polymarket:0x1', 'polymarket');
    empty.applySnapshot([], [], 1);
    expect(topDisagreement(empty, '0', '1')).toBeNull();
    expect(topDisagreement(empty, null, null)).toBeNull();
  });
  it('reports a different top and a crossed book', () => {
    expect(topDisagreement(book(), '0.49', '0.52')).toMatch(/best bid/);
    expect(topDisagreement(book(), '0.5', '1')).toMatch(/best ask/);
    const crossed = book();
    crossed.set('bid', '0.53', '1');
    expect(topDisagreement(crossed, '0.53', '0.52')).toBe('crossed book');
  });
});

describe('market-channel trade', () => {
  it('turns a NO-token trade into a YES-terms trade with the taker side flipped', () => {
    const ev = WsLastTradePriceSchema.parse({ event_type: 'last_trade_price', asset_id: '22', market: '0xabc', price: '0.456', size: '219.217767', side: 'BUY', timestamp: '1750428146322' });
    expect(mapWsTrade(ev, 'polymarket:0xabc', 'no')).toMatchObject({ price: '0.544', size: '219.217767', takerSide: 'sell', timestamp: '2025-06-20T14:02:26.322Z' });
    expect(mapWsTrade(ev, 'polymarket:0xabc', 'yes')).toMatchObject({ price: '0.456', takerSide: 'buy' });
  });
});
