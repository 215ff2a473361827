/**
 * JSON output with exact decimal numbers. Several Polymarket fields are JSON numbers (Gamma
 * `bestBid`, `orderPriceMinTickSize`, CLOB `minimum_tick_size`, prices-history `p`); the simulator
 * writes their decimal text verbatim instead of converting money to a float.
 */

/** A JSON number written as the given decimal text. */
export class Num {
  constructor(readonly text: string) {
    if (!/^-?\d+(\.\d+)?$/.test(text)) throw new RangeError(`not a JSON number: ${text}`);
  }
}

export function num(text: string): Num {
  return new Num(text);
}

const MARK = '\u0001';
const MARKED = /"\\u0001(-?\d+(?:\.\d+)?)\\u0001"/g;

/** Like JSON.stringify (compact), but `Num` values are written as raw numbers; undefined keys are skipped. */
export function stringify(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof Num ? `${MARK}${v.text}${MARK}` : v)) ?? 'null';
  return text.includes('\\u0001') ? text.replace(MARKED, '$1') : text;
}

/** A Hono-independent JSON Response using `stringify`. */
export function jsonResponse(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(stringify(value), { status, headers: { 'content-type': 'application/json', ...headers } });
}
