import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OrderBookSchema } from '../../src/core/index.js';
import { bookSize, checkMirror, depthDiffToYes, isCrossed, mapTokenBook, yesTermsBook, type TokenPair } from './map-book.js';
import { parseEnvelope } from './wire.js';
import { OrderbookSchema, type WireOrderbook } from './wire-market.js';
import { parseWsFrame, type WsDepthDiff } from './wire-ws.js';

function book(name: string): WireOrderbook {
  const out = parseEnvelope(OrderbookSchema, JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')), 'GET /token/orderbook');
  if (!out.ok) throw new Error(out.errmsg);
  return out.result;
}

const yes = book('token-orderbook.json');
const no = book('token-orderbook-no.json');
const pair: TokenPair = { marketId: 6143, yesTokenId: yes.tokenId, noTokenId: no.tokenId };
const now = () => new Date('2026-10-01T16:14:27Z');

describe('token books → YES-terms book (docs/venues/opinion.md §5.2)', () => {
  it('reads the YES token book best first, with the venue timestamp in ms', () => {
    const b = mapTokenBook(yes, pair, { now });
    expect(OrderBookSchema.parse(b)).toEqual(b);
    expect(b.marketId).toBe('opinion:6143');
    expect(b.bids[0]).toEqual(['0.66', '133.984848']);
    expect(b.bids.at(-1)).toEqual(['0.001', '70.85']);
    expect(b.asks[0]).toEqual(['0.709', '341.202749']);
    expect(b.venueTimestamp).toBe('2026-10-01T16:14:25.570Z');
    expect(b.seq).toBeNull();
    expect(isCrossed(b)).toBe(false);
  });

  it('finds the recorded NO book to be the YES book mirrored, and maps it to the same YES book', () => {
    expect(checkMirror(yes, no)).toEqual({ mirrored: true });
    const fromNo = mapTokenBook(no, pair, { now });
    const fromYes = mapTokenBook(yes, pair, { now });
    expect(fromNo.bids).toEqual(fromYes.bids);
    expect(fromNo.asks).toEqual(fromYes.asks);
  });

  it('uses the YES book alone when books are mirrored, reporting any disagreement of the NO book', () => {
    const { book: b, check } = yesTermsBook(yes, no, pair, { now });
    expect(check).toEqual({ mirrored: true });
    expect(b.bids).toEqual(mapTokenBook(yes, pair, { now }).bids);
    const drifted = { ...no, bids: no.bids.map((l, i) => (i === 0 ? { ...l, size: '1' } : l)) };
    const second = yesTermsBook(yes, drifted, pair, { now });
    expect(second.check).toEqual({ mirrored: false, differences: ['asks[0]: yes 0.709@341.202749 vs no 0.709@1'] });
    expect(second.book.asks[0]).toEqual(['0.709', '341.202749']);
  });

  it('merges the mirrored NO book into the YES book under the independent-books assumption', () => {
    const { book: b } = yesTermsBook(yes, no, pair, { now, assume: 'independent' });
    expect(b.bids[0]).toEqual(['0.66', '267.969696']);
    expect(b.asks[0]).toEqual(['0.709', '682.405498']);
    expect(b.bids).toHaveLength(yes.bids.length);
  });

  it('maps a one-sided book and cuts depth', () => {
    const one = book('token-orderbook-one-sided.json');
    const b = mapTokenBook(one, { marketId: 26356, yesTokenId: one.tokenId, noTokenId: '1' }, { now, depth: 2 });
    expect(b.bids).toEqual([]);
    expect(b.asks).toEqual([['0.023', '4.809621'], ['0.027', '40.503597']]);
    expect(() => mapTokenBook(one, pair)).toThrow(/not an outcome of market 6143/);
  });

  it('truncates sizes to 10⁻⁶ share, REST levels and diffs alike; a level below that is absent', () => {
    expect(bookSize('341.20274914089345')).toBe('341.202749');
    expect(bookSize('0.0000009')).toBe('0');
    expect(bookSize('2.000000000000000000')).toBe('2');
    const tiny = { ...yes, bids: [{ price: '0.5', size: '0.0000009' }, ...yes.bids] };
    expect(mapTokenBook(tiny, pair).bids[0]).toEqual(['0.66', '133.984848']);
    const diff: WsDepthDiff = { msgType: 'market.depth.diff', marketId: 6143, tokenId: yes.tokenId, outcomeSide: 1, side: 'asks', price: '0.709', size: '341.20274914089345' };
    expect(depthDiffToYes(diff, pair)).toEqual({ token: 'yes', side: 'ask', price: '0.709', size: '341.202749' });
    expect(depthDiffToYes({ ...diff, size: '0.0000001' }, pair).size).toBe('0');
    expect(() => depthDiffToYes({ ...diff, price: '0.7090001' }, pair)).toThrow(/more than 6 decimals/);
  });

  it('turns depth diffs of either token into YES-book levels with absolute sizes', () => {
    const frame = parseWsFrame(readFileSync(new URL('./__fixtures__/ws-market-channels.docs-sample.ndjson', import.meta.url), 'utf8').split('\n')[0]!);
    if (frame.kind !== 'data' || frame.frame.msgType !== 'market.depth.diff') throw new Error('not a depth diff');
    const diff: WsDepthDiff = frame.frame;
    const samplePair = { marketId: 2764, yesTokenId: diff.tokenId, noTokenId: '7' };
    expect(depthDiffToYes(diff, samplePair)).toEqual({ token: 'yes', side: 'bid', price: '0.2', size: '50' });
    expect(depthDiffToYes({ ...diff, tokenId: '7', outcomeSide: 2 }, samplePair)).toEqual({ token: 'no', side: 'ask', price: '0.8', size: '50' });
    expect(depthDiffToYes({ ...diff, tokenId: '7', side: 'asks', price: '0.35', size: '0' }, samplePair)).toEqual({ token: 'no', side: 'bid', price: '0.65', size: '0' });
  });
});
