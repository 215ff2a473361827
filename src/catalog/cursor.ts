import { createHash } from 'node:crypto';
import { z } from 'zod';
import { VennError } from '../core/errors.js';
import type { SortKey } from './sorted-view.js';

/** A `cursor` that is not one this catalog issued for this query. The API answers 400. */
export class InvalidCursorError extends VennError {
  override name = 'InvalidCursorError';
  override readonly code = 'invalid_cursor';
}

/** The decoded form: the last row's sort key and id, and the query it belongs to. */
export interface CursorPosition {
  key: SortKey;
  id: string;
}

const CursorSchema = z.object({
  f: z.string(),
  k: z.union([z.string(), z.number(), z.null()]),
  i: z.string(),
});

/** A short, stable digest of everything that defines a result order and filter (not the limit). */
export function fingerprint(parts: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

export function encodeCursor(fp: string, position: CursorPosition): string {
  return Buffer.from(JSON.stringify({ f: fp, k: position.key, i: position.id }), 'utf8').toString('base64url');
}

/** Decodes a cursor issued for the query with fingerprint `fp`; throws `InvalidCursorError`. */
export function decodeCursor(cursor: string, fp: string): CursorPosition {
  let raw: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('cursor is not a cursor issued by this API');
  }
  const parsed = CursorSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidCursorError('cursor is not a cursor issued by this API');
  if (parsed.data.f !== fp) {
    throw new InvalidCursorError('cursor belongs to a different query (filters or sort changed); start again without it');
  }
  return { key: parsed.data.k, id: parsed.data.i };
}
