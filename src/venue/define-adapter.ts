import { MissingCredentials, NotSupported } from '../core/errors.js';
import type { OrderBook, VenueId } from '../core/index.js';
import {
  ADAPTER_SPECIFICATION_VERSION,
  type Capabilities,
  type Capability,
  type Page,
  type RateLimitStatus,
  type VenueAdapter,
} from './adapter.js';
import type { FeeQuoter } from './fees.js';

/**
 * Builds a `VenueAdapter` from what a venue implements, after unstorage's driver pattern: three
 * read methods are required, everything else is optional, and the shared layer fills the rest.
 *
 * - `has` is derived once from which methods are present (a static map: it says what the venue
 *   supports, not whether credentials were given) — `true`, `'emulated'` where Venn emulates a
 *   missing method from others, `false` otherwise.
 * - A missing method throws `NotSupported`; a method listed in `requiresCredentials` throws
 *   `MissingCredentials` when the adapter has none. Every venue answers the same way.
 * - `getOrderBooks` is emulated from `getOrderBook` when the venue has no batch endpoint.
 * - A method listed in `emulated` is implemented, but what it serves is Venn's construction rather
 *   than the venue's (a book synthesized from an AMM pool, a stream numbered locally because the
 *   venue has no sequence numbers): `has` says `'emulated'` for it.
 */

type Pages<T> = AsyncIterable<Page<T>>;
type Method = Exclude<keyof Capabilities, 'incrementalMarkets' | 'incrementalQuotes'>;

/** What a venue supplies. */
export interface AdapterParts extends Partial<Pick<VenueAdapter, Method>> {
  venue: VenueId;
  authenticated: boolean;
  /** Capabilities that need venue credentials (e.g. trading, or a stream that refuses anonymous clients). */
  requiresCredentials: readonly Method[];
  /** Whether `listMarkets({ updatedSince })` returns only markets changed since then. */
  incrementalMarkets: boolean;
  /**
   * Whether that incremental listing also reflects quote changes (default true); false when the
   * venue's change time moves only with metadata, so quotes need walks of the open markets.
   */
  incrementalQuotes?: boolean;
  /** Implemented methods whose data Venn constructs rather than relays (`has` says `'emulated'`). */
  emulated?: readonly Method[];
  listMarkets: VenueAdapter['listMarkets'];
  getMarket: VenueAdapter['getMarket'];
  getOrderBook: VenueAdapter['getOrderBook'];
  quoteFee?: FeeQuoter;
  /** See `VenueAdapter.accountStream`. */
  accountStream?: boolean;
  rateLimits(): RateLimitStatus[];
  close(): Promise<void>;
}

const METHODS: readonly Method[] = [
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
];

/** Methods that return async iterables: their failure surfaces on iteration, like a real page fetch. */
const PAGED = new Set<Method>(['listMarkets', 'listEvents', 'listTrades', 'listOrders', 'listFills']);

function failing(method: Method, make: () => Error): (...args: unknown[]) => unknown {
  if (PAGED.has(method)) {
    return () => ({
      [Symbol.asyncIterator]() {
        return { next: () => Promise.reject(make()) };
      },
    });
  }
  if (method === 'stream') {
    return () => {
      throw make();
    };
  }
  return () => Promise.reject(make());
}

function emulatedOrderBooks(parts: AdapterParts): VenueAdapter['getOrderBooks'] {
  return async (nativeIds, options): Promise<OrderBook[]> => {
    const books: OrderBook[] = [];
    for (const id of nativeIds) books.push(await parts.getOrderBook(id, options));
    return books;
  };
}

export function defineAdapter<E extends object = Record<never, never>>(parts: AdapterParts, extras?: E): VenueAdapter & E {
  const has = { incrementalMarkets: parts.incrementalMarkets, incrementalQuotes: parts.incrementalQuotes ?? true } as Capabilities;
  const methods: Partial<Record<Method, unknown>> = {};
  const needsKey = new Set<Method>(parts.requiresCredentials);
  const constructed = new Set<Method>(parts.emulated ?? []);
  for (const method of METHODS) {
    const impl = parts[method] as ((...args: unknown[]) => unknown) | undefined;
    let capability: Capability = impl === undefined ? false : constructed.has(method) ? 'emulated' : true;
    let fn: unknown = impl;
    if (!impl && method === 'getOrderBooks') {
      capability = 'emulated';
      fn = emulatedOrderBooks(parts);
    }
    has[method] = capability;
    if (fn === undefined) {
      fn = failing(method, () => new NotSupported(`${parts.venue} does not support ${method}`, { venue: parts.venue }));
    } else if (needsKey.has(method) && !parts.authenticated) {
      fn = failing(method, () => new MissingCredentials(parts.venue, method));
    }
    methods[method] = fn;
  }
  const adapter: VenueAdapter = {
    specificationVersion: ADAPTER_SPECIFICATION_VERSION,
    venue: parts.venue,
    has: Object.freeze(has),
    authenticated: parts.authenticated,
    requiresCredentials: Object.freeze([...parts.requiresCredentials]),
    ...(methods as Pick<VenueAdapter, Method>),
    ...(parts.quoteFee ? { quoteFee: parts.quoteFee } : {}),
    ...(parts.accountStream ? { accountStream: true } : {}),
    rateLimits: () => parts.rateLimits(),
    close: () => parts.close(),
  };
  return Object.assign(adapter, extras ?? ({} as E));
}

/** Whether `capability` can be used right now: supported, and credentials present where needed. */
export function canUse(adapter: VenueAdapter, capability: keyof Capabilities): boolean {
  if (adapter.has[capability] === false) return false;
  return adapter.authenticated || !(adapter.requiresCredentials as readonly string[]).includes(capability);
}

export type { Pages };
