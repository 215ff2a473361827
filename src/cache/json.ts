/** Values are stored as JSON text in every backend, so all of them round-trip the same way. */
export function encodeValue(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`cache values must be JSON-serialisable, got ${typeof value}`);
  return text;
}

export function decodeValue<T>(text: string | null | undefined): T | undefined {
  if (text === null || text === undefined) return undefined;
  return JSON.parse(text) as T;
}

/** Escapes Redis glob metacharacters so a literal prefix can be used in `SCAN MATCH`. */
export function escapeGlob(literal: string): string {
  return literal.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
