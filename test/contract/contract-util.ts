/** Small helpers shared by the adapter contract sections. */
import type { Market } from '../../src/core/index.js';
import type { Capabilities, Page, VenueAdapter } from '../../src/venue/adapter.js';
import type { FaultInjector, RouteMatch } from '../../src/sim/faults.js';

/**
 * What an adapter's contract test supplies. Usage from an adapter's test file:
 *
 *   describeAdapterContract('kalshi', async () => {
 *     const sim = await startKalshiSim({ seed: 1 });
 *     const adapter = createKalshiAdapter({ baseUrl: sim.url, ... });
 *     return { adapter, teardown: async () => { await adapter.close(); await sim.close(); },
 *              activity: (ticker) => sim.bots.step(50, ticker), trading: {...}, faults: {...} };
 *   });
 *
 * The venue must list more markets than two pages of two and keep some open markets with books.
 */
export interface AdapterContractContext {
  adapter: VenueAdapter;
  teardown(): Promise<void>;
  /**
   * Makes the venue's book of a market move and trade now (simulator bots acting on it), so that
   * streams have deltas and trades to deliver. Called repeatedly while the stream case waits.
   */
  activity?(marketNativeId: string): void;
  /** Present when the venue has funded credentials for the adapter. */
  trading?: ContractTrading;
  /** Present when the venue can inject transport faults (simulators). */
  faults?: ContractFaults;
}

export interface ContractTrading {
  /** An open market whose book has both sides (to cross it) and room far from the touch. */
  marketNativeId: string;
  /** A resting buy-YES price far below the touch (the next grid step up must be too). */
  buyPrice: string;
  /** An order size the venue accepts in that market. */
  size: string;
  /** How many orders of our account the venue holds in that market, in any state, by its own records. */
  ordersAtVenue(): number | Promise<number>;
}

export interface ContractFaults {
  injector: FaultInjector;
  /** The venue route of order creation, e.g. `{ method: 'POST', path: /\/portfolio\/events\/orders$/ }`. */
  placeOrderRoute: RouteMatch;
  /** The `Retry-After` the venue sends with a 429, in ms; null when it sends none. */
  retryAfterMs: number | null;
  /** The adapter's per-request deadline (its `timeoutMs`); a hung response outlasts it. */
  requestTimeoutMs: number;
}

/** What the sections of the contract share. */
export interface ContractRun {
  ctx: AdapterContractContext;
  adapter: VenueAdapter;
  /** Open markets, the first with a two-sided book. */
  open: Market[];
}

export async function firstPages<T>(pages: AsyncIterable<Page<T>>, n: number): Promise<Page<T>[]> {
  const out: Page<T>[] = [];
  if (n <= 0) return out;
  for await (const p of pages) {
    out.push(p);
    if (out.length >= n) break;
  }
  return out;
}

export async function collectAll<T>(pages: AsyncIterable<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(...p.items);
  return out;
}

/** Runs `fn` and returns what it threw or rejected with (iterating iterables, subscribing streams). */
export async function failureOf(fn: () => unknown, venue: string): Promise<unknown> {
  try {
    const r = fn();
    if (r !== null && typeof r === 'object') {
      if (Symbol.asyncIterator in r) {
        for await (const _page of r as AsyncIterable<unknown>) break;
      } else if ('then' in r) {
        await (r as Promise<unknown>);
      } else if ('subscribe' in r) {
        const s = r as { subscribe(ids: string[]): Promise<void>; close(): Promise<void> };
        try {
          await s.subscribe([`${venue}:NO-SUCH-MARKET-xyz`]);
        } finally {
          await s.close();
        }
      }
    }
    return undefined;
  } catch (err) {
    return err;
  }
}

export const CAPABILITY_KEYS = [
  'listMarkets',
  'listEvents',
  'getMarket',
  'getEvent',
  'getOrderBook',
  'getOrderBooks',
  'listTrades',
  'stream',
  'placeOrder',
  'cancelOrder',
  'amendOrder',
  'getOrder',
  'listOrders',
  'listFills',
  'listPositions',
  'getBalances',
  'incrementalMarkets',
] as const satisfies readonly (keyof Capabilities)[];
// Compile-time check that the list above names every capability.
type MissingCapability = Exclude<keyof Capabilities, (typeof CAPABILITY_KEYS)[number]>;
export const everyCapabilityListed: [MissingCapability] extends [never] ? true : false = true;

/** `"0.01"` → `"0.010"`: the same value in a non-canonical spelling, as a caller may send it. */
export function padded(decimal: string): string {
  return decimal.includes('.') ? `${decimal}0` : `${decimal}.00`;
}
