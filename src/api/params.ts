/**
 * Query and path parameter schemas shared by the routes. Every parameter is validated; a bad value
 * fails with a message that the error hook turns into a 400 naming the parameter.
 */
import { z } from '@hono/zod-openapi';
import { EXAMPLE_MARKET_IDS, MarketStatusSchema, VENUE_IDS, isVenueId, tryParseId } from '../core/index.js';
import type { MarketStatus, VenueId } from '../core/index.js';

export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;
export const MAX_DEPTH = 500;
export const MAX_BATCH_IDS = 100;

/** `all` or a comma list of venue ids. */
export type VenueSelection = 'all' | VenueId[];

function commaList(s: string): string[] {
  return s
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export const venueParam = z
  .string()
  .max(200)
  .transform((s, ctx): VenueSelection => {
    const names = commaList(s.toLowerCase());
    // Like an empty `cursor=`: a parameter given without a value is a mistake, not "all".
    if (names.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'must not be empty (omit it, or give all or venue names)' });
      return z.NEVER;
    }
    if (names.includes('all')) {
      if (names.length > 1) ctx.addIssue({ code: 'custom', message: '"all" cannot be combined with venue names' });
      return 'all';
    }
    const out: VenueId[] = [];
    for (const name of names) {
      if (!isVenueId(name)) {
        ctx.addIssue({ code: 'custom', message: `unknown venue "${name.slice(0, 40)}" (known: all, ${VENUE_IDS.join(', ')})` });
        return z.NEVER;
      }
      if (!out.includes(name)) out.push(name);
    }
    return out;
  })
  .optional()
  .openapi({
    param: { name: 'venue', in: 'query' },
    description: `\`all\` (default: every enabled venue) or a comma list of ${VENUE_IDS.join(', ')}`,
    example: VENUE_IDS.slice(0, 2).join(','),
    type: 'string',
  });

export function intSchema(min: number, max: number) {
  return z
    .string()
    .regex(/^[0-9]{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

export const limitParam = intSchema(1, MAX_LIMIT)
  .optional()
  .default(DEFAULT_LIMIT)
  .openapi({ param: { name: 'limit', in: 'query' }, type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT });

export const depthParam = intSchema(1, MAX_DEPTH)
  .optional()
  .openapi({ param: { name: 'depth', in: 'query' }, type: 'integer', minimum: 1, maximum: MAX_DEPTH, description: 'Levels per side (default: all)' });

export const cursorParam = z
  .string()
  .min(1, 'must not be empty')
  .max(2048, 'is too long')
  .regex(/^[A-Za-z0-9_\-.~=+/:]+$/, 'is not a cursor returned by this API')
  .optional()
  .openapi({ param: { name: 'cursor', in: 'query' }, description: 'Opaque `nextCursor` from the previous page' });

/** Free text; empty means absent. */
function textParam(name: string, max: number, description: string) {
  return z
    .string()
    .max(max, `must be at most ${max} characters`)
    .transform((s) => (s.trim() === '' ? undefined : s.trim()))
    .optional()
    .openapi({ param: { name, in: 'query' }, description, type: 'string' });
}

export const qParam = textParam('q', 200, 'Case-insensitive text search over title and question');
/** Markets are searched by word (src/catalog/token-index.ts), not by substring. */
export const marketQParam = textParam('q', 200, 'Words that must all appear in the title or question (case-insensitive whole words: runs of letters and digits)');
export const categoryParam = textParam('category', 100, 'Only this category (case-insensitive)');

export const statusParam = z
  .string()
  .max(200)
  .transform((s, ctx): MarketStatus[] | undefined => {
    const names = commaList(s.toLowerCase());
    if (names.length === 0) return undefined;
    const out: MarketStatus[] = [];
    for (const name of names) {
      const parsed = MarketStatusSchema.safeParse(name);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: `unknown status "${name.slice(0, 40)}" (known: ${MarketStatusSchema.options.join(', ')})` });
        return z.NEVER;
      }
      if (!out.includes(parsed.data)) out.push(parsed.data);
    }
    return out;
  })
  .optional()
  .openapi({
    param: { name: 'status', in: 'query' },
    description: `Comma list of ${MarketStatusSchema.options.join(', ')}`,
    example: 'open',
    type: 'string',
  });

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/** `Date` rolls 2026-02-30 over to March; a real calendar day is required. */
function isCalendarDate(s: string): boolean {
  const [y, m, d] = s.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

export const closesBeforeParam = z
  .string()
  .max(40)
  .transform((s, ctx) => {
    const d = ISO_DATE.test(s) ? new Date(s) : null;
    if (d === null || Number.isNaN(d.getTime()) || !isCalendarDate(s)) {
      ctx.addIssue({ code: 'custom', message: 'must be an ISO-8601 date or date-time with offset, e.g. 2026-12-31T00:00:00Z' });
      return z.NEVER;
    }
    return d;
  })
  .optional()
  .openapi({
    param: { name: 'closesBefore', in: 'query' },
    description: 'Only markets closing before this ISO-8601 time',
    example: '2026-12-31T00:00:00Z',
    type: 'string',
    format: 'date-time',
  });

export const moneyParam = z
  .enum(['real', 'play'])
  .optional()
  .openapi({ param: { name: 'money', in: 'query' }, description: '`real`: real-money markets only; `play`: play-money markets only (default: both)' });

export const sortParam = z
  .enum(['volume', 'closeTime', 'newest'])
  .optional()
  .default('volume')
  .openapi({ param: { name: 'sort', in: 'query' }, description: 'Sort order' });

const ID_MESSAGE = `must be "<venue>:<nativeId>" with a known venue, e.g. ${EXAMPLE_MARKET_IDS[0]}`;

/** A `venue:nativeId` path parameter (Hono has already percent-decoded it). */
export function idPathParam(description: string) {
  return z
    .string()
    .max(250)
    .refine((s) => tryParseId(s) !== null, ID_MESSAGE)
    .openapi({ param: { name: 'id', in: 'path' }, description, example: EXAMPLE_MARKET_IDS[0] });
}

export const idsParam = z
  .string()
  .max(MAX_BATCH_IDS * 260)
  .transform((s, ctx) => {
    const ids = [...new Set(commaList(s))];
    if (ids.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'must list at least one market id' });
      return z.NEVER;
    }
    if (ids.length > MAX_BATCH_IDS) {
      ctx.addIssue({ code: 'custom', message: `must list at most ${MAX_BATCH_IDS} market ids (got ${ids.length})` });
      return z.NEVER;
    }
    const bad = ids.find((id) => tryParseId(id) === null);
    if (bad !== undefined) {
      ctx.addIssue({ code: 'custom', message: `"${bad.slice(0, 60)}" ${ID_MESSAGE}` });
      return z.NEVER;
    }
    return ids;
  })
  .openapi({
    param: { name: 'ids', in: 'query' },
    description: `Comma list of at most ${MAX_BATCH_IDS} market ids`,
    example: EXAMPLE_MARKET_IDS.join(','),
    type: 'string',
  });
