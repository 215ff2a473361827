import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wallet } from 'ethers';
import { startPolymarketSim, type PolymarketSim } from './index.js';
import { limitAmounts, TestClob, TEST_KEYS } from './test-client.js';

describe('rate limits and operating modes', () => {
  let sim: PolymarketSim;
  let client: TestClob;
  let clock = Date.UTC(2026, 8, 1, 12);
  const now = () => clock;

  beforeAll(async () => {
    const wallet = new Wallet(TEST_KEYS[0]);
    sim = await startPolymarketSim({ seed: 3, markets: 20, botRatePerSecond: 0, now, fund: [{ address: wallet.address, amount: '100' }] });
    client = new TestClob(sim.clobUrl, wallet, now);
    await client.deriveKey();
  });
  afterAll(() => sim.close());

  it('empties the per-signer order bucket (burst 60) all-or-nothing, with Poly-RateLimit headers', async () => {
    const batch = Array.from({ length: 15 }, () => ({}));
    for (let i = 0; i < 4; i++) {
      const res = await client.request('POST', '/orders', batch);
      expect(res.status).toBe(200);
      expect(res.json[0]).toMatchObject({ success: false, errorMsg: 'Invalid order payload' });
      expect(res.headers.get('Poly-RateLimit-Remaining')).toBe(String(45 - 15 * i));
    }
    const limited = await client.request('POST', '/orders', batch);
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ error: 'Too Many Requests' });
    expect(limited.headers.get('Retry-After')).toBe('1');
    expect(limited.headers.get('Poly-RateLimit-Remaining')).toBe('0');
    expect(limited.headers.get('Poly-RateLimit-Tier')).toBe('standard');
    expect(Number(limited.headers.get('Poly-RateLimit-Reset'))).toBe(Math.ceil((clock + 375) / 1000));
    // 40 tokens/s: half a second later one more batch of 15 fits.
    clock += 500;
    expect((await client.request('POST', '/orders', batch)).status).toBe(200);
    expect(sim.stats().rateLimited).toBe(1);
  });

  it('throttles an endpoint window (tick size: 200 per 10 s) with Retry-After', async () => {
    const token = sim.markets()[0]!.yesTokenId;
    let last: Response | undefined;
    for (let i = 0; i < 201; i++) last = await fetch(`${sim.clobUrl}/tick-size?token_id=${token}`);
    expect(last!.status).toBe(429);
    expect(await last!.json()).toEqual({ error: 'Too Many Requests' });
    expect(Number(last!.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    clock += 20_000;
    expect((await fetch(`${sim.clobUrl}/tick-size?token_id=${token}`)).status).toBe(200);
  });

  it('answers 425 during an engine restart, then 503 post-only mode', async () => {
    const m = sim.markets().find((x) => x.minOrderSize === '5' && !x.closed)!;
    const spec = { market: m, tokenId: m.yesTokenId, side: 'BUY' as const, ...limitAmounts('BUY', 10_000, 5_000_000) };
    sim.faults.engineRestart(90_000, 120_000);
    const during = await client.order(spec);
    expect(during.status).toBe(425);
    clock += 91_000;
    const postOnly = await client.order(spec);
    expect(postOnly.status).toBe(503);
    expect(postOnly.json).toMatchObject({ error: 'post-only mode: only post-only orders and cancels are allowed', code: 'post_only_mode' });
    expect(Number(postOnly.headers.get('Retry-After'))).toBe(postOnly.json.retry_after_seconds);
    const ok = await client.order(spec, { postOnly: true });
    expect(ok.json.status).toBe('live');
    clock += 120_000;
    expect((await client.order({ ...spec, salt: 42 })).json.status).toBe('live');
  });

  it('validates GTD expiration and expires GTD orders one minute before it', async () => {
    const m = sim.markets().find((x) => x.minOrderSize === '5' && !x.closed)!;
    const spec = { market: m, tokenId: m.yesTokenId, side: 'BUY' as const, ...limitAmounts('BUY', 10_000, 5_000_000) };
    const soon = await client.order({ ...spec, expiration: String(Math.floor(clock / 1000) + 30) }, { orderType: 'GTD' });
    expect(soon.json).toEqual({ error: 'invalid expiration' });
    const gtd = await client.order({ ...spec, salt: 7, expiration: String(Math.floor(clock / 1000) + 120) }, { orderType: 'GTD' });
    expect(gtd.json.status).toBe('live');
    clock += 61_000;
    // The next order in the market lets the engine expire the due GTD order.
    await client.order({ ...spec, salt: 8 });
    const order = await client.request('GET', `/data/order/${gtd.json.orderID}`);
    expect(order.json.status).toBe('ORDER_STATUS_CANCELED');
  });

  it('injects 429 storms and 5xx through the fault knobs', async () => {
    sim.faults.rateLimitStorm({ requests: 2 });
    expect((await fetch(`${sim.gammaUrl}/markets?limit=1`)).status).toBe(429);
    expect((await fetch(`${sim.gammaUrl}/markets?limit=1`)).status).toBe(429);
    expect((await fetch(`${sim.gammaUrl}/markets?limit=1`)).status).toBe(200);
    sim.faults.serverErrorRate = 1;
    expect((await fetch(`${sim.gammaUrl}/markets?limit=1`)).status).toBe(500);
    sim.faults.serverErrorRate = 0;
  });
});
