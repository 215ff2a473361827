/**
 * Client order ids at the venue. Every order the service places carries one, so that a write whose
 * answer is lost can be found again. The venue account is shared by every API key, so the id sent
 * is namespaced by the key: `<keyId>:<clientOrderId>` for an id the client chose, and
 * `<keyId>-<tag>` for one the service made (from the idempotency key, or at random). Two keys
 * using the same `clientOrderId` therefore never collide at the venue, and a client reads back the
 * id it sent.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Order } from '../core/index.js';

export function venueClientOrderId(keyId: string, chosen: string | null, idempotencyKey: string | null): string {
  if (chosen !== null) return `${keyId}:${chosen}`;
  if (idempotencyKey !== null) return `${keyId}-${createHash('sha256').update(idempotencyKey, 'utf8').digest('base64url').slice(0, 22)}`;
  return `${keyId}-${randomBytes(16).toString('base64url').slice(0, 22)}`;
}

/** The client order id as the caller sees it: its own ids without the key prefix. */
export function presentClientOrderId(keyId: string, venueId: string | null): string | null {
  if (venueId === null) return null;
  const own = `${keyId}:`;
  return venueId.startsWith(own) ? venueId.slice(own.length) : venueId;
}

export function presentOrder<T extends Pick<Order, 'clientOrderId'>>(keyId: string, order: T): T {
  const clientOrderId = presentClientOrderId(keyId, order.clientOrderId);
  return clientOrderId === order.clientOrderId ? order : { ...order, clientOrderId };
}

/** Whether an order at the venue was placed through this key. */
export function placedByKey(keyId: string, venueId: string | null): boolean {
  return venueId !== null && (venueId.startsWith(`${keyId}:`) || venueId.startsWith(`${keyId}-`));
}
