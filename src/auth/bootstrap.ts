/**
 * Keys declared outside the store, loaded into it at startup:
 * - `API_KEYS`: entries `<token>:<scope>[+<scope>…][:<venue>[,<venue>…]]`, separated by spaces,
 *   newlines or `;` (the tokens are the operator's; only their digests are kept);
 * - `API_KEYS_FILE`: a JSON file `{ "keys": [record…] }` of hashed records, as written by
 *   `npm run keys -- create --file <path>`.
 * Bootstrapped keys that are no longer declared are removed from the store on the next start.
 */
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { isVenueId, type VenueId } from '../core/ids.js';
import type { KeyStore } from './key-store.js';
import { ApiKeyRecordSchema, ScopeSchema, TOKEN_RE, derivedKeyId, digestOf, type ApiKeyRecord, type Scope } from './keys.js';

export class KeyDeclarationError extends Error {
  override name = 'KeyDeclarationError';
}

/**
 * Parses `API_KEYS` into hashed records. Messages name the entry by position, never echo a token.
 */
export function parseKeyEntries(text: string, now: Date = new Date()): ApiKeyRecord[] {
  const entries = text.split(/[\s;]+/).filter((e) => e !== '');
  const out: ApiKeyRecord[] = [];
  entries.forEach((entry, i) => {
    const where = `entry ${i + 1}`;
    const [token, scopeText, venueText, ...rest] = entry.split(':');
    if (rest.length > 0 || token === undefined || scopeText === undefined) {
      throw new KeyDeclarationError(`${where}: must look like <token>:<scope>[+<scope>][:<venue>,<venue>]`);
    }
    if (!TOKEN_RE.test(token)) throw new KeyDeclarationError(`${where}: the token must be 24 to 256 characters of letters, digits and _-.~+/=`);
    const scopes: Scope[] = [];
    for (const s of scopeText.split('+')) {
      const parsed = ScopeSchema.safeParse(s);
      if (!parsed.success) throw new KeyDeclarationError(`${where}: unknown scope "${s.slice(0, 20)}" (known: ${ScopeSchema.options.join(', ')})`);
      if (!scopes.includes(parsed.data)) scopes.push(parsed.data);
    }
    let venues: VenueId[] | null = null;
    if (venueText !== undefined && venueText !== '') {
      venues = [];
      for (const v of venueText.split(',')) {
        if (!isVenueId(v)) throw new KeyDeclarationError(`${where}: unknown venue "${v.slice(0, 20)}"`);
        if (!venues.includes(v)) venues.push(v);
      }
    }
    const id = derivedKeyId(token);
    if (out.some((r) => r.id === id)) throw new KeyDeclarationError(`${where}: the same token is declared twice`);
    out.push(
      ApiKeyRecordSchema.parse({ id, name: null, hash: digestOf(token), scopes, venues, limits: {}, rateLimit: null, createdAt: now.toISOString(), source: 'env' }),
    );
  });
  return out;
}

const KeyFileSchema = z.object({ keys: z.array(ApiKeyRecordSchema) });

/** The records of a key file (empty when the file does not exist yet). */
export function readKeyFile(path: string): ApiKeyRecord[] {
  if (!existsSync(path)) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new KeyDeclarationError(`${path}: not a JSON key file (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = KeyFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KeyDeclarationError(`${path}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`);
  }
  return parsed.data.keys.map((k) => ({ ...k, source: 'file' as const }));
}

/** Writes a key file atomically, readable by its owner only (it holds digests, not secrets). */
export function writeKeyFile(path: string, records: readonly ApiKeyRecord[]): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ keys: records.map((r) => ({ ...r, source: 'file' })) }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

export interface BootstrapSources {
  /** Records parsed from `API_KEYS`. */
  env: readonly ApiKeyRecord[];
  /** `API_KEYS_FILE`, when set. */
  file: string | null;
}

/** Loads the declared keys into the store and drops bootstrapped keys no longer declared. */
export async function bootstrapKeys(store: KeyStore, sources: BootstrapSources): Promise<{ loaded: number; removed: number }> {
  const declared = [...sources.env, ...(sources.file ? readKeyFile(sources.file) : [])];
  const ids = new Set<string>();
  for (const r of declared) {
    if (ids.has(r.id)) throw new KeyDeclarationError(`key ${r.id} is declared twice`);
    ids.add(r.id);
  }
  for (const r of declared) await store.put(r);
  let removed = 0;
  for (const existing of await store.list()) {
    if (existing.source !== 'store' && !ids.has(existing.id)) {
      await store.revoke(existing.id);
      removed += 1;
    }
  }
  return { loaded: declared.length, removed };
}
