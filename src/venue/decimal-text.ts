/**
 * JSON numbers as exact decimal text. Venues that send amounts as JSON numbers hand us doubles
 * once `JSON.parse` has run; `String(n)` is the shortest text that reads back as that double, i.e.
 * the text the venue wrote for every value it sends (at most 17 significant digits). This turns it
 * into plain decimal text (no exponent) for `Decimal`, so no float is ever computed with.
 */

/** `0.57` → `"0.57"`, `1e-7` → `"0.0000001"`, `1.5e21` → `"1500000000000000000000"`, `-0` → `"0"`. */
export function decimalText(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  if (Object.is(n, -0)) return '0';
  const text = String(n);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const negative = text.startsWith('-');
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const [int = '', frac = ''] = mantissa.split('.');
  const digits = int + frac;
  const point = int.length + exponent;
  let body: string;
  if (point <= 0) body = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) body = digits + '0'.repeat(point - digits.length);
  else body = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? '-' : '') + body;
}
