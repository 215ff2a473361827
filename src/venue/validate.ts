import type { ZodType } from 'zod';
import { VenueFormatError } from '../core/errors.js';
import type { VenueId } from '../core/ids.js';

/** `['markets', 3, 'yes_bid_dollars']` → `markets[3].yes_bid_dollars`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

export interface PayloadContext {
  venue: VenueId;
  /** e.g. `GET /markets/{ticker}` or `ws orderbook_delta`. */
  endpoint: string;
  status?: number;
}

/**
 * Validates a venue payload (REST body or WS frame) against its zod schema. A mismatch throws
 * `VenueFormatError` whose message names the venue, the endpoint and the first offending fields,
 * e.g. `<venue> GET /markets/{ticker}: unexpected payload at market.yes_bid_dollars: expected string`.
 * The payload itself is not copied into the error (it may be large).
 */
export function parseVenuePayload<T>(schema: ZodType<T>, value: unknown, ctx: PayloadContext): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 3).map((i) => `${formatIssuePath(i.path)}: ${i.message}`);
  const more = result.error.issues.length > 3 ? ` (+${result.error.issues.length - 3} more)` : '';
  throw new VenueFormatError(`${ctx.venue} ${ctx.endpoint}: unexpected payload at ${issues.join('; ')}${more}`, {
    venue: ctx.venue,
    endpoint: ctx.endpoint,
    status: ctx.status,
    cause: result.error,
  });
}
