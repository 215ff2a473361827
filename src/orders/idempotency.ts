/**
 * Order requests in the cache, one per idempotency key and API key (shared by every instance when
 * the cache is Redis). A request is claimed atomically (`setIfAbsent`) before anything is sent, so
 * of many concurrent requests with the same key exactly one reaches the venue; the others wait for
 * its outcome or find it recorded.
 *
 *   orders:request:<keyId>:<request id>  → OrderRequestRecord
 *
 * The request id is a digest of the idempotency key (the `Idempotency-Key` header, else the
 * `clientOrderId`, else a random one), so it can appear in URLs without revealing the key.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Cache } from '../cache/types.js';
import { OrderSchema, VenueIdSchema } from '../core/index.js';
import type { OrderIntent } from './order-request.js';

/** How long a request is remembered (retries with the same key within it return the same order). */
export const REQUEST_TTL_MS = 24 * 3_600_000;

const PREFIX = 'orders:request:';

export const RequestStateSchema = z.enum([
  /** Claimed; the venue write is being made (or the instance making it died). */
  'in_flight',
  /** The venue holds the order. */
  'placed',
  /** The write's outcome is unknown and has not been reconciled yet. */
  'unknown',
]);
export type RequestState = z.infer<typeof RequestStateSchema>;

export const OrderRequestRecordSchema = z.object({
  id: z.string(),
  keyId: z.string(),
  state: RequestStateSchema,
  /** Digest of the normalized request: the same key with another request is a conflict. */
  fingerprint: z.string(),
  venue: VenueIdSchema,
  marketId: z.string(),
  /** The client order id sent to the venue. */
  venueClientOrderId: z.string(),
  request: z.object({
    side: z.enum(['buy', 'sell']),
    outcome: z.enum(['yes', 'no']),
    type: z.enum(['limit', 'market']),
    price: z.string(),
    size: z.string(),
    timeInForce: z.enum(['gtc', 'gtd', 'ioc', 'fok']),
    postOnly: z.boolean(),
    expiresAt: z.string().nullable(),
  }),
  /** When the write was started (epoch ms). */
  startedAt: z.number(),
  updatedAt: z.number(),
  order: OrderSchema.nullable(),
});
export type OrderRequestRecord = z.infer<typeof OrderRequestRecordSchema>;

export function requestIdOf(idempotencyKey: string | null): string {
  if (idempotencyKey === null) return randomBytes(16).toString('hex');
  return createHash('sha256').update(`venn-order-request:${idempotencyKey}`, 'utf8').digest('hex').slice(0, 32);
}

/** The fingerprint of what the client asked for (decimals normalized, defaults applied). */
export function fingerprintOf(intent: OrderIntent): string {
  const canonicalRequest = [
    intent.marketId,
    intent.side,
    intent.outcome,
    intent.type,
    intent.price,
    intent.size,
    intent.timeInForce,
    intent.expiresAt,
    intent.postOnly,
    intent.clientOrderId,
  ];
  return createHash('sha256').update(JSON.stringify(canonicalRequest), 'utf8').digest('hex');
}

export class OrderRequests {
  constructor(
    private readonly cache: Cache,
    private readonly ttlMs = REQUEST_TTL_MS,
  ) {}

  private key(keyId: string, id: string): string {
    return `${PREFIX}${keyId}:${id}`;
  }

  /** Claims the request; false when a request with this id already exists. */
  claim(record: OrderRequestRecord): Promise<boolean> {
    return this.cache.setIfAbsent(this.key(record.keyId, record.id), record, { ttlMs: this.ttlMs });
  }

  async get(keyId: string, id: string): Promise<OrderRequestRecord | null> {
    const raw = await this.cache.get(this.key(keyId, id));
    if (raw === undefined) return null;
    const parsed = OrderRequestRecordSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`order request ${id} is not a valid record: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  }

  /** Records a new state (only the claimant, or a reconciliation that found the order, writes). */
  async update(record: OrderRequestRecord): Promise<void> {
    const remaining = Math.max(1, record.startedAt + this.ttlMs - record.updatedAt);
    await this.cache.set(this.key(record.keyId, record.id), record, { ttlMs: remaining });
  }

  /** Forgets a request that certainly left nothing at the venue, so that it may be retried. */
  async release(keyId: string, id: string): Promise<void> {
    await this.cache.delete(this.key(keyId, id));
  }
}
