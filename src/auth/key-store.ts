/**
 * API keys in the cache (Redis when configured, so every instance sees the same keys):
 *
 *   auth:token:<sha256 of the token>  → the key's record (verification: one read)
 *   auth:id:<key id>                  → the digest (listing and revocation by id)
 *
 * No secret is ever stored: `create` returns the token once, and only its digest is kept.
 */
import type { Cache } from '../cache/types.js';
import type { VenueId } from '../core/ids.js';
import {
  ApiKeyRecordSchema,
  digestOf,
  newKeyId,
  newToken,
  type ApiKeyRecord,
  type KeyRateLimit,
  type Scope,
  type TradingLimits,
} from './keys.js';

const TOKEN_PREFIX = 'auth:token:';
const ID_PREFIX = 'auth:id:';

export interface CreateKeyOptions {
  scopes: Scope[];
  venues?: VenueId[] | null;
  name?: string | null;
  limits?: TradingLimits;
  rateLimit?: KeyRateLimit | null;
}

export class KeyStore {
  constructor(private readonly cache: Cache) {}

  /** Creates a key; the token is returned here and nowhere else. */
  async create(options: CreateKeyOptions, now: Date = new Date()): Promise<{ token: string; record: ApiKeyRecord }> {
    const token = newToken();
    const record = ApiKeyRecordSchema.parse({
      id: newKeyId(),
      name: options.name ?? null,
      hash: digestOf(token),
      scopes: [...new Set(options.scopes)],
      venues: options.venues && options.venues.length > 0 ? [...new Set(options.venues)] : null,
      limits: options.limits ?? {},
      rateLimit: options.rateLimit ?? null,
      createdAt: now.toISOString(),
      source: 'store',
    });
    await this.put(record);
    return { token, record };
  }

  /** Stores a record as it is (bootstrap); replaces the key with the same id. */
  async put(record: ApiKeyRecord): Promise<void> {
    const previous = await this.cache.get<string>(ID_PREFIX + record.id);
    if (previous !== undefined && previous !== record.hash) await this.cache.delete(TOKEN_PREFIX + previous);
    await this.cache.setMany([
      { key: TOKEN_PREFIX + record.hash, value: record },
      { key: ID_PREFIX + record.id, value: record.hash },
    ]);
  }

  /** The key a token belongs to, or null (unknown, revoked, or not a token at all). */
  async verify(token: string): Promise<ApiKeyRecord | null> {
    const digest = digestOf(token);
    const raw = await this.cache.get(TOKEN_PREFIX + digest);
    if (raw === undefined) return null;
    const parsed = ApiKeyRecordSchema.safeParse(raw);
    // A record that does not parse (or belongs to another digest) grants nothing.
    return parsed.success && parsed.data.hash === digest ? parsed.data : null;
  }

  async get(id: string): Promise<ApiKeyRecord | null> {
    const digest = await this.cache.get<string>(ID_PREFIX + id);
    if (digest === undefined) return null;
    const parsed = ApiKeyRecordSchema.safeParse(await this.cache.get(TOKEN_PREFIX + digest));
    return parsed.success ? parsed.data : null;
  }

  /** Every key, by id. */
  async list(): Promise<ApiKeyRecord[]> {
    const ids: string[] = [];
    for await (const batch of this.cache.scan(ID_PREFIX)) ids.push(...batch);
    const digests = await this.cache.getMany<string>(ids);
    const records = await this.cache.getMany(digests.filter((d): d is string => typeof d === 'string').map((d) => TOKEN_PREFIX + d));
    const out: ApiKeyRecord[] = [];
    for (const r of records) {
      const parsed = ApiKeyRecordSchema.safeParse(r);
      if (parsed.success) out.push(parsed.data);
    }
    return out.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  }

  /** Revokes a key at once (every instance sharing the cache); false when no key has that id. */
  async revoke(id: string): Promise<boolean> {
    const digest = await this.cache.get<string>(ID_PREFIX + id);
    if (digest === undefined) return false;
    await this.cache.delete([TOKEN_PREFIX + digest, ID_PREFIX + id]);
    return true;
  }
}
