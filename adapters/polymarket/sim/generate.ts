/**
 * Deterministic market universe for the Polymarket simulator.
 *
 * Every value is derived from SHA-512 of (seed, kind, index), so market `i` is the same whatever
 * the total count, and generating 20,000 markets costs a few hashes each. Events are either a
 * single binary market or a neg-risk group of 3–6 mutually exclusive markets (docs/venues/polymarket.md
 * §3.4, §3.5). About one market in ten is a Protocol-V2 market (`version: "v2"`, traded through
 * ExchangeV3); for those the simulator serves the same ids in `clobTokenIds` and `positionIds`.
 * Markets use all six tick sizes of §6.3 (most 0.01 or 0.001). Economics, Politics and Sports
 * markets carry a fee schedule as the recorded fee-enabled markets do (`feeType`,
 * `feeSchedule{rate, exponent, takerOnly, rebateRate}`, §6.11); the other categories are fee-free.
 */
import { createHash } from 'node:crypto';
import type { SeedLevel } from '../../../src/sim/index.js';
import { crossListedListings } from './cross-listed.js';
import { tickUnits } from './format.js';

/** The six tick sizes of the rounding table (docs/venues/polymarket.md §6.3). */
export type TickSize = '0.1' | '0.01' | '0.005' | '0.0025' | '0.001' | '0.0001';

/** A market's V2 fee configuration as Gamma serves it (`feeType` + `feeSchedule`). */
export interface SimFeeSchedule {
  type: string;
  /** e.g. "0.05". */
  rate: string;
  exponent: number;
  takerOnly: boolean;
  rebateRate: string;
}

/** Fee schedules by category, with the rates of the recorded markets of those categories. */
const FEES: Readonly<Record<string, SimFeeSchedule>> = {
  Economics: { type: 'economics_fees', rate: '0.05', exponent: 1, takerOnly: true, rebateRate: '0.25' },
  Politics: { type: 'politics_fees', rate: '0.04', exponent: 1, takerOnly: true, rebateRate: '0.25' },
  Sports: { type: 'sports_fees_v2', rate: '0.03', exponent: 1, takerOnly: true, rebateRate: '0.25' },
};

export interface SimMarket {
  index: number;
  /** Gamma numeric id (string on the wire). */
  id: string;
  eventIndex: number;
  conditionId: string;
  questionId: string;
  yesTokenId: string;
  noTokenId: string;
  slug: string;
  question: string;
  description: string;
  groupItemTitle: string;
  category: string;
  tickSize: TickSize;
  minOrderSize: string;
  negRisk: boolean;
  negRiskMarketId: string;
  negRiskRequestId: string;
  version: 'v1' | 'v2';
  secondsDelay: number;
  /** Initial fair value of YES, micro-dollars on the tick grid. */
  initialMid: number;
  startDate: string;
  endDate: string;
  createdAt: string;
  closed: boolean;
  /** Traded notional in cents (all time and last 24 h); `volume` is its decimal text. */
  volumeCents: number;
  volume24hCents: number;
  volume: string;
  liquidity: string;
  /** Null on fee-free markets (`feesEnabled: false`). */
  fee: SimFeeSchedule | null;
  /** Set by `resolve()`. */
  resolved?: 'yes' | 'no';
  /** A book stated level by level instead of drawn around `initialMid` (cross-listed markets). */
  seedBook?: SeedLevel[];
}

export interface SimEvent {
  index: number;
  id: string;
  slug: string;
  ticker: string;
  title: string;
  description: string;
  category: string;
  negRisk: boolean;
  negRiskMarketId: string;
  marketIndexes: number[];
  startDate: string;
  endDate: string;
  createdAt: string;
}

export interface Universe {
  markets: SimMarket[];
  events: SimEvent[];
  byConditionId: Map<string, SimMarket>;
  /** token id → market and outcome. */
  byTokenId: Map<string, { market: SimMarket; outcome: 'yes' | 'no' }>;
  byGammaId: Map<string, SimMarket>;
  bySlug: Map<string, SimMarket>;
  eventsById: Map<string, SimEvent>;
}

/** Generation is anchored to a fixed instant, not the wall clock, so ids and dates are stable. */
const EPOCH = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

const SUBJECTS = ['Bitcoin', 'Ethereum', 'Solana', 'the Fed', 'the ECB', 'OpenAI', 'Apple', 'Nvidia', 'Tesla', 'SpaceX',
  'the S&P 500', 'gold', 'oil', 'the US unemployment rate', 'US CPI', 'the UK', 'France', 'Japan', 'Brazil', 'India'];
const PREDICATES = ['reach a new all-time high', 'announce a merger', 'cut rates', 'hike rates', 'launch a new product',
  'be above its January level', 'hold an emergency meeting', 'face a government shutdown', 'sign a trade deal', 'beat estimates'];
const CONTESTS = ['the 2026 World Cup', 'the 2026 Ballon d\'Or', 'the 2027 French presidential election', 'Best Picture',
  'the NBA Finals', 'the Champions League', 'the next UK general election', 'the 2026 Tour de France', 'Wimbledon', 'the Super Bowl'];
const CANDIDATES = ['Alex Moreau', 'Bea Lindqvist', 'Chen Wei', 'Dara Okafor', 'Emil Novak', 'Farah Haddad', 'Gus Ortega',
  'Hana Sato', 'Ivo Petrov', 'Jade Mensah', 'Kai Berg', 'Lena Costa'];
const CATEGORIES = ['Crypto', 'Economics', 'Politics', 'Sports', 'Tech', 'Culture'];

/** 64 pseudo-random bytes for (seed, kind, index): two 32-byte ids per hash keeps generation cheap. */
function digest(seed: number, kind: string, index: number): Buffer {
  return createHash('sha512').update(`${seed}:${kind}:${index}`).digest();
}

function hex32(bytes: Buffer): string {
  return `0x${bytes.toString('hex')}`;
}

function uint256(bytes: Buffer): string {
  return BigInt(`0x${bytes.toString('hex')}`).toString();
}

function slugify(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Snaps a micro-dollar price to the tick grid inside [tick, 1 − tick]. */
function snap(micro: number, tick: TickSize): number {
  const step = tickUnits(tick);
  const snapped = Math.round(micro / step) * step;
  return Math.min(1_000_000 - step, Math.max(step, snapped));
}

/** Fixed-point text of `units / 100` (two decimals) without floats. */
function cents(units: number): string {
  return `${Math.floor(units / 100)}.${String(units % 100).padStart(2, '0')}`;
}

/**
 * `sportsDelaySeconds` > 0 gives single Sports markets that matching delay (`seconds_delay`), so
 * marketable orders there answer `delayed`.
 */
export function generateUniverse(seed: number, count: number, sportsDelaySeconds = 0, crossListed = false): Universe {
  const markets: SimMarket[] = [];
  const events: SimEvent[] = [];
  let eventIndex = 0;
  while (markets.length < count) {
    const e = digest(seed, 'event', eventIndex);
    const negRisk = e[0]! % 10 < 3;
    const size = Math.min(negRisk ? 3 + (e[1]! % 4) : 1, count - markets.length);
    const category = CATEGORIES[e[2]! % CATEGORIES.length]!;
    const createdAt = EPOCH - (e[3]! % 200) * DAY;
    const startDate = createdAt + 3_600_000;
    const endDate = EPOCH + (30 + (e.readUInt16BE(4) % 700)) * DAY;
    const contest = CONTESTS[e[6]! % CONTESTS.length]!;
    const subject = SUBJECTS[e[7]! % SUBJECTS.length]!;
    const predicate = PREDICATES[e[8]! % PREDICATES.length]!;
    const endLabel = new Date(endDate).toISOString().slice(0, 10);
    const title = negRisk ? `Who will win ${contest}? (#${eventIndex})` : `Will ${subject} ${predicate} by ${endLabel}? (#${eventIndex})`;
    const slug = slugify(title);
    const negRiskMarketId = negRisk ? hex32(e.subarray(32)) : '';
    const event: SimEvent = {
      index: eventIndex, id: String(100_000 + eventIndex), slug, ticker: slug, title,
      description: `${title} This market resolves according to the rules of the simulated venue.`,
      category, negRisk, negRiskMarketId, marketIndexes: [],
      startDate: iso(startDate), endDate: iso(endDate), createdAt: iso(createdAt),
    };
    // Neg-risk outcome weights sum to about 1 so the YES mids look like a real multi-outcome event.
    const weights = Array.from({ length: size }, (_, k) => 1 + (e[16 + k]! % 9));
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    for (let k = 0; k < size; k++) {
      const index = markets.length;
      const m = digest(seed, 'market', index);
      const q = digest(seed, 'question', index);
      const tickSize = tickOf(m[0]!, negRisk);
      const candidate = CANDIDATES[(e[9]! + k) % CANDIDATES.length]!;
      const question = negRisk ? `Will ${candidate} win ${contest}? (#${eventIndex}.${k})` : title;
      const rawMid = negRisk ? Math.floor((weights[k]! * 1_000_000) / totalWeight) : 50_000 + (m.readUInt32BE(1) % 900_000);
      const closed = m[5]! % 40 === 0;
      const volumeCents = m.readUInt32BE(6) % 500_000_000;
      const volume24hCents = volumeCents === 0 ? 0 : m.readUInt32BE(12) % Math.max(1, Math.floor(volumeCents / 20));
      markets.push({
        index, id: String(1_000_000 + index), eventIndex, conditionId: hex32(m.subarray(0, 32)),
        questionId: hex32(q.subarray(0, 32)), yesTokenId: uint256(m.subarray(32)), noTokenId: uint256(q.subarray(32)),
        slug: negRisk ? slugify(question) : slug, question,
        description: `${question} Resolves YES if the stated outcome occurs before ${endLabel}; otherwise NO.`,
        groupItemTitle: negRisk ? candidate : '', category, tickSize,
        minOrderSize: m[10]! % 5 === 0 ? '1' : '5', negRisk, negRiskMarketId,
        negRiskRequestId: negRisk ? hex32(Buffer.from(q.subarray(0, 32)).reverse()) : '',
        version: m[11]! % 10 === 0 ? 'v2' : 'v1', secondsDelay: !negRisk && category === 'Sports' ? sportsDelaySeconds : 0,
        initialMid: snap(rawMid, tickSize), startDate: iso(startDate), endDate: iso(endDate), createdAt: iso(createdAt),
        closed, volumeCents, volume24hCents, volume: cents(volumeCents), liquidity: cents(volumeCents % 5_000_000),
        fee: FEES[category] ?? null,
      });
      event.marketIndexes.push(index);
    }
    events.push(event);
    eventIndex++;
  }
  if (crossListed) appendCrossListed(seed, markets, events);
  return indexUniverse(markets, events);
}

/** The cross-listed propositions (cross-listed.ts), each a single-market event after the generated ones. */
function appendCrossListed(seed: number, markets: SimMarket[], events: SimEvent[]): void {
  crossListedListings().forEach((l, i) => {
    const index = markets.length;
    const eventIndex = events.length;
    const m = digest(seed, 'cross-listed', i);
    const q = digest(seed, 'cross-listed-question', i);
    const slug = slugify(l.question);
    const createdAt = iso(EPOCH - 30 * DAY);
    events.push({
      index: eventIndex, id: String(100_000 + eventIndex), slug, ticker: slug, title: l.question, description: l.description,
      category: l.category, negRisk: false, negRiskMarketId: '', marketIndexes: [index], startDate: createdAt, endDate: l.endDate, createdAt,
    });
    markets.push({
      index, id: String(1_000_000 + index), eventIndex, conditionId: hex32(m.subarray(0, 32)), questionId: hex32(q.subarray(0, 32)),
      yesTokenId: uint256(m.subarray(32)), noTokenId: uint256(q.subarray(32)), slug, question: l.question, description: l.description,
      groupItemTitle: '', category: l.category, tickSize: '0.01', minOrderSize: '5', negRisk: false, negRiskMarketId: '', negRiskRequestId: '',
      version: 'v1', secondsDelay: 0, initialMid: l.mid, startDate: createdAt, endDate: l.endDate, createdAt, closed: false,
      volumeCents: 0, volume24hCents: 0, volume: '0.00', liquidity: '0.00', fee: FEES[l.category] ?? null, seedBook: l.levels,
    });
  });
}

/**
 * A market's tick size: mostly 0.01 (and 0.001 for many neg-risk outcomes), each of the other four
 * sizes on about one market in twenty.
 */
function tickOf(byte: number, negRisk: boolean): TickSize {
  switch (byte % 20) {
    case 0:
      return '0.1';
    case 1:
      return '0.005';
    case 2:
      return '0.0025';
    case 3:
      return '0.0001';
    case 4:
    case 5:
      return '0.001';
    default:
      return negRisk && byte % 3 === 0 ? '0.001' : '0.01';
  }
}

function indexUniverse(markets: SimMarket[], events: SimEvent[]): Universe {
  const byConditionId = new Map<string, SimMarket>();
  const byTokenId = new Map<string, { market: SimMarket; outcome: 'yes' | 'no' }>();
  const byGammaId = new Map<string, SimMarket>();
  const bySlug = new Map<string, SimMarket>();
  for (const m of markets) {
    byConditionId.set(m.conditionId, m);
    byTokenId.set(m.yesTokenId, { market: m, outcome: 'yes' });
    byTokenId.set(m.noTokenId, { market: m, outcome: 'no' });
    byGammaId.set(m.id, m);
    bySlug.set(m.slug, m);
  }
  const eventsById = new Map(events.map((e) => [e.id, e] as const));
  return { markets, events, byConditionId, byTokenId, byGammaId, bySlug, eventsById };
}
