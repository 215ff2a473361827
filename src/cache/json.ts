/**
 * A value already encoded as JSON text (a compact catalog market): written as it is instead of
 * being serialised again. Anything that serialises it otherwise gets the value it encodes.
 */
export class JsonText {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/** Values are stored as JSON text in every backend, so all of them round-trip the same way. */
export function encodeValue(value: unknown): string {
  if (value instanceof JsonText) return value.text;
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
