/**
 * JSON output with fixed-point numbers written as JSON numbers. Manifold sends mana, shares and
 * probabilities as JSON numbers; the simulator writes the decimal text of its fixed-point values
 * (at most 12 places) instead of converting them to floats. Keys whose value is `undefined` are
 * omitted, as the venue's `removeUndefinedProps` does.
 */
import { fxText, type Fx } from './fx.js';

/** A fixed-point value to be written as a JSON number. */
export class FxNum {
  constructor(readonly value: Fx) {}
}

export function num(value: Fx): FxNum {
  return new FxNum(value);
}

export function stringify(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof FxNum) return fxText(value.value);
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isSafeInteger(value)) throw new RangeError(`only integers may be plain numbers (times, counts), got ${value}`);
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stringify(v))).join(',')}]`;
      const parts: string[] = [];
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined) continue;
        parts.push(`${JSON.stringify(k)}:${stringify(v)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new TypeError(`cannot serialize ${typeof value}`);
  }
}

export function jsonResponse(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(stringify(value), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}
