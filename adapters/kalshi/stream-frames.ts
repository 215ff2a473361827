import { VenueFormatError } from '../../src/core/index.js';
import { parseFixed } from '../../src/venue/fixed.js';
import { BOOK_SCALE } from '../../src/venue/local-book.js';
import { WsDeltaMsg } from './wire-ws.js';
import { parseWire } from './wire-parse.js';

/**
 * The hot path of the order-book stream: checking an `orderbook_delta` frame. Running the zod
 * schema on every delta would cap the stream at roughly half a million frames per second before
 * any book work, so a delta is first checked by hand against exactly the fields the schema
 * requires (types, enum, decimal syntax via `parseFixed`, no legacy integer fields). Anything the
 * hand check does not accept goes through the zod schema, which is the authority: it either
 * accepts the frame or throws the VenueFormatError naming the field. The hand check only ever
 * accepts frames the schema accepts (asserted by a property test).
 */

export interface DeltaFields {
  ticker: string;
  /** Price in 1e-6 units (YES scale or NO leg, per `use_yes_price`). */
  price: number;
  /** Signed size change in 1e-6 units. */
  delta: number;
  side: 'yes' | 'no';
  tsMs: number | null;
}

const DELTA_ENDPOINT = 'ws orderbook_delta';

function isOptionalInt(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'number' && Number.isSafeInteger(v));
}

function isOptionalString(v: unknown): boolean {
  return v === undefined || v === null || typeof v === 'string';
}

/** Fast check; null when the frame needs the schema's verdict. */
export function fastDelta(msg: unknown): DeltaFields | null {
  if (msg === null || typeof msg !== 'object') return null;
  const m = msg as Record<string, unknown>;
  const ticker = m['market_ticker'];
  const price = m['price_dollars'];
  const delta = m['delta_fp'];
  const side = m['side'];
  const tsMs = m['ts_ms'];
  if (typeof ticker !== 'string' || ticker.length === 0) return null;
  if (typeof price !== 'string' || typeof delta !== 'string') return null;
  if (side !== 'yes' && side !== 'no') return null;
  if (!isOptionalInt(tsMs)) return null;
  if (m['price'] !== undefined || m['delta'] !== undefined) return null;
  if (!isOptionalString(m['market_id']) || !isOptionalString(m['ts']) || !isOptionalString(m['client_order_id'])) return null;
  if (!isOptionalInt(m['subaccount'])) return null;
  if (price.charCodeAt(0) === 45 /* - */) return null;
  let p: number;
  let d: number;
  try {
    p = parseFixed(price, BOOK_SCALE);
    d = parseFixed(delta, BOOK_SCALE, true);
  } catch {
    return null;
  }
  // The schema's decimal syntax has no leading "." and no trailing "." (parseFixed tolerates both).
  if (price.charCodeAt(0) === 46 || price.charCodeAt(price.length - 1) === 46) return null;
  const d0 = delta.charCodeAt(0) === 45 ? 1 : 0;
  if (delta.charCodeAt(d0) === 46 || delta.charCodeAt(delta.length - 1) === 46 || delta.length === d0) return null;
  return { ticker, price: p, delta: d, side, tsMs: (tsMs as number | null | undefined) ?? null };
}

/** The delta fields of a frame: the fast check, else the zod schema (which throws on a bad frame). */
export function deltaFields(msg: unknown): DeltaFields {
  const fast = fastDelta(msg);
  if (fast) return fast;
  const m = parseWire(WsDeltaMsg, msg, DELTA_ENDPOINT);
  try {
    return {
      ticker: m.market_ticker,
      price: parseFixed(m.price_dollars, BOOK_SCALE),
      delta: parseFixed(m.delta_fp, BOOK_SCALE, true),
      side: m.side,
      tsMs: m.ts_ms ?? null,
    };
  } catch (err) {
    throw new VenueFormatError(`kalshi ${DELTA_ENDPOINT}: unusable price or size (${(err as Error).message})`, {
      venue: 'kalshi',
      endpoint: DELTA_ENDPOINT,
    });
  }
}

/**
 * The exact compact layout Kalshi (and the simulator) send an `orderbook_delta` frame in. A frame
 * matching it is read without building a JSON object tree; any other layout (keys reordered,
 * escapes, extra keys, whitespace) goes through JSON.parse and the checks above. Every capture is
 * as strict as the schema: a decimal price and size, `yes|no`, integers for sid/seq/ts_ms.
 */
const DELTA_FRAME =
  /^\{"type":"orderbook_delta","sid":(\d{1,15}),"seq":(\d{1,15}),"msg":\{"market_ticker":"([A-Za-z0-9._:~@+=-]{1,200})"(?:,"market_id":"[^"\\]*")?,"price_dollars":"(\d{1,9}(?:\.\d{1,12})?)","delta_fp":"(-?\d{1,12}(?:\.\d{1,12})?)","side":"(yes|no)"(?:,"ts":"[^"\\]*")?(?:,"ts_ms":(\d{1,15}))?(?:,"client_order_id":"[^"\\]*")?(?:,"subaccount":\d{1,9})?\}\}$/;

export interface DeltaFrame {
  sid: number;
  seq: number;
  fields: DeltaFields;
}

/**
 * Reads a delta frame in Kalshi's compact layout; null for anything else (use the generic path).
 * With `into`, the result is written into that object (the stream reuses one to spare the
 * garbage collector two objects per frame).
 */
export function matchDeltaFrame(text: string, into?: DeltaFrame): DeltaFrame | null {
  const m = DELTA_FRAME.exec(text);
  if (m === null) return null;
  let price: number;
  let delta: number;
  try {
    price = parseFixed(m[4] as string, BOOK_SCALE);
    delta = parseFixed(m[5] as string, BOOK_SCALE, true);
  } catch {
    return null;
  }
  const ts = m[7];
  const tsMs = ts === undefined ? null : Number(ts);
  const side = m[6] as 'yes' | 'no';
  if (!into) return { sid: Number(m[1]), seq: Number(m[2]), fields: { ticker: m[3] as string, price, delta, side, tsMs } };
  into.sid = Number(m[1]);
  into.seq = Number(m[2]);
  const f = into.fields;
  f.ticker = m[3] as string;
  f.price = price;
  f.delta = delta;
  f.side = side;
  f.tsMs = tsMs;
  return into;
}

/** ISO strings of epoch milliseconds, memoizing the last value (bursts share a millisecond). */
export class IsoClock {
  private lastMs = -1;
  private lastIso = '';

  iso(ms: number): string {
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.lastIso = new Date(ms).toISOString();
    }
    return this.lastIso;
  }

  now(): string {
    return this.iso(Date.now());
  }
}
