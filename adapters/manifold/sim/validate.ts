/**
 * Request validation with the venue's messages. Manifold validates the merged query/body and path
 * parameters of each endpoint with a zod (v3) schema, most of them `.strict()`, and answers 400
 * `{"message":"Error validating request.","details":[{"field","error"}]}` with zod's own issue
 * messages (docs/venues/manifold.md §Errors). This module describes each endpoint's parameters as
 * data and reproduces those messages (zod v3 wording, which the project's zod v4 no longer uses).
 */
import { ApiError } from './errors.js';

export type ParamSpec =
  | { kind: 'string'; optional?: boolean }
  /** `z.string().or(z.array(z.string()))` */
  | { kind: 'stringOrArray'; optional?: boolean }
  /** `z.array(z.string()).max(n)`; a single query value is not an array. */
  | { kind: 'array'; max?: number; optional?: boolean }
  /** `z.coerce.number()` (query strings). */
  | { kind: 'coerceNumber'; gte?: number; lte?: number; int?: boolean; optional?: boolean; default?: number }
  /** `z.number()` (JSON bodies). */
  | { kind: 'number'; gte?: number; lte?: number; lt?: number; positive?: boolean; optional?: boolean }
  | { kind: 'enum'; values: readonly string[]; optional?: boolean; default?: string }
  /** Manifold's `coerceBoolean`: true/false or "true"/"false". */
  | { kind: 'coerceBoolean'; optional?: boolean }
  | { kind: 'boolean'; optional?: boolean }
  | { kind: 'stringArray'; optional?: boolean };

export interface EndpointSpec {
  params: Record<string, ParamSpec>;
  /** `.strict()`: unknown keys are an error. */
  strict: boolean;
}

interface Issue {
  field: string | null;
  error: string;
}

function received(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number' && Number.isNaN(v)) return 'nan';
  if (typeof v === 'number' && !Number.isInteger(v)) return 'number';
  return typeof v;
}

function numberChecks(n: number, spec: { gte?: number; lte?: number; lt?: number; positive?: boolean; int?: boolean }): string | null {
  if (spec.int && !Number.isInteger(n)) return 'Expected integer, received float';
  if (spec.positive && !(n > 0)) return 'Number must be greater than 0';
  if (spec.gte !== undefined && !(n >= spec.gte)) return `Number must be greater than or equal to ${spec.gte}`;
  if (spec.lte !== undefined && !(n <= spec.lte)) return `Number must be less than or equal to ${spec.lte}`;
  if (spec.lt !== undefined && !(n < spec.lt)) return `Number must be less than ${spec.lt}`;
  return null;
}

/** Parses one value; returns [value] on success or an error message. */
function parseValue(spec: ParamSpec, v: unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  const typeError = (expected: string) => ({ ok: false as const, error: `Expected ${expected}, received ${received(v)}` });
  switch (spec.kind) {
    case 'string':
      return typeof v === 'string' ? { ok: true, value: v } : typeError('string');
    case 'stringOrArray':
      if (typeof v === 'string') return { ok: true, value: v };
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return { ok: true, value: v };
      return { ok: false, error: 'Invalid input' };
    case 'array':
    case 'stringArray': {
      if (!Array.isArray(v)) return typeError('array');
      if (!v.every((x) => typeof x === 'string')) return { ok: false, error: 'Expected string, received number' };
      if (spec.kind === 'array' && spec.max !== undefined && v.length > spec.max) return { ok: false, error: `Array must contain at most ${spec.max} element(s)` };
      return { ok: true, value: v };
    }
    case 'coerceNumber': {
      const n = Array.isArray(v) ? NaN : Number(v);
      if (Number.isNaN(n)) return { ok: false, error: 'Expected number, received nan' };
      const err = numberChecks(n, spec);
      return err ? { ok: false, error: err } : { ok: true, value: n };
    }
    case 'number': {
      if (typeof v !== 'number' || Number.isNaN(v)) return typeError('number');
      const err = numberChecks(v, spec);
      return err ? { ok: false, error: err } : { ok: true, value: v };
    }
    case 'enum': {
      const list = spec.values.map((x) => `'${x}'`).join(' | ');
      if (typeof v !== 'string') return { ok: false, error: `Expected ${list}, received ${received(v)}` };
      if (!spec.values.includes(v)) return { ok: false, error: `Invalid enum value. Expected ${list}, received '${v}'` };
      return { ok: true, value: v };
    }
    case 'coerceBoolean':
      if (typeof v === 'boolean') return { ok: true, value: v };
      if (v === 'true' || v === 'false') return { ok: true, value: v === 'true' };
      return { ok: false, error: 'Invalid input' };
    case 'boolean':
      return typeof v === 'boolean' ? { ok: true, value: v } : typeError('boolean');
  }
}

/**
 * Validates `input` (query or body merged with path params); throws the venue's 400 with every
 * issue (declared keys first, in declaration order, then the unrecognized keys, as zod v3 orders
 * them) or returns the parsed values with defaults applied.
 */
export function validate(spec: EndpointSpec, input: Record<string, unknown>): Record<string, unknown> {
  const issues: Issue[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, p] of Object.entries(spec.params)) {
    const v = input[key];
    if (v === undefined) {
      if ('default' in p && p.default !== undefined) out[key] = p.default;
      else if (!p.optional) issues.push({ field: key, error: 'Required' });
      continue;
    }
    const r = parseValue(p, v);
    if (r.ok) out[key] = r.value;
    else issues.push({ field: key, error: r.error });
  }
  if (spec.strict) {
    const extra = Object.keys(input).filter((k) => !(k in spec.params));
    if (extra.length > 0) issues.push({ field: null, error: `Unrecognized key(s) in object: ${extra.map((k) => `'${k}'`).join(', ')}` });
  }
  if (issues.length > 0) throw new ApiError(400, 'Error validating request.', issues);
  return out;
}

/** Query parameters as Express's parser gives them: repeated keys become arrays. */
export function queryObject(url: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URL(url).searchParams) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[k] = [prev, v];
  }
  return out;
}
