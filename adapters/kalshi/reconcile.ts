import type { Logger } from 'pino';
import type { KalshiClient } from './client.js';
import type { WireOrder } from './wire-portfolio.js';

/**
 * Finding an order by client order id after its create response was lost. Kalshi has no lookup by
 * client order id, so the orders of the market since just before the write are listed and
 * matched. The write may still be in flight at the venue when the response is lost (a slow
 * venue, a cut connection), so the lookup is repeated with growing pauses until `windowMs`.
 */

export interface ReconcileOptions {
  windowMs: number;
  sleep: (ms: number) => Promise<void>;
  logger?: Logger;
}

export async function findOrderByClientId(
  client: KalshiClient,
  ticker: string,
  clientOrderId: string,
  sentAtMs: number,
  options: ReconcileOptions,
): Promise<WireOrder | null> {
  const deadline = Date.now() + options.windowMs;
  // Seconds, with a minute of slack for clock differences between us and the venue.
  const minTs = Math.max(0, Math.floor(sentAtMs / 1000) - 60);
  let pause = 100;
  for (let attempt = 0; ; attempt++) {
    const found = await scan(client, ticker, clientOrderId, minTs);
    if (found) {
      options.logger?.info({ venue: 'kalshi', ticker, attempt }, 'order reconciled by client order id');
      return found;
    }
    if (Date.now() + pause > deadline) return null;
    await options.sleep(pause);
    pause = Math.min(pause * 2, 2_000);
  }
}

async function scan(client: KalshiClient, ticker: string, clientOrderId: string, minTs: number): Promise<WireOrder | null> {
  let cursor: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const page = await client.getOrders({ ticker, min_ts: minTs, limit: 1000, cursor });
    const hit = page.orders.find((o) => o.client_order_id === clientOrderId);
    if (hit) return hit;
    if (!page.cursor) return null;
    cursor = page.cursor;
  }
  return null;
}
