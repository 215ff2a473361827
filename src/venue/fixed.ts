/**
 * Fast exact conversion between decimal strings and integers scaled by 10^scale (JS numbers, safe
 * integer range), for hot paths such as order-book deltas where `Decimal` objects would be too
 * slow. No float arithmetic touches the digits: the value is accumulated digit by digit.
 */

export class FixedPointError extends Error {
  override name = 'FixedPointError';
}

const POW10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

function fail(text: string, why: string): never {
  throw new FixedPointError(`${why}: ${JSON.stringify(text)}`);
}

/**
 * `"0.4200"` → 420000 at scale 6. Accepts an optional leading `-` when `signed`, digits, and an
 * optional fraction (`"5"`, `".5"`, `"5."` are fine). Fraction digits beyond `scale` must be zeros
 * (`"0.4200000"` is exact; `"0.4200001"` is rejected rather than rounded).
 */
export function parseFixed(text: string, scale = 6, signed = false): number {
  const len = text.length;
  let i = 0;
  let negative = false;
  if (len > 0 && text.charCodeAt(0) === 45 /* - */) {
    if (!signed) fail(text, 'negative value not allowed');
    negative = true;
    i = 1;
  }
  let value = 0;
  let digits = 0;
  for (; i < len; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    value = value * 10 + c;
    digits++;
  }
  let frac = 0;
  let fracDigits = 0;
  if (i < len && text.charCodeAt(i) === 46 /* . */) {
    i++;
    for (; i < len; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) fail(text, 'not a decimal number');
      digits++;
      if (fracDigits < scale) {
        frac = frac * 10 + c;
        fracDigits++;
      } else if (c !== 0) {
        fail(text, `more than ${scale} decimal places`);
      }
    }
  }
  if (i !== len || digits === 0) fail(text, 'not a decimal number');
  const scaled = value * (POW10[scale] ?? 10 ** scale) + frac * (POW10[scale - fracDigits] ?? 10 ** (scale - fracDigits));
  if (!Number.isSafeInteger(scaled)) fail(text, 'value too large');
  return negative ? -scaled : scaled;
}

/**
 * 420000 at scale 6 → `"0.42"` with `minDecimals` 2, `"0.4200"` with 4: trailing zeros are trimmed
 * down to `minDecimals` but never below what the value needs, so no precision is lost.
 */
export function formatFixed(units: number, scale = 6, minDecimals = 0): string {
  const negative = units < 0;
  const abs = negative ? -units : units;
  const factor = POW10[scale] ?? 10 ** scale;
  let int = Math.floor(abs / factor);
  let frac = abs - int * factor;
  // The float quotient may round across an integer near 2^53; correct it exactly.
  if (frac < 0) {
    int -= 1;
    frac += factor;
  } else if (frac >= factor) {
    int += 1;
    frac -= factor;
  }
  let places = scale;
  while (places > minDecimals && frac % 10 === 0) {
    frac /= 10;
    places--;
  }
  const sign = negative ? '-' : '';
  if (places === 0) return `${sign}${int}`;
  return `${sign}${int}.${String(frac).padStart(places, '0')}`;
}
