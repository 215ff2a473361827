import { z } from 'zod';

/** The venues Venn speaks to. */
export const VENUE_IDS = ['kalshi', 'polymarket', 'manifold', 'opinion'] as const;
export const VenueIdSchema = z.enum(VENUE_IDS);
export type VenueId = z.infer<typeof VenueIdSchema>;

/** Example ids for documentation (OpenAPI examples, error hints). */
export const EXAMPLE_MARKET_IDS = ['kalshi:KXFED-27APR-T4.25', 'polymarket:0x5f65177b394277fd294cd75650044e32ba009a95022d88a0c1d565897d72f8f1'] as const;

export function isVenueId(value: string): value is VenueId {
  return (VENUE_IDS as readonly string[]).includes(value);
}

/**
 * Native ids are the venue's own identifiers: Kalshi tickers, Polymarket condition ids, Manifold
 * contract ids (optionally `contractId:answerId`), Opinion market ids. Printable ASCII without
 * whitespace, `/`, `?`, `#` or `%`, and not a dot-segment (`.`, `..`), so that `venue:nativeId`
 * round-trips through a URL path segment.
 */
const NATIVE_ID_RE = /^[A-Za-z0-9._:~@+=-]{1,200}$/;

/**
 * `.` and `..` are URL dot-segments: an adapter that puts the native id in a venue path
 * (`/markets/{ticker}/orderbook`) would address another endpoint of the venue.
 */
function isNativeId(nativeId: string): boolean {
  return NATIVE_ID_RE.test(nativeId) && nativeId !== '.' && nativeId !== '..' && !repeatsVenue(nativeId);
}

/** `kalshi:kalshi:X` is not another spelling of `kalshi:X`: no native id starts with a venue prefix. */
function repeatsVenue(nativeId: string): boolean {
  const i = nativeId.indexOf(':');
  return i > 0 && isVenueId(nativeId.slice(0, i));
}

export interface ParsedId {
  venue: VenueId;
  nativeId: string;
}

export class IdError extends Error {
  override name = 'IdError';
}

/** `kalshi` + `KXFED-27APR-T4.25` → `kalshi:KXFED-27APR-T4.25`. */
export function formatId(venue: VenueId, nativeId: string): string {
  if (!isNativeId(nativeId)) throw new IdError(`invalid ${venue} native id: ${JSON.stringify(nativeId)}`);
  return `${venue}:${nativeId}`;
}

/** Splits `venue:nativeId`; throws `IdError` naming what is wrong. */
export function parseId(id: string): ParsedId {
  const i = id.indexOf(':');
  if (i <= 0) throw new IdError(`id must look like "<venue>:<nativeId>", got ${JSON.stringify(id)}`);
  const venue = id.slice(0, i);
  const nativeId = id.slice(i + 1);
  if (!isVenueId(venue)) throw new IdError(`unknown venue ${JSON.stringify(venue)} in id ${JSON.stringify(id)}`);
  if (repeatsVenue(nativeId)) throw new IdError(`id ${JSON.stringify(id.slice(0, 80))} repeats the venue prefix`);
  if (!isNativeId(nativeId)) throw new IdError(`invalid native id in ${JSON.stringify(id)}`);
  return { venue, nativeId };
}

export function tryParseId(id: string): ParsedId | null {
  try {
    return parseId(id);
  } catch {
    return null;
  }
}

/** zod schema of a `venue:nativeId` string. */
export const VennIdSchema = z.string().refine((s) => tryParseId(s) !== null, {
  message: 'must be "<venue>:<nativeId>" with a known venue',
});
