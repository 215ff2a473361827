import { VENUE_IDS, type Market, type OrderBook, type VenueId } from '../../src/core/index.js';
import type { MatchableMarket } from '../../src/arbitrage/index.js';

/**
 * Deterministic synthetic catalogs for the arbitrage benchmarks: two venues writing the same
 * kinds of markets in their own styles (city names vs nicknames, "or above" labels vs "above"
 * questions, event titles vs full questions), plus unrelated markets. Titles are generated, never
 * taken from real markets.
 */

export const [VA, VB] = VENUE_IDS as unknown as [VenueId, VenueId];

function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x * 1664525 + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const SHORT = MONTHS.map((m) => m.slice(0, 3));
const TEAMS: [string, string][] = [
  ['Boston', 'Celtics'], ['Brooklyn', 'Nets'], ['Chicago', 'Bulls'], ['Cleveland', 'Cavaliers'], ['Dallas', 'Mavericks'], ['Denver', 'Nuggets'],
  ['Detroit', 'Pistons'], ['Houston', 'Rockets'], ['Indiana', 'Pacers'], ['Memphis', 'Grizzlies'], ['Miami', 'Heat'], ['Milwaukee', 'Bucks'],
  ['Minnesota', 'Timberwolves'], ['New Orleans', 'Pelicans'], ['Oklahoma City', 'Thunder'], ['Orlando', 'Magic'], ['Phoenix', 'Suns'],
  ['Portland', 'Trail Blazers'], ['Sacramento', 'Kings'], ['San Antonio', 'Spurs'], ['Toronto', 'Raptors'], ['Utah', 'Jazz'], ['Washington', 'Wizards'],
];
const ASSETS: [string, number][] = [['Bitcoin', 100_000], ['Ethereum', 4_000], ['Solana', 200]];
const FIRST = ['Ana', 'Ben', 'Carla', 'Dmitri', 'Elena', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kemal', 'Lucia', 'Marek', 'Nadia', 'Omar', 'Priya'];
const LAST = ['Abara', 'Bekov', 'Castell', 'Duarte', 'Eklund', 'Ferrante', 'Galvez', 'Holm', 'Ivanic', 'Jovan', 'Kaur', 'Lindqvist', 'Moreau', 'Novak', 'Okafor', 'Petrov'];
const PLACES = ['Lisbon', 'Oslo', 'Quito', 'Riga', 'Seoul', 'Tunis', 'Utrecht', 'Valencia', 'Warsaw', 'Zagreb'];
const THINGS = ['a new phone', 'an AI model', 'a stock split', 'a merger', 'a recall', 'a price cut', 'a new CEO', 'an IPO'];
const COMPANIES = ['Acme', 'Borealis', 'Cobalt', 'Dynamo', 'Ember', 'Fathom', 'Glacier', 'Helix', 'Ion', 'Juniper'];

const BASE = Date.UTC(2026, 6, 1);
const DAY = 86_400_000;

function dayOf(offset: number): { y: number; m: number; d: number; ms: number } {
  const ms = BASE + offset * DAY;
  const t = new Date(ms);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth(), d: t.getUTCDate(), ms };
}

/** `n` markets per venue; about a third of venue B's have an identical or inverse twin on venue A. */
export function syntheticCatalogs(n: number, seed = 7): { a: MatchableMarket[]; b: MatchableMarket[] } {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const a: MatchableMarket[] = [];
  const b: MatchableMarket[] = [];
  let i = 0;
  while (a.length < n || b.length < n) {
    i += 1;
    const kind = i % 5;
    const day = dayOf(Math.floor(r() * 180));
    const twin = r() < 0.35;
    if (kind === 0) {
      // Price ladders: A writes "Asset price on Jul 25, 2026? — $X or above", B "Will the price of Asset be above $X on July 25?".
      const [asset, base] = pick(ASSETS);
      const strike = Math.round(base * (0.8 + r() * 0.4));
      const bStrike = twin ? strike : Math.round(base * (0.8 + r() * 0.4));
      const at = new Date(day.ms + 16 * 3_600_000).toISOString();
      a.push({ id: `${VA}:px-${i}`, venue: VA, title: `${asset} price on ${SHORT[day.m]} ${day.d}, ${day.y}? — $${strike.toLocaleString('en-US')} or above`, question: `${asset} price on ${SHORT[day.m]} ${day.d}, ${day.y}?`, yesLabel: `$${strike.toLocaleString('en-US')} or above`, rules: `If the ${asset} reference price at 12:00 PM ET on ${SHORT[day.m]} ${day.d}, ${day.y} is at or above ${strike}, the market resolves to Yes.`, expectedResolutionTime: at, category: 'Crypto' });
      b.push({ id: `${VB}:px-${i}`, venue: VB, title: `Will the price of ${asset} be at or above $${bStrike.toLocaleString('en-US')} on ${MONTHS[day.m]} ${day.d}?`, rules: `Resolves using the ${asset} reference price at 12:00 in the ET timezone on the date in the title.`, expectedResolutionTime: at, category: 'crypto' });
    } else if (kind === 1) {
      // Games: A "Houston at Washington" with one market per side, B "Rockets vs. Wizards" moneyline.
      const h = pick(TEAMS);
      let w = pick(TEAMS);
      while (w === h) w = pick(TEAMS);
      const at = new Date(day.ms + 27 * 3_600_000).toISOString();
      const yesA = r() < 0.5 ? h : w;
      a.push({ id: `${VA}:game-${i}`, venue: VA, title: `${h[0]} at ${w[0]} — ${yesA[0]}`, eventTitle: `${h[0]} at ${w[0]}`, question: `${h[0]} at ${w[0]} Winner?`, yesLabel: yesA[0], rules: `If ${yesA[0]} wins the ${h[0]} at ${w[0]} professional basketball game originally scheduled for ${SHORT[day.m]} ${day.d}, ${day.y}, then the market resolves to Yes.`, expectedResolutionTime: at, category: 'Sports' });
      const [x, y] = twin ? [h, w] : [pick(TEAMS), pick(TEAMS)];
      b.push({ id: `${VB}:game-${i}`, venue: VB, title: `${x[1]} vs. ${y[1]}`, yesLabel: x[1], noLabel: y[1], rules: `In the upcoming NBA game, scheduled for ${MONTHS[day.m]} ${day.d} at 7:00PM ET: If the ${x[1]} win, the market will resolve to "${x[1]}".`, expectedResolutionTime: at, category: 'Sports' });
    } else if (kind === 2) {
      // Elections with generated names.
      const name = `${pick(FIRST)} ${pick(LAST)}`;
      const place = pick(PLACES);
      const other = twin ? name : `${pick(FIRST)} ${pick(LAST)}`;
      const at = new Date(day.ms).toISOString();
      a.push({ id: `${VA}:el-${i}`, venue: VA, title: `Will ${name} win the ${day.y} ${place} mayoral election?`, rules: `If ${name} wins the ${place} mayoral election on ${MONTHS[day.m]} ${day.d}, ${day.y}, the market resolves to Yes.`, expectedResolutionTime: at, category: 'Politics' });
      b.push({ id: `${VB}:el-${i}`, venue: VB, title: `${place} mayor ${day.y} — ${other}`, eventTitle: `Who will win the ${place} mayor race in ${day.y}?`, yesLabel: other, expectedResolutionTime: at, category: 'Elections' });
    } else if (kind === 3) {
      // Company announcements by a deadline.
      const co = pick(COMPANIES);
      const thing = pick(THINGS);
      const d2 = twin ? day : dayOf(Math.floor(r() * 180));
      a.push({ id: `${VA}:co-${i}`, venue: VA, title: `Will ${co} announce ${thing} by ${MONTHS[day.m]} ${day.d}, ${day.y}?`, expectedResolutionTime: new Date(day.ms).toISOString() });
      b.push({ id: `${VB}:co-${i}`, venue: VB, title: `${co} announces ${thing} before ${SHORT[d2.m]} ${d2.d + 1 > 28 ? 28 : d2.d + 1}?`, expectedResolutionTime: new Date(d2.ms).toISOString() });
    } else {
      // Central-bank brackets per meeting, for many (generated) banks.
      const labels = ['25 bps decrease', 'No change', '25+ bps increase', '50+ bps decrease'];
      const la = pick(labels);
      const lb = twin ? la : pick(labels);
      const bank = `${pick(PLACES)} ${pick(LAST)} Reserve`;
      const month = dayOf(Math.floor(r() * 1000));
      const at = new Date(month.ms).toISOString();
      a.push({ id: `${VA}:cb-${i}`, venue: VA, title: `${bank} decision in ${MONTHS[month.m]} ${month.y}? — ${la}`, eventTitle: `${bank} decision in ${MONTHS[month.m]} ${month.y}?`, yesLabel: la, expectedResolutionTime: at, category: 'Economics' });
      b.push({ id: `${VB}:cb-${i}`, venue: VB, title: `${bank} ${lb === 'No change' ? 'holds rates' : lb} after the ${MONTHS[month.m]} ${month.y} meeting?`, expectedResolutionTime: at, category: 'economics' });
    }
  }
  return { a: a.slice(0, n), b: b.slice(0, n) };
}

/** A full Market for the evaluation benchmarks. */
export function benchMarket(id: string, venue: VenueId, seed: number): Market {
  return {
    id,
    venue,
    nativeId: id.split(':')[1] ?? id,
    eventId: null,
    title: id,
    question: id,
    yesLabel: 'Yes',
    noLabel: 'No',
    status: 'open',
    openTime: null,
    closeTime: '2027-01-01T00:00:00.000Z',
    expectedResolutionTime: '2027-01-01T00:00:00.000Z',
    result: null,
    currency: seed % 2 ? 'USD' : 'pUSD',
    realMoney: true,
    bestBid: null,
    bestAsk: null,
    lastPrice: null,
    volume: null,
    volume24h: null,
    volumeNotional: null,
    volume24hNotional: null,
    openInterest: null,
    tickSize: '0.01',
    tickRanges: [{ start: '0', end: '1', step: '0.01' }],
    minOrderSize: seed % 2 ? '0.01' : '5',
    rules: null,
    url: null,
    category: null,
    tags: [],
    extra: {},
    updatedAt: '2026-07-01T00:00:00.000Z',
  };
}

/** A ten-level book around `mid` (YES terms); `edge` shifts it so that pairs cross. */
export function benchBook(marketId: string, venue: VenueId, mid: number, receivedAt: number): OrderBook {
  const bids: [string, string][] = [];
  const asks: [string, string][] = [];
  for (let k = 0; k < 10; k++) {
    const bid = Math.max(1, Math.round((mid - 0.01 - k * 0.01) * 100));
    const ask = Math.min(99, Math.round((mid + 0.01 + k * 0.01) * 100));
    bids.push([(bid / 100).toFixed(2), String(20 + k * 15)]);
    asks.push([(ask / 100).toFixed(2), String(25 + k * 10)]);
  }
  return { marketId, venue, bids, asks, seq: null, venueTimestamp: null, receivedAt: new Date(receivedAt).toISOString(), source: 'stream' };
}
