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

/** Waits until `/readyz` answers 200 and every venue's first sync is over (done or failed). */
export async function waitUntilReady(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/readyz`).catch(() => null);
    if (res?.status === 200) {
      const body = (await res.json()) as { venues: Record<string, { serving: boolean; state: string }> };
      if (Object.values(body.venues).every((v) => v.serving || v.state === 'failed')) return;
    } else {
      await res?.body?.cancel();
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the service was not ready within ${timeoutMs} ms`);
}

/**
 * The body of a small resting buy on `market`: the lowest price of its grid, for a size worth at
 * least 5 in the market's currency (above the minimum order value some venues set) and at least
 * the market's minimum size.
 */
export function demoOrderBody(market: Market): Record<string, string> {
  const price = gridBounds(market).low;
  let size = Decimal.parse('5').div(price, 0, 'up');
  if (market.minOrderSize !== null && size.lt(market.minOrderSize)) size = Decimal.parse(market.minOrderSize);
  return { market: market.id, side: 'buy', outcome: 'yes', type: 'limit', price: canonical(price), size: canonical(size), timeInForce: 'gtc' };
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
