import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/core/index.js';
import { depthDiffToYes, type TokenPair, type YesLevelUpdate } from './map-book.js';
import { MarketBook } from './stream-book.js';
import { parseEnvelope } from './wire.js';
import { OrderbookSchema, type WireOrderbook } from './wire-market.js';

function book(name: string): WireOrderbook {
  const out = parseEnvelope(OrderbookSchema, JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')), 'GET /token/orderbook');
  if (!out.ok) throw new Error(out.errmsg);
  return out.result;
}

const yes = book('token-orderbook.json');
const no = book('token-orderbook-no.json');
const pair: TokenPair = { marketId: 6143, yesTokenId: yes.tokenId, noTokenId: no.tokenId };
const yesLevel = (side: 'bid' | 'ask', price: string, size: string): YesLevelUpdate => ({ token: 'yes', side, price, size });
/** A NO-token diff describing the YES level (side, price) with `size`. */
const noLevel = (side: 'bid' | 'ask', price: string, size: string): YesLevelUpdate =>
  depthDiffToYes(
    { msgType: 'market.depth.diff', marketId: 6143, tokenId: no.tokenId, outcomeSide: 2, side: side === 'bid' ? 'asks' : 'bids', price: Decimal.ONE.sub(price).normalize().toString(), size },
    pair,
  );

describe('a live book kept from both tokens (docs/venues/opinion.md §5.2, §9)', () => {
  it('seeds from the recorded pair: the NO book mirrors the YES book, with sizes at 10⁻⁶ share', () => {
    const b = MarketBook.seeded('opinion:6143', pair, 'mirrored', yes, no, [], 0);
    expect(b.mismatchCount).toBe(0);
    expect(b.out.best('bid')).toEqual({ price: '0.66', size: '133.984848' });
    expect(b.out.best('ask')).toEqual({ price: '0.709', size: '341.202749' });
    expect(noLevel('ask', '0.709', '1')).toEqual({ token: 'no', side: 'ask', price: '0.709', size: '1' });
  });

  it('replays the frames received while REST was fetched: for each level the last frame wins', () => {
    const replay = [yesLevel('bid', '0.66', '5'), yesLevel('bid', '0.67', '3'), yesLevel('bid', '0.66', '7'), yesLevel('ask', '0.709', '0')];
    const b = MarketBook.seeded('opinion:6143', pair, 'mirrored', yes, null, replay, 0);
    expect(b.out.levels('bid').slice(0, 2)).toEqual([['0.67', '3'], ['0.66', '7']]);
    expect(b.out.best('ask')).toEqual({ price: '0.71', size: '65' });
    // The same frames replayed on a REST book that already had them change nothing.
    const again = MarketBook.seeded('opinion:6143', pair, 'mirrored', yes, null, [...replay, ...replay], 0);
    expect(again.sameAs(b)).toBe(true);
  });

  it('serves the YES book; a NO diff only feeds the mirror check, keyed by its token', () => {
    const b = MarketBook.seeded('opinion:6143', pair, 'mirrored', yes, no, [], 0);
    // The NO half of a change arrives first: the served book does not move, the levels disagree.
    expect(b.apply(noLevel('bid', '0.66', '10'), 1_000)).toBeNull();
    expect(b.out.best('bid')).toEqual({ price: '0.66', size: '133.984848' });
    expect(b.mismatchCount).toBe(1);
    expect(b.lastingMismatch(3_000, 5_000)).toBeNull();
    // Its YES half follows: the served level moves, the books agree again.
    expect(b.apply(yesLevel('bid', '0.66', '10'), 1_200)).toEqual({ side: 'bid', price: '0.66', size: '10' });
    expect(b.mismatchCount).toBe(0);
    // A NO diff that is never matched is a lasting mismatch once the grace period is over.
    b.apply(noLevel('ask', '0.75', '4'), 2_000);
    expect(b.lastingMismatch(6_999, 5_000)).toBeNull();
    expect(b.lastingMismatch(7_000, 5_000)).toBe('ask|0.75');
  });

  it('adds the two books per level under the independent assumption', () => {
    const b = MarketBook.seeded('opinion:6143', pair, 'independent', yes, no, [], 0);
    expect(b.out.best('bid')).toEqual({ price: '0.66', size: '267.969696' });
    expect(b.apply(noLevel('bid', '0.66', '1.5'), 0)).toEqual({ side: 'bid', price: '0.66', size: '135.484848' });
    expect(b.apply(yesLevel('bid', '0.66', '0'), 0)).toEqual({ side: 'bid', price: '0.66', size: '1.5' });
    expect(b.out.best('bid')).toEqual({ price: '0.66', size: '1.5' });
  });
});
