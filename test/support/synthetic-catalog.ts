/**
 * Deterministic synthetic markets by index, for scale tests and benchmarks: market `i` of a seed
 * is always the same, and is generated on demand (nothing is retained), so a million of them can
 * be listed without holding a million objects.
 *
 * Distribution: volumes with ties (`"1000"`), nulls and decimals longer than a double holds
 * exactly (`"9007199254740993.5"`); close times unknown, past and future; a share resolved long
 * ago (the cold tier's markets); every status but `void`; categories including none; play money
 * on manifold; titles and questions built from a small vocabulary plus `#i`, so word queries have
 * many matches.
 *
 * Generation is kept cheap (about a microsecond a market) so that generating does not dominate
 * what a benchmark measures: timestamps come from tables of ISO strings computed once, prices and
 * decimal suffixes from small tables, and the market is one object literal of every field of
 * `MarketSchema` (no spreads, no `Date` per market). The tick ranges are one frozen array shared
 * between markets; each market's tags are an array of its own, as an adapter's are (V8's
 * `JSON.stringify` takes a slower path over frozen arrays, ≈ 1 µs more per encoded market).
 */
import { VENUE_IDS } from '../../src/core/index.js';
import type { Currency, Market, MarketResult, MarketStatus, TickRange } from '../../src/core/index.js';

export const CATEGORIES = ['Politics', 'Economics', 'Sports', 'Crypto', 'Science', 'Weather', 'Culture', 'Tech'] as const;
export const WORDS = ['fed', 'rate', 'cut', 'election', 'bitcoin', 'above', 'below', 'gdp', 'cpi', 'storm', 'final', 'launch', 'record', 'vote', 'win', 'paris', 'senate', 'oil', 'gold', 'snow'] as const;
const STATUSES: readonly MarketStatus[] = ['open', 'open', 'open', 'open', 'closed', 'resolved', 'upcoming', 'paused'];
/** Volume of the tie group, and the integer part of the volumes a double cannot hold exactly. */
export const TIED_VOLUME = '1000';
export const BIG_VOLUME_INT = '9007199254740993';

/** The synthetic catalog's reference day: close and open times are spread around it. */
export const SYNTHETIC_BASE_MS = Date.parse('2026-06-01T00:00:00Z');
export const DAY_MS = 86_400_000;
/** Old resolved markets closed between these many days before the base day. */
const OLD_MIN_DAYS = 400;
const OLD_SPAN_DAYS = 700;
/** Other close times: from 120 days before the base day to 780 after. */
const CLOSE_FROM_DAYS = -120;
const CLOSE_SPAN_DAYS = 900;
const OPEN_SPAN_DAYS = 365;

const FIRST_DAY = -(OLD_MIN_DAYS + OLD_SPAN_DAYS);
const LAST_DAY = CLOSE_FROM_DAYS + CLOSE_SPAN_DAYS;
/** ISO strings of midnight of every day the generator uses, indexed by `day - FIRST_DAY`. */
const DAY_ISO: readonly string[] = Array.from({ length: LAST_DAY - FIRST_DAY + 1 }, (_, k) => new Date(SYNTHETIC_BASE_MS + (FIRST_DAY + k) * DAY_MS).toISOString());
const dayIso = (day: number): string => DAY_ISO[day - FIRST_DAY]!;

/** Canonical prices `"0"`, `"0.01"` … `"0.1"` … `"0.99"` by cents. */
const PRICE: readonly string[] = Array.from({ length: 100 }, (_, c) => (c === 0 ? '0' : `0.${String(c).padStart(2, '0')}`.replace(/0+$/, '')));
/** Canonical decimal suffixes of 0–99 hundredths: `''`, `'.01'` … `'.1'` … `'.99'`. */
const HUNDREDTHS: readonly string[] = PRICE.map((p) => p.slice(1));

const TICK_RANGES: readonly TickRange[] = Object.freeze([Object.freeze({ start: '0', end: '1', step: '0.01' })]);
const TAGS: readonly string[] = CATEGORIES.map((c) => c.toLowerCase());
const CURRENCY: Record<(typeof VENUE_IDS)[number], Currency> = { kalshi: 'USD', polymarket: 'USDC', manifold: 'MANA', opinion: 'USDT' };
const RESULTS: readonly MarketResult[] = ['yes', 'no'];

/** A small fast hash (mulberry32's finalizer) of the seed, the market index and the field: uniform in [0, 1). */
function rand(seed: number, i: number, field: number): number {
  let t = (Math.imul(i, 0x9e3779b1) ^ Math.imul(field + 1, 0x85ebca6b) ^ seed) >>> 0;
  t = (t + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

export interface SyntheticOptions {
  seed?: number;
  /** Share of markets resolved long before the base day (cold-tier candidates; default 0.1). */
  oldResolvedShare?: number;
  /** Bumps `updatedAt` by seconds and the quotes, as a venue's next listing of the same market would. */
  revision?: number;
}

const updatedAtOf: string[] = [];
/** `updatedAt` of a revision: the day before the base day plus `revision` seconds (memoized). */
function updatedAt(revision: number): string {
  if (revision < 0 || revision > 10_000 || !Number.isInteger(revision)) return new Date(SYNTHETIC_BASE_MS - DAY_MS + revision * 1000).toISOString();
  return (updatedAtOf[revision] ??= new Date(SYNTHETIC_BASE_MS - DAY_MS + revision * 1000).toISOString());
}

/** The native id of market `i` (its id is `venue:SYN-<base36 of i>`). */
export const syntheticNativeId = (i: number): string => `SYN-${i.toString(36).toUpperCase()}`;

export function syntheticMarket(i: number, options: SyntheticOptions = {}): Market {
  const seed = options.seed ?? 17;
  const revision = options.revision ?? 0;
  const oldShare = options.oldResolvedShare ?? 0.1;
  const venue = VENUE_IDS[i % VENUE_IDS.length]!;
  const w0 = WORDS[Math.floor(rand(seed, i, 1) * WORDS.length)]!;
  const w1 = WORDS[Math.floor(rand(seed, i, 2) * WORDS.length)]!;
  const w2 = WORDS[Math.floor(rand(seed, i, 3) * WORDS.length)]!;
  const w3 = WORDS[Math.floor(rand(seed, i, 4) * WORDS.length)]!;
  const old = rand(seed, i, 5) < oldShare;
  const status = old ? 'resolved' : STATUSES[Math.floor(rand(seed, i, 6) * STATUSES.length)]!;
  const rClose = rand(seed, i, 7);
  const closeTime = old
    ? dayIso(-(OLD_MIN_DAYS + Math.floor(rClose * OLD_SPAN_DAYS)))
    : rand(seed, i, 8) < 0.05
      ? null
      : dayIso(CLOSE_FROM_DAYS + Math.floor(rClose * CLOSE_SPAN_DAYS));
  const v = rand(seed, i, 9);
  const r10 = rand(seed, i, 10);
  const volume =
    v < 0.05
      ? null
      : v < 0.1
        ? TIED_VOLUME
        : v < 0.12
          ? `${BIG_VOLUME_INT}.${1 + Math.floor(r10 * 9)}`
          : `${Math.floor(r10 * 5_000_000)}${HUNDREDTHS[Math.floor(rand(seed, i, 11) * 100)]!}`;
  const bid = 1 + Math.floor(rand(seed, i, 12) * 96) + (revision % 2);
  const rOpen = rand(seed, i, 16);
  const category = rand(seed, i, 13) < 0.05 ? null : CATEGORIES[Math.floor(rand(seed, i, 14) * CATEGORIES.length)]!;
  const nativeId = syntheticNativeId(i);
  const updated = updatedAt(revision);
  return {
    id: `${venue}:${nativeId}`,
    venue,
    nativeId,
    eventId: null,
    title: `${w0} ${w1} ${w2} #${i}`,
    question: `Will ${w3} ${w0} happen by ${2026 + (i % 3)}?`,
    yesLabel: 'Yes',
    noLabel: 'No',
    status,
    openTime: rOpen < 0.03 ? null : dayIso(-Math.floor(rOpen * OPEN_SPAN_DAYS)),
    closeTime,
    expectedResolutionTime: closeTime,
    result: status === 'resolved' ? RESULTS[i & 1]! : null,
    currency: CURRENCY[venue],
    realMoney: venue !== 'manifold',
    bestBid: PRICE[bid]!,
    bestAsk: PRICE[Math.min(bid + 2, 99)]!,
    lastPrice: PRICE[bid + 1]!,
    volume,
    volume24h: String(Math.floor(rand(seed, i, 17) * 50_000)),
    openInterest: String(Math.floor(rand(seed, i, 18) * 1_000_000)),
    volumeNotional: null,
    volume24hNotional: null,
    tickSize: '0.01',
    tickRanges: TICK_RANGES as TickRange[],
    minOrderSize: '1',
    rules: `Resolves YES if ${w3} ${w0} ${w1} ${w2} happens before the close. Source: official statistics.`,
    url: `https://example.invalid/${venue}/${i}`,
    category,
    tags: [TAGS[Math.floor(rand(seed, i, 15) * TAGS.length)]!],
    extra: { rank: i },
    updatedAt: updated,
    quotedAt: updated,
  };
}

/** Markets `from` (inclusive) to `to` (exclusive). */
export function syntheticMarkets(from: number, to: number, options: SyntheticOptions = {}): Market[] {
  const out: Market[] = [];
  for (let i = from; i < to; i++) out.push(syntheticMarket(i, options));
  return out;
}

/** Markets `from` to `to`, one at a time (none retained). */
export function* eachSyntheticMarket(from: number, to: number, options: SyntheticOptions = {}): Generator<Market> {
  for (let i = from; i < to; i++) yield syntheticMarket(i, options);
}
