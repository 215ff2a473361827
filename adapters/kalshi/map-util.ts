import { Decimal, VenueFormatError, formatId } from '../../src/core/index.js';

/** Small pure helpers shared by the Kalshi mappers. */

export const VENUE = 'kalshi' as const;

export function marketIdOf(ticker: string): string {
  return formatId(VENUE, ticker);
}

/** The series ticker is the event ticker's prefix up to the first `-` (e.g. `KXFED-27APR` → `KXFED`). */
export function seriesOfEvent(eventTicker: string): string {
  const i = eventTicker.indexOf('-');
  return i < 0 ? eventTicker : eventTicker.slice(0, i);
}

/** An RFC 3339 venue timestamp → ISO-8601 (UTC, ms precision). */
export function iso(value: string, field: string): string {
  const t = Date.parse(value);
  if (Number.isNaN(t)) {
    throw new VenueFormatError(`kalshi returned an unparseable timestamp in ${field}: ${JSON.stringify(value)}`, {
      venue: VENUE,
      venueMessage: `bad timestamp in ${field}`,
    });
  }
  return new Date(t).toISOString();
}

export function isoOrNull(value: string | null | undefined, field: string): string | null {
  return value ? iso(value, field) : null;
}

export function isoFromMs(ms: number): string {
  return new Date(ms).toISOString();
}

const ONE = Decimal.ONE;

/** `1 − p`, at 4 decimals (Kalshi's REST price scale). */
export function complement(price: string): string {
  return ONE.sub(Decimal.parse(price)).toFixed(4);
}

/** A price normalized to 4 decimals (`"0.36"` → `"0.3600"`). */
export function price4(price: string): string {
  return Decimal.parse(price).toFixed(4);
}

/** A count normalized to 2 decimals. */
export function count2(count: string): string {
  return Decimal.parse(count).toFixed(2);
}

export function isZero(value: string | null | undefined): boolean {
  return value == null || Decimal.parse(value).isZero();
}

/** Integer cents → a dollar string with 2 decimals, exactly. */
export function centsToDollars(cents: number): string {
  return Decimal.fromInteger(cents).div('100', 2, 'half-even').toFixed(2);
}

/** An exact amount with at least `minDecimals` places and no digit dropped (`0.010000` → `0.0100`). */
export function exact(value: Decimal, minDecimals: number): string {
  const n = value.normalize();
  return n.toFixed(Math.max(minDecimals, n.scale));
}
