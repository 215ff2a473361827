import { z } from 'zod';
import { decimalText } from '../../src/venue/decimal-text.js';

/**
 * Building blocks shared by the Polymarket wire schemas (Gamma, CLOB, Data API, WebSocket).
 *
 * Polymarket mixes encodings: Gamma sends some numbers as JSON numbers and some as strings, some
 * arrays as JSON-encoded strings (`"[\"Yes\", \"No\"]"`), and the CLOB sends decimals as strings,
 * sometimes in leading-dot form (`".48"`). These helpers accept every observed form and produce
 * plain decimal strings, never floats.
 */

const DECIMAL_TEXT_RE = /^-?(\d+\.?\d*|\.\d+)$/;

/** Normalizes decimal text: `".48"` → `"0.48"`, `"5."` → `"5"`. */
export function normalizeDecimalText(text: string): string {
  let t = text.trim();
  if (t.endsWith('.')) t = t.slice(0, -1);
  if (t.startsWith('.')) t = `0${t}`;
  if (t.startsWith('-.')) t = `-0${t.slice(1)}`;
  return t;
}

/** A decimal sent as a string (`"0.57"`, `".48"`) or a JSON number (`0.57`); yields a decimal string. */
export const WireDecimal = z.union([z.string(), z.number()]).transform((v, ctx) => {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) {
      ctx.addIssue({ code: 'custom', message: 'expected a finite number' });
      return z.NEVER;
    }
    return decimalText(v);
  }
  if (!DECIMAL_TEXT_RE.test(v.trim())) {
    ctx.addIssue({ code: 'custom', message: `expected a decimal, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return normalizeDecimalText(v);
});

/** Like `WireDecimal`, but `""` (Polymarket's "no value" on the WebSocket) becomes null. */
export const WireDecimalOrEmpty = z.union([z.literal(''), z.null(), WireDecimal]).transform((v) => (v === '' ? null : v));

/**
 * An array that Gamma sends JSON-encoded inside a string (`outcomes`, `outcomePrices`,
 * `clobTokenIds`), also accepted as a real array (Protocol-V2 `positionIds`). Elements are
 * strings or numbers and come out as strings.
 */
export const JsonStringArray = z.union([z.string(), z.array(z.union([z.string(), z.number()]))]).transform((v, ctx) => {
  let arr: unknown = v;
  if (typeof v === 'string') {
    if (v.trim() === '') return [] as string[];
    try {
      arr = JSON.parse(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: `expected a JSON-encoded array, got ${JSON.stringify(v.slice(0, 40))}` });
      return z.NEVER;
    }
  }
  if (!Array.isArray(arr) || !arr.every((x) => typeof x === 'string' || typeof x === 'number')) {
    ctx.addIssue({ code: 'custom', message: 'expected an array of strings' });
    return z.NEVER;
  }
  return arr.map((x) => (typeof x === 'number' ? decimalText(x) : x));
});

/**
 * Gamma and CLOB datetimes: ISO-8601 with any fraction (`2026-07-25T05:48:49.059195Z`), Postgres
 * text (`2026-04-05 19:37:33+00`) or a bare date (`2026-06-01`). Returns ISO-8601 UTC, or null when
 * empty or unparseable (these are informational fields; a bad one must not hide the market).
 */
export function isoFromWire(text: string | null | undefined): string | null {
  if (text == null || text === '') return null;
  let t = text.trim();
  const pg = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(:?\d{2})?$/.exec(t);
  if (pg) t = `${pg[1]}T${pg[2]}${pg[3]}:${(pg[4] ?? '00').replace(':', '')}`;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Epoch milliseconds (number or numeric string, as on the CLOB and WebSocket) → ISO-8601. */
export function isoFromEpochMs(value: string | number | null | undefined): string | null {
  if (value == null || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? new Date(n).toISOString() : null;
}

/**
 * Epoch seconds or milliseconds → ISO-8601. Polymarket's user-channel `timestamp` is documented
 * in both units; anything above 10^11 is taken as milliseconds.
 */
export function isoFromEpochSecondsOrMs(value: string | number | null | undefined): string | null {
  if (value == null || value === '') return null;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) return null;
  return new Date(n > 1e11 ? n : n * 1000).toISOString();
}

/** A nullable, optional field: absent and null both become null. */
export function opt<T extends z.ZodTypeAny>(schema: T) {
  return schema.nullish().transform((v) => (v === undefined ? null : v));
}
