import { z } from 'zod';
import { VenueFormatError } from '../../src/core/index.js';
import { formatIssuePath, parseVenuePayload } from '../../src/venue/validate.js';

/**
 * Parsing of Kalshi wire payloads. Every payload goes through a zod schema; a mismatch throws a
 * `VenueFormatError` naming the venue, the endpoint and the offending field.
 *
 * Legacy payloads (the integer-cent shapes Kalshi served until early 2026, including the
 * "transitional" shapes that carried both) are rejected on purpose with a message that starts
 * with `legacy format`: the fixed-point fields are the only ones read, and a payload that still
 * carries the removed fields means the adapter is talking to something older than it was written
 * for (an old host, a stale proxy, a recording), which must fail loudly rather than half-parse.
 */

export const LEGACY_PREFIX = 'legacy format';

/** Adds a `legacy format` issue when any of `fields` is present with a non-string value. */
export function rejectLegacy(fields: readonly string[], what: string) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    for (const f of fields) {
      const v = value[f];
      if (v !== undefined && v !== null && typeof v !== 'string') {
        ctx.addIssue({
          code: 'custom',
          path: [f],
          message: `${LEGACY_PREFIX}: ${what} field "${f}" is the pre-2026 integer shape (removed from the API; only *_dollars / *_fp are current)`,
        });
      }
    }
  };
}

/**
 * For frames whose integer fields once had fixed-point twins (WS `ticker`, `trade`): an integer
 * field next to its twin is ignored and the twin is read (the recorded 2026-02 frames carry both;
 * docs/venues/kalshi.md §9.5); an integer field whose twin is missing is the pre-2026 shape, a
 * `legacy format` issue.
 * `pairs` maps each integer field to its fixed-point twin.
 */
export function requireFixedPointTwins(pairs: Readonly<Record<string, string>>, what: string) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    for (const [legacy, twin] of Object.entries(pairs)) {
      const v = value[legacy];
      if (v === undefined || v === null || typeof v === 'string') continue;
      if (value[twin] !== undefined && value[twin] !== null) continue;
      ctx.addIssue({
        code: 'custom',
        path: [legacy],
        message: `${LEGACY_PREFIX}: ${what} field "${legacy}" is the pre-2026 integer shape and "${twin}" is missing (only *_dollars / *_fp are read)`,
      });
    }
  };
}

/**
 * Parses `data` with `schema` through the shared payload validator; a mismatch throws a
 * VenueFormatError naming venue, endpoint and field, prefixed with `legacy format:` when the
 * payload is one of the pre-2026 shapes.
 */
export function parseWire<S extends z.ZodType>(schema: S, data: unknown, endpoint: string): z.infer<S> {
  try {
    return parseVenuePayload(schema as z.ZodType<z.infer<S>>, data, { venue: 'kalshi', endpoint });
  } catch (err) {
    const cause = err instanceof VenueFormatError ? (err as { cause?: unknown }).cause : undefined;
    const legacy = cause instanceof z.ZodError ? cause.issues.find((i) => i.message.startsWith(LEGACY_PREFIX)) : undefined;
    if (!legacy) throw err;
    throw new VenueFormatError(`${LEGACY_PREFIX}: kalshi ${endpoint}: field ${formatIssuePath(legacy.path)}: ${legacy.message}`, {
      venue: 'kalshi',
      endpoint,
      venueMessage: legacy.message,
      cause,
    });
  }
}
