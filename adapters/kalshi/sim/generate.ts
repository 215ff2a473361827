/**
 * Deterministic generation of realistic Kalshi series → events → markets from a seed: categories,
 * multi-market events (strike ladders, game winners, temperature brackets), tick structures
 * (linear_cent, deci_cent, tapered_deci_cent), lifecycle mix (upcoming/active/paused/closed/
 * settled/historical) and a few multivariate (MVE) combos. Linear in the market count.
 */
import { createRng, type Rng } from '../../../src/sim/index.js';
import { PRICE_STRUCTURES } from './grid.js';
import type { MarketStatus, SimEvent, SimMarket, SimSeries } from './model.js';
import type { FeeType } from './fees.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

interface Template {
  series: string;
  title: string;
  category: string;
  tags: string[];
  frequency: string;
  feeType: FeeType;
  /** Builds the markets of one event: [suffix, yes_sub_title, strike info]. */
  legs(rng: Rng): { suffix: string; yesSub: string; noSub: string; strike?: Pick<SimMarket, 'strikeType' | 'floorStrike' | 'capStrike'> }[];
  eventTitle(date: string): string;
  mutuallyExclusive: boolean;
}

const TEAMS = ['NYY', 'BOS', 'LAD', 'SF', 'HOU', 'SD', 'ATL', 'MIA', 'CHC', 'SEA', 'NYM', 'PHI'];
const NBA = ['LAL', 'BOS', 'GSW', 'MIA', 'NYK', 'DEN', 'PHX', 'MIL', 'DAL', 'OKC'];

function ladder(rng: Rng, base: number, step: number, n: number, digits: number, label: (v: string) => string) {
  const start = base + rng.int(-2, 2) * step;
  return Array.from({ length: n }, (_, i) => {
    const v = (start + i * step).toFixed(digits);
    return { suffix: `T${v}`, yesSub: label(v), noSub: `Not ${label(v)}`, strike: { strikeType: 'greater' as const, floorStrike: Number(v) } };
  });
}

const TEMPLATES: Template[] = [
  { series: 'KXFED', title: 'Fed funds rate', category: 'Economics', tags: ['Fed', 'Interest Rates'], frequency: 'custom', feeType: 'quadratic_with_maker_fees', mutuallyExclusive: false,
    legs: (r) => ladder(r, 4.0, 0.25, r.int(3, 6), 2, (v) => `Above ${v}%`), eventTitle: (d) => `Fed funds upper bound after the ${d} meeting` },
  { series: 'KXCPIYOY', title: 'CPI year-over-year', category: 'Economics', tags: ['Inflation', 'CPI'], frequency: 'monthly', feeType: 'quadratic', mutuallyExclusive: false,
    legs: (r) => ladder(r, 2.8, 0.1, r.int(3, 5), 1, (v) => `Above ${v}%`), eventTitle: (d) => `CPI inflation for ${d}` },
  { series: 'KXBTCD', title: 'Bitcoin price Above/below', category: 'Crypto', tags: ['Hourly', 'BTC'], frequency: 'hourly', feeType: 'quadratic', mutuallyExclusive: false,
    legs: (r) => ladder(r, 74_000, 500, r.int(4, 8), 2, (v) => `$${v} or above`), eventTitle: (d) => `Bitcoin price on ${d} at 5pm EDT?` },
  { series: 'KXETHD', title: 'Ethereum price Above/below', category: 'Crypto', tags: ['Daily', 'ETH'], frequency: 'daily', feeType: 'quadratic', mutuallyExclusive: false,
    legs: (r) => ladder(r, 3_200, 50, r.int(3, 6), 2, (v) => `$${v} or above`), eventTitle: (d) => `Ethereum price on ${d}?` },
  { series: 'KXMLBGAME', title: 'Professional Baseball Game', category: 'Sports', tags: ['Baseball'], frequency: 'custom', feeType: 'quadratic_with_maker_fees', mutuallyExclusive: true,
    legs: (r) => {
      const a = r.pick(TEAMS);
      const b = r.pick(TEAMS.filter((t) => t !== a));
      return [a, b].map((t, i) => ({ suffix: t, yesSub: t, noSub: i === 0 ? b : a, strike: { strikeType: 'structured' as const } }));
    },
    eventTitle: (d) => `Baseball game winner on ${d}?` },
  { series: 'KXNBAGAME', title: 'Professional Basketball Game', category: 'Sports', tags: ['Basketball'], frequency: 'custom', feeType: 'quadratic_with_maker_fees', mutuallyExclusive: true,
    legs: (r) => {
      const a = r.pick(NBA);
      const b = r.pick(NBA.filter((t) => t !== a));
      return [a, b].map((t, i) => ({ suffix: t, yesSub: t, noSub: i === 0 ? b : a, strike: { strikeType: 'structured' as const } }));
    },
    eventTitle: (d) => `Basketball game winner on ${d}?` },
  { series: 'KXHIGHNY', title: 'Highest temperature in NYC', category: 'Climate and Weather', tags: ['Weather', 'NYC'], frequency: 'daily', feeType: 'quadratic', mutuallyExclusive: true,
    legs: (r) => {
      const lo = r.int(55, 75);
      return Array.from({ length: 4 }, (_, i) => {
        const f = lo + i * 2;
        return { suffix: `B${f}.5`, yesSub: `${f}° to ${f + 1}°`, noSub: `Not ${f}° to ${f + 1}°`, strike: { strikeType: 'between' as const, floorStrike: f, capStrike: f + 1 } };
      });
    },
    eventTitle: (d) => `Highest temperature in NYC on ${d}?` },
  { series: 'KXSENATE', title: 'Senate control', category: 'Politics', tags: ['Elections', 'Congress'], frequency: 'custom', feeType: 'quadratic', mutuallyExclusive: true,
    legs: () => [
      { suffix: 'D', yesSub: 'Democratic Party', noSub: 'Not Democratic Party' },
      { suffix: 'R', yesSub: 'Republican Party', noSub: 'Not Republican Party' },
    ],
    eventTitle: (d) => `Which party will control the Senate after ${d}?` },
  { series: 'KXOSCARPIC', title: 'Oscar for Best Picture', category: 'Entertainment', tags: ['Awards', 'Film'], frequency: 'annual', feeType: 'quadratic', mutuallyExclusive: true,
    legs: (r) => Array.from({ length: r.int(3, 6) }, (_, i) => ({ suffix: `FILM${i + 1}`, yesSub: `Film ${i + 1}`, noSub: `Not film ${i + 1}`, strike: { strikeType: 'custom' as const } })),
    eventTitle: (d) => `Best Picture winner (${d})?` },
  { series: 'KXGDP', title: 'US GDP growth', category: 'Economics', tags: ['GDP'], frequency: 'quarterly', feeType: 'quadratic', mutuallyExclusive: false,
    legs: (r) => ladder(r, 1.5, 0.5, r.int(3, 5), 1, (v) => `Above ${v}%`), eventTitle: (d) => `GDP growth in the quarter ending ${d}?` },
];

const MVE_SERIES = 'KXMVESPORTSMULTIGAMEEXTENDED';
/** Levels per side of the one deep book of a catalog. */
export const DEEP_BOOK_LEVELS = 150;

export interface Generated {
  series: SimSeries[];
  events: SimEvent[];
  markets: SimMarket[];
  /** Markets settled before this are served only by /historical/markets. */
  historicalCutoffMs: number;
}

function uuidFrom(rng: Rng): string {
  const h = () => rng.int(0, 0xffff).toString(16).padStart(4, '0');
  return `${h()}${h()}-${h()}-4${h().slice(1)}-${(8 + rng.int(0, 3)).toString(16)}${h().slice(1)}-${h()}${h()}${h()}`;
}

function dateCode(ms: number): { code: string; label: string } {
  const d = new Date(ms);
  const yy = String(d.getUTCFullYear() % 100).padStart(2, '0');
  const mon = MONTHS[d.getUTCMonth()] as string;
  const dd = String(d.getUTCDate()).padStart(2, '0');
  return { code: `${yy}${mon}${dd}`, label: `${mon.charAt(0)}${mon.slice(1).toLowerCase()} ${d.getUTCDate()}, ${d.getUTCFullYear()}` };
}

export function generateMarkets(seed: number, count: number, nowMs: number): Generated {
  const rng = createRng(`kalshi:${seed}`);
  const historicalCutoffMs = nowMs - 90 * DAY;
  const series: SimSeries[] = TEMPLATES.map((t) => ({
    ticker: t.series, title: t.title, category: t.category, tags: t.tags, frequency: t.frequency,
    feeType: t.feeType, feeMultiplier: 1, updatedMs: nowMs - 30 * DAY,
  }));
  series.push({ ticker: MVE_SERIES, title: 'Sports multi-game combos', category: 'Sports', tags: ['Combos'], frequency: 'custom', feeType: 'quadratic_with_combo_maker_fees', feeMultiplier: 1, updatedMs: nowMs - 30 * DAY });
  const events: SimEvent[] = [];
  const markets: SimMarket[] = [];
  let eventSeq = 0;
  while (markets.length < count) {
    eventSeq += 1;
    const mve = markets.length >= 8 && rng.chance(0.03);
    const t = mve ? undefined : rng.pick(TEMPLATES);
    const roll = rng.next();
    // lifecycle mix
    let status: MarketStatus = 'active';
    let closeMs = nowMs + rng.int(2, 24 * 60) * HOUR;
    let openMs = nowMs - rng.int(1, 60) * DAY;
    let settledMs: number | undefined;
    if (roll < 0.03) { status = 'initialized'; openMs = nowMs + rng.int(1, 72) * HOUR; }
    else if (roll < 0.04) status = 'inactive';
    else if (roll < 0.08) { status = 'closed'; closeMs = nowMs - rng.int(1, 48) * HOUR; }
    else if (roll < 0.12) { status = 'finalized'; closeMs = nowMs - rng.int(2, 60) * DAY; settledMs = closeMs + HOUR; }
    else if (roll < 0.15) { status = 'finalized'; closeMs = nowMs - rng.int(100, 400) * DAY; settledMs = closeMs + HOUR; }
    // An unopened market keeps its open time ahead: it closes as long after opening as drawn.
    if (openMs > closeMs) {
      if (status === 'initialized') closeMs = openMs + (closeMs - nowMs);
      else openMs = closeMs - 30 * DAY;
    }
    const { code, label } = dateCode(closeMs);
    const seriesTicker = mve ? MVE_SERIES : (t as Template).series;
    const eventTicker = `${seriesTicker}-${code}${eventSeq.toString(36).toUpperCase()}`;
    const structureRoll = rng.next();
    const structure = structureRoll < 0.8 ? 'linear_cent' : structureRoll < 0.9 ? 'deci_cent' : 'tapered_deci_cent';
    const ev: SimEvent = {
      ticker: eventTicker, seriesTicker,
      title: mve ? `Multi-game combo ${eventSeq}` : (t as Template).eventTitle(label),
      subTitle: `On ${label}`, category: mve ? 'Sports' : (t as Template).category,
      mutuallyExclusive: mve ? false : (t as Template).mutuallyExclusive,
      collateralReturnType: !mve && (t as Template).mutuallyExclusive ? 'MECNET' : '',
      strikeDateMs: closeMs, isMve: mve, updatedMs: openMs, markets: [],
    };
    events.push(ev);
    const legs = mve
      ? [{ suffix: `S${eventSeq}`, yesSub: 'yes,yes', noSub: '', strike: undefined }]
      : (t as Template).legs(rng);
    let remainingMass = 1_000_000;
    legs.forEach((leg, i) => {
      if (markets.length >= count) return;
      const ticker = `${eventTicker}-${leg.suffix}`;
      let mid: number;
      if (ev.mutuallyExclusive) {
        const share = i === legs.length - 1 ? remainingMass : Math.floor(remainingMass * (0.3 + rng.next() * 0.4));
        remainingMass -= share;
        mid = share;
      } else {
        mid = Math.max(50_000, 950_000 - i * rng.int(80, 200) * 1_000);
      }
      const step = structure === 'linear_cent' ? 10_000 : 1_000;
      mid = Math.min(960_000, Math.max(40_000, mid - (mid % step)));
      const result: '' | 'yes' | 'no' = status === 'finalized' ? (rng.chance(0.5) ? 'yes' : 'no') : '';
      const volume = rng.int(0, 200_000) * 1_000_000 + rng.int(0, 99) * 10_000;
      const m: SimMarket = {
        ticker, marketId: uuidFrom(rng), eventTicker, seriesTicker, index: markets.length,
        title: ev.title, yesSubTitle: leg.yesSub, noSubTitle: leg.noSub,
        rulesPrimary: `If ${leg.yesSub} for "${ev.title}", then the market resolves to Yes.`,
        status, createdMs: openMs - HOUR, updatedMs: openMs, openMs, closeMs,
        expectedExpirationMs: closeMs + 3 * HOUR, latestExpirationMs: closeMs + 7 * DAY,
        settlementTimerSeconds: rng.pick([60, 120, 300, 1800]), canCloseEarly: rng.chance(0.5),
        structure, ranges: PRICE_STRUCTURES[structure] ?? [], ...(leg.strike ?? {}),
        result, initialMid: mid, lastPrice: mid, previousPrice: mid, volume,
        volume24h: Math.floor(volume / 20) - ((Math.floor(volume / 20)) % 10_000), openInterest: Math.floor(volume / 3) - (Math.floor(volume / 3) % 10_000),
      };
      if (status === 'finalized') {
        m.settlementValue = result === 'yes' ? 1_000_000 : 0;
        m.determinedMs = (settledMs as number) - 10 * 60_000;
        m.settledMs = settledMs;
      }
      if (mve) {
        const legsFrom = markets.slice(-6).filter((x) => !x.mve).slice(0, 2);
        m.mve = { collection: `${MVE_SERIES}-R`, legs: legsFrom.map((x) => ({ eventTicker: x.eventTicker, marketTicker: x.ticker, side: 'yes' as const })) };
      }
      ev.markets.push(ticker);
      markets.push(m);
    });
  }
  // One open deci-cent market gets a book deeper than the 100 levels a REST `depth` can ask for
  // (docs/venues/kalshi.md §4.4), so depth limits show. Its top levels are those of a usual seed.
  const deep = markets.find(
    (m) => m.status === 'active' && !m.mve && m.structure === 'deci_cent' && m.initialMid >= 200_000 && m.initialMid <= 800_000,
  );
  if (deep) deep.seedDepth = DEEP_BOOK_LEVELS;
  return { series, events, markets, historicalCutoffMs };
}
