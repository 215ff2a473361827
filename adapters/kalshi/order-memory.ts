import type { OrderIntent } from './map-order.js';

/**
 * What the adapter remembers of the orders it placed: the caller's framing (side + outcome, see
 * map-order.ts), and the market ticker (Kalshi routes cancels faster with it). Bounded: the
 * oldest entries are forgotten first; a forgotten order is framed as a buy.
 */

export interface RememberedOrder extends OrderIntent {
  ticker: string;
  clientOrderId: string;
}

export class OrderMemory {
  private readonly byOrderId = new Map<string, RememberedOrder>();
  private readonly byClientId = new Map<string, RememberedOrder>();

  constructor(private readonly maxEntries = 50_000) {}

  /** Before sending: keyed by client order id only. */
  expect(entry: RememberedOrder): void {
    this.byClientId.set(entry.clientOrderId, entry);
    this.trim(this.byClientId);
  }

  /** Once the venue's order id is known. */
  bind(orderId: string, entry: RememberedOrder): void {
    this.byOrderId.set(orderId, entry);
    this.byClientId.set(entry.clientOrderId, entry);
    this.trim(this.byOrderId);
    this.trim(this.byClientId);
  }

  /** The entry of an order id, falling back to its client order id. */
  get(orderId: string, clientOrderId?: string | null): RememberedOrder | undefined {
    return this.byOrderId.get(orderId) ?? (clientOrderId ? this.byClientId.get(clientOrderId) : undefined);
  }

  private trim(map: Map<string, RememberedOrder>): void {
    while (map.size > this.maxEntries) {
      const oldest = map.keys().next().value;
      if (oldest === undefined) return;
      map.delete(oldest);
    }
  }
}
