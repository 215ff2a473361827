/**
 * The compact form a market is held in by the hot index and written to the cache store: one JSON
 * array of its field values in the model's field order (`MarketSchema`, pinned by
 * market-codec.test.ts), without the field names (a third of a market's JSON). The optional
 * `quotedAt` and `raw` come last, in a trailing element: absent, `[quotedAt]` or
 * `[quotedAt, raw]`. The venue's raw payload is dropped unless the index is told to keep it.
 *
 * Values the decoder can rebuild byte for byte are shortened: an `id` that is `venue:nativeId` is
 * `0`, a time in `toISOString` form is its epoch ms, and the one-range grid `[0, 1]` stepping by
 * `tickSize` is `0` (together about a fifth of the JSON). A decoder reads the long forms too.
 */
import type { Market } from '../core/index.js';
import { CANONICAL_CLOSE, CANONICAL_OPEN, CANONICAL_QUOTED, CANONICAL_UPDATED, canonicalMs, timesOf, type MarketTimes } from './market-keys.js';

/** The fields encoded by position, in `MarketSchema` order (`quotedAt` and `raw` follow). */
export const ENCODED_FIELDS = [
  'id',
  'venue',
  'nativeId',
  'eventId',
  'title',
  'question',
  'yesLabel',
  'noLabel',
  'status',
  'openTime',
  'closeTime',
  'expectedResolutionTime',
  'result',
  'currency',
  'realMoney',
  'bestBid',
  'bestAsk',
  'lastPrice',
  'volume',
  'volume24h',
  'openInterest',
  'volumeNotional',
  'volume24hNotional',
  'tickSize',
  'tickRanges',
  'minOrderSize',
  'rules',
  'url',
  'category',
  'tags',
  'extra',
  'updatedAt',
] as const;

const CORE = ENCODED_FIELDS.length;

/** A time as its epoch ms when printing that number back gives the same text. */
function time(iso: string | null): string | number | null {
  if (iso === null) return null;
  const ms = canonicalMs(iso);
  return ms === ms ? ms : iso;
}

const isoOf = <T extends string | null | undefined>(v: unknown): T => (typeof v === 'number' ? new Date(v).toISOString() : v) as T;

function wholeGrid(m: Market): boolean {
  const r = m.tickRanges;
  if (r.length !== 1) return false;
  const only = r[0] as Market['tickRanges'][number];
  return only.start === '0' && only.end === '1' && only.step === m.tickSize;
}

/** A time read by `timesOf`: its number when canonical (`bit` set), else its text. */
const short = (iso: string | null, ms: number, t: MarketTimes, bit: number): string | number | null => ((t.canonical & bit) !== 0 ? ms : iso);

/** Whether the id is `formatId(venue, nativeId)` (compared in place, without building that string). */
const hasFormattedId = (m: Market): boolean =>
  m.id.length === m.venue.length + 1 + m.nativeId.length && m.id.charCodeAt(m.venue.length) === 58 && m.id.startsWith(m.venue) && m.id.endsWith(m.nativeId);

/** Encodes a market; `keepRaw` false drops `raw`; `t` is `timesOf(m)` when the caller has it. */
export function encodeMarket(m: Market, keepRaw: boolean, t: MarketTimes = timesOf(m)): string {
  const quoted = m.quotedAt === undefined ? undefined : short(m.quotedAt, t.quoted, t, CANONICAL_QUOTED);
  const tail = keepRaw && m.raw !== undefined ? [quoted ?? null, m.raw] : quoted !== undefined ? [quoted] : 0;
  return JSON.stringify([
    hasFormattedId(m) ? 0 : m.id,
    m.venue,
    m.nativeId,
    m.eventId,
    m.title,
    m.question,
    m.yesLabel,
    m.noLabel,
    m.status,
    short(m.openTime, t.open, t, CANONICAL_OPEN),
    short(m.closeTime, t.close, t, CANONICAL_CLOSE),
    // Often the close time itself, already read.
    m.expectedResolutionTime === m.closeTime ? short(m.closeTime, t.close, t, CANONICAL_CLOSE) : time(m.expectedResolutionTime),
    m.result,
    m.currency,
    m.realMoney,
    m.bestBid,
    m.bestAsk,
    m.lastPrice,
    m.volume,
    m.volume24h,
    m.openInterest,
    m.volumeNotional,
    m.volume24hNotional,
    m.tickSize,
    wholeGrid(m) ? 0 : m.tickRanges,
    m.minOrderSize,
    m.rules,
    m.url,
    m.category,
    m.tags,
    m.extra,
    short(m.updatedAt, t.updated, t, CANONICAL_UPDATED),
    tail,
  ]);
}

/** The market of a parsed encoding (`JSON.parse` of `encodeMarket`'s text), not validated. */
export function fromEncoded(v: unknown[]): Market {
  const m: Market = {
    id: (v[0] === 0 ? `${v[1] as string}:${v[2] as string}` : v[0]) as Market["id"],
    venue: v[1] as Market["venue"],
    nativeId: v[2] as Market["nativeId"],
    eventId: v[3] as Market["eventId"],
    title: v[4] as Market["title"],
    question: v[5] as Market["question"],
    yesLabel: v[6] as Market["yesLabel"],
    noLabel: v[7] as Market["noLabel"],
    status: v[8] as Market["status"],
    openTime: isoOf<Market["openTime"]>(v[9]),
    closeTime: isoOf<Market["closeTime"]>(v[10]),
    expectedResolutionTime: isoOf<Market["expectedResolutionTime"]>(v[11]),
    result: v[12] as Market["result"],
    currency: v[13] as Market["currency"],
    realMoney: v[14] as Market["realMoney"],
    bestBid: v[15] as Market["bestBid"],
    bestAsk: v[16] as Market["bestAsk"],
    lastPrice: v[17] as Market["lastPrice"],
    volume: v[18] as Market["volume"],
    volume24h: v[19] as Market["volume24h"],
    openInterest: v[20] as Market["openInterest"],
    volumeNotional: v[21] as Market["volumeNotional"],
    volume24hNotional: v[22] as Market["volume24hNotional"],
    tickSize: v[23] as Market["tickSize"],
    tickRanges: (v[24] === 0 ? [{ start: '0', end: '1', step: v[23] }] : v[24]) as Market["tickRanges"],
    minOrderSize: v[25] as Market["minOrderSize"],
    rules: v[26] as Market["rules"],
    url: v[27] as Market["url"],
    category: v[28] as Market["category"],
    tags: v[29] as Market["tags"],
    extra: v[30] as Market["extra"],
    updatedAt: isoOf<Market["updatedAt"]>(v[31]),
  };
  const tail = v[CORE];
  if (Array.isArray(tail)) {
    m.quotedAt = isoOf<string | null>(tail[0]);
    if (tail.length > 1) m.raw = tail[1];
  }
  return m;
}

/** The market `encodeMarket` encoded. */
export function decodeMarket(text: string): Market {
  return fromEncoded(JSON.parse(text) as unknown[]);
}

/**
 * A market as the cache store holds it, ready for validation: the compact array of this version,
 * or a whole market object as earlier versions wrote it.
 */
export function storedMarket(value: unknown): unknown {
  return Array.isArray(value) && value.length === CORE + 1 ? fromEncoded(value) : value;
}
