/**
 * The demo's example order: a market of a venue that trades, found over the service's own API
 * (`/v1/venues`, `/v1/markets`), and a resting buy at the bottom of its grid, as a curl line.
 */
import { Decimal, canonical, gridBounds, type Market } from './core/index.js';

interface VenueInfo {
  id: string;
  enabled: boolean;
  authenticated: boolean;
  capabilities: Record<string, boolean | 'emulated'> | null;
}

/** Waits until `/readyz` answers 200 (every venue synced once or failed). */
export async function waitUntilReady(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/readyz`).catch(() => null);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the service was not ready within ${timeoutMs} ms`);
}

/** The body of a small resting buy on `market`: the lowest price of its grid, its minimum size (at least 1). */
export function demoOrderBody(market: Market): Record<string, string> {
  const size = market.minOrderSize !== null && Decimal.parse(market.minOrderSize).gt('1') ? market.minOrderSize : '1';
  return { market: market.id, side: 'buy', outcome: 'yes', type: 'limit', price: canonical(gridBounds(market).low), size, timeInForce: 'gtc' };
}

export async function demoOrderCurl(url: string, token: string): Promise<string | null> {
  const venues = ((await (await fetch(`${url}/v1/venues`)).json()) as { data: VenueInfo[] }).data;
  for (const v of venues.filter((x) => x.enabled && x.authenticated && x.capabilities?.placeOrder === true)) {
    const page = (await (await fetch(`${url}/v1/markets?venue=${v.id}&status=open&limit=20`)).json()) as { data: Market[] };
    const market = page.data.find((m) => m.bestBid !== null && m.bestAsk !== null) ?? page.data[0];
    if (!market) continue;
    const body = JSON.stringify(demoOrderBody(market));
    return `curl -s -X POST ${url}/v1/orders -H 'Authorization: Bearer ${token}' -H 'Content-Type: application/json' -H 'Idempotency-Key: demo-order-1' -d '${body}'`;
  }
  return null;
}
