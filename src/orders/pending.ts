/** The client's view of an order request whose outcome is not known yet. */
import type { VenueId } from '../core/index.js';
import { presentClientOrderId } from './client-order-id.js';
import type { OrderRequestRecord } from './idempotency.js';

export interface PendingOrder {
  requestId: string;
  state: 'pending';
  venue: VenueId;
  marketId: string;
  clientOrderId: string | null;
  side: 'buy' | 'sell';
  outcome: 'yes' | 'no';
  type: 'limit' | 'market';
  price: string;
  size: string;
  timeInForce: 'gtc' | 'gtd' | 'ioc' | 'fok';
  postOnly: boolean;
  expiresAt: string | null;
  submittedAt: string;
}

export function pendingView(record: OrderRequestRecord): PendingOrder {
  return {
    requestId: record.id,
    state: 'pending',
    venue: record.venue,
    marketId: record.marketId,
    clientOrderId: presentClientOrderId(record.keyId, record.venueClientOrderId),
    ...record.request,
    submittedAt: new Date(record.startedAt).toISOString(),
  };
}
