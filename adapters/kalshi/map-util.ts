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

export function isZero(value: string | null | undefined): boolean {
  return value == null || Decimal.parse(value).isZero();
}

/** Integer cents → an exact dollar amount. */
export function centsToDollars(cents: number): Decimal {
  return Decimal.fromInteger(cents).div('100', 2, 'half-even');
}
