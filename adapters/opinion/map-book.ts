import { Decimal, VenueFormatError, formatId, type Level, type OrderBook } from '../../src/core/index.js';
import { BOOK_SCALE } from '../../src/venue/index.js';
import { VENUE } from './constants.js';
import { isoFromMillis } from './wire.js';
import type { WireBookLevel, WireOrderbook } from './wire-market.js';
import type { WsDepthDiff } from './wire-ws.js';

/**
 * Token books → the YES-terms OrderBook (docs/venues/opinion.md §5.2). Opinion serves one book per
 * outcome token. Whether the venue mirrors orders between a market's two books was an open
 * question of the reference; the recorded pair (`token-orderbook.json`, `token-orderbook-no.json`)
 * shows the NO book is exactly the YES book at 1 − p with sides swapped, so by default the YES
 * book alone is the market's book and the NO book is only checked against it (adding them would
 * count every order twice). Should the venue ever serve independent books, `assume: 'independent'`
 * merges the YES book with the mirrored NO book instead.
 *
 * Sizes: the venue prints sizes it computed in binary floating point (`"341.20274914089345"`,
 * §1), beyond the 10⁻⁶ share every Venn book keeps (`BOOK_SCALE`). Every book size — REST levels
 * and stream diffs alike, through `bookSize` — is truncated to 6 decimals, and a level whose size
 * truncates to 0 is absent, so REST snapshots and streamed books agree level for level. Prices lie
 * on the 0.001 grid; one with more than 6 decimals is a format error.
 */

/** A book size truncated to 10⁻⁶ share (canonical); `"0"` when less than that. */
export function bookSize(size: string): string {
  return Decimal.parse(size).round(BOOK_SCALE, 'down').normalize().toString();
}

/** A book price, canonical; more than 6 decimals is not a price of this venue. */
export function bookPrice(price: string): string {
  const p = Decimal.parse(price).normalize();
  if (p.scale > BOOK_SCALE) throw new VenueFormatError(`${VENUE}: book price ${price} has more than ${BOOK_SCALE} decimals`, { venue: VENUE });
  return p.toString();
}

export interface TokenPair {
  marketId: number;
  yesTokenId: string;
  noTokenId: string;
}

export type BookAssumption = 'mirrored' | 'independent';

export type MirrorCheck = { mirrored: true } | { mirrored: false; differences: string[] };

export interface MapBookOptions {
  now?: () => Date;
  source?: OrderBook['source'];
  /** Levels kept per side (best first). */
  depth?: number;
}

const ONE = Decimal.ONE;

function sorted(levels: readonly WireBookLevel[] | readonly Level[], side: 'bid' | 'ask'): Level[] {
  const parsed: [Decimal, Level][] = [];
  for (const l of levels) {
    const [price, size] = Array.isArray(l) ? l : [(l as WireBookLevel).price, (l as WireBookLevel).size];
    const s = bookSize(size);
    if (s === '0') continue;
    const p = bookPrice(price);
    parsed.push([Decimal.parse(p), [p, s]]);
  }
  parsed.sort((a, b) => (side === 'bid' ? b[0].cmp(a[0]) : a[0].cmp(b[0])));
  return parsed.map((x) => x[1]);
}

/** The other token's levels at 1 − p (a NO bid at q is a YES ask at 1 − q). */
export function mirrorLevels(levels: readonly Level[]): Level[] {
  return levels.map(([p, s]) => [ONE.sub(p).normalize().toString(), s]);
}

function outcomeOf(tokenId: string, pair: TokenPair): 'yes' | 'no' {
  if (tokenId === pair.yesTokenId) return 'yes';
  if (tokenId === pair.noTokenId) return 'no';
  throw new VenueFormatError(`opinion: token ${tokenId} is not an outcome of market ${pair.marketId}`, { venue: VENUE });
}

function bookOf(pair: TokenPair, bids: Level[], asks: Level[], timestampMs: number, options: MapBookOptions): OrderBook {
  const depth = options.depth;
  return {
    marketId: formatId(VENUE, String(pair.marketId)),
    venue: VENUE,
    bids: depth === undefined ? bids : bids.slice(0, depth),
    asks: depth === undefined ? asks : asks.slice(0, depth),
    seq: null,
    venueTimestamp: isoFromMillis(timestampMs),
    receivedAt: (options.now ?? (() => new Date()))().toISOString(),
    source: options.source ?? 'rest',
  };
}

/** One token's book in YES terms: the YES token's as is, the NO token's mirrored. */
export function mapTokenBook(book: WireOrderbook, pair: TokenPair, options: MapBookOptions = {}): OrderBook {
  const bids = sorted(book.bids, 'bid');
  const asks = sorted(book.asks, 'ask');
  if (outcomeOf(book.tokenId, pair) === 'yes') return bookOf(pair, bids, asks, book.timestamp, options);
  return bookOf(pair, sorted(mirrorLevels(asks), 'bid'), sorted(mirrorLevels(bids), 'ask'), book.timestamp, options);
}

/** Whether the NO book is the YES book mirrored, level by level; the differences otherwise. */
export function checkMirror(yes: WireOrderbook, no: WireOrderbook): MirrorCheck {
  const differences: string[] = [];
  const compare = (side: string, a: Level[], b: Level[]) => {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = a[i];
      const y = b[i];
      if (x?.[0] !== y?.[0] || x?.[1] !== y?.[1]) differences.push(`${side}[${i}]: yes ${x ? x.join('@') : '-'} vs no ${y ? y.join('@') : '-'}`);
    }
  };
  compare('bids', sorted(yes.bids, 'bid'), sorted(mirrorLevels(sorted(no.asks, 'ask')), 'bid'));
  compare('asks', sorted(yes.asks, 'ask'), sorted(mirrorLevels(sorted(no.bids, 'bid')), 'ask'));
  return differences.length === 0 ? { mirrored: true } : { mirrored: false, differences };
}

function merge(a: Level[], b: Level[], side: 'bid' | 'ask'): Level[] {
  const sizes = new Map<string, Decimal>();
  for (const [p, s] of [...a, ...b]) sizes.set(p, (sizes.get(p) ?? Decimal.ZERO).add(s));
  return sorted([...sizes].map(([p, s]) => [p, s.toString()] as Level), side);
}

/**
 * The market's YES-terms book from its YES token's book, with the NO token's book (when given)
 * either checked against it (`mirrored`, the recorded behaviour) or merged into it (`independent`).
 */
export function yesTermsBook(
  yes: WireOrderbook,
  no: WireOrderbook | null,
  pair: TokenPair,
  options: MapBookOptions & { assume?: BookAssumption } = {},
): { book: OrderBook; check: MirrorCheck | null } {
  if (outcomeOf(yes.tokenId, pair) !== 'yes') throw new VenueFormatError(`opinion: ${yes.tokenId} is not the YES token of market ${pair.marketId}`, { venue: VENUE });
  if (no && outcomeOf(no.tokenId, pair) !== 'no') throw new VenueFormatError(`opinion: ${no.tokenId} is not the NO token of market ${pair.marketId}`, { venue: VENUE });
  const own = mapTokenBook(yes, pair, { ...options, depth: undefined });
  if (!no) return { book: bookOf(pair, own.bids, own.asks, yes.timestamp, options), check: null };
  const check = checkMirror(yes, no);
  if ((options.assume ?? 'mirrored') === 'mirrored') return { book: bookOf(pair, own.bids, own.asks, yes.timestamp, options), check };
  const other = mapTokenBook(no, pair, { ...options, depth: undefined });
  return { book: bookOf(pair, merge(own.bids, other.bids, 'bid'), merge(own.asks, other.asks, 'ask'), Math.max(yes.timestamp, no.timestamp), options), check };
}

/** A best bid at or above the best ask. */
export function isCrossed(book: { bids: Level[]; asks: Level[] }): boolean {
  const bid = book.bids[0];
  const ask = book.asks[0];
  return bid !== undefined && ask !== undefined && Decimal.parse(bid[0]).gte(ask[0]);
}

/** One depth diff in YES terms: which token it came from, and the YES-book level it sets. */
export interface YesLevelUpdate {
  token: 'yes' | 'no';
  side: 'bid' | 'ask';
  price: string;
  /** Absolute size; "0" removes the level. */
  size: string;
}

/**
 * A `market.depth.diff` frame as a YES-book level (§9): a YES `bids` level is a YES bid; a NO
 * `bids` level at q is a YES ask at 1 − q. With mirrored books both tokens' diffs describe the
 * same level; a stream applies the YES token's and may check the NO token's against them.
 */
export function depthDiffToYes(frame: WsDepthDiff, pair: TokenPair): YesLevelUpdate {
  const token = outcomeOf(frame.tokenId, pair);
  const bid = frame.side === 'bids';
  const price = bookPrice(frame.price);
  const size = bookSize(frame.size);
  if (token === 'yes') return { token, side: bid ? 'bid' : 'ask', price, size };
  return { token, side: bid ? 'ask' : 'bid', price: ONE.sub(price).normalize().toString(), size };
}
