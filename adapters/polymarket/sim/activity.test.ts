import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wallet } from 'ethers';
import { startPolymarketSim, type PolymarketSim } from './index.js';
import { limitAmounts, TestClob, TEST_KEYS } from './test-client.js';
import { Reader } from './test-ws.js';

describe('bot activity, delayed matching and resolution', () => {
  let sim: PolymarketSim;
  let a: TestClob;
  let b: TestClob;

  beforeAll(async () => {
    const wa = new Wallet(TEST_KEYS[0]);
    const wb = new Wallet(TEST_KEYS[1]);
    sim = await startPolymarketSim({
      seed: 5, markets: 60, botRatePerSecond: 0, sportsDelaySeconds: 1,
      fund: [{ address: wa.address, amount: '1000' }, { address: wb.address, amount: '1000' }],
    });
    a = new TestClob(sim.clobUrl, wa);
    b = new TestClob(sim.clobUrl, wb);
    await Promise.all([a.deriveKey(), b.deriveKey()]);
  });
  afterAll(() => sim.close());

  it('market-maker bots move a subscribed book and the stream rebuilds it exactly', async () => {
    const m = sim.markets().find((x) => !x.closed && x.secondsDelay === 0)!;
    const r = await Reader.open(`${sim.wsUrl}/ws/market`);
    r.send({ type: 'market', assets_ids: [m.yesTokenId] });
    await r.next((f) => f.startsWith('['));
    const before = sim.book(m.yesTokenId);
    sim.stepBots(300);
    expect(sim.book(m.yesTokenId)).not.toEqual(before);
    r.send('PING');
    const frames: string[] = [];
    for (;;) {
      const f = await r.next(() => true);
      if (f === 'PONG') break;
      frames.push(f);
    }
    const bids = new Map<string, string>(before.bids);
    const asks = new Map<string, string>(before.asks);
    for (const f of frames) {
      for (const ev of [JSON.parse(f)].flat()) {
        if (ev.event_type === 'book' && ev.asset_id === m.yesTokenId) {
          bids.clear();
          asks.clear();
          for (const l of ev.bids) bids.set(l.price, l.size);
          for (const l of ev.asks) asks.set(l.price, l.size);
        } else if (ev.event_type === 'price_change') {
          for (const c of ev.price_changes) {
            const side = c.side === 'BUY' ? bids : asks;
            if (c.size === '0') side.delete(c.price);
            else side.set(c.price, c.size);
          }
        }
      }
    }
    const sortDesc = [...bids].sort((x, y) => Number(y[0]) - Number(x[0]));
    const sortAsc = [...asks].sort((x, y) => Number(x[0]) - Number(y[0]));
    expect({ bids: sortDesc, asks: sortAsc }).toEqual(sim.book(m.yesTokenId));
    expect(frames.length).toBeGreaterThan(0);
    r.ws.close();
  });

  it('holds marketable orders on delayed markets (status delayed) and matches them after the delay', async () => {
    const m = sim.markets().find((x) => x.secondsDelay > 0 && x.minOrderSize === '5')!;
    expect(m).toBeDefined();
    const ask = sim.book(m.yesTokenId).asks[0]!;
    const price = Math.round(Number(ask[0]) * 1e6);
    const r = await Reader.open(`${sim.wsUrl}/ws/user`);
    r.send({ type: 'user', auth: a.creds });
    r.send('PING');
    await r.next((f) => f === 'PONG');
    const res = await a.order({ market: m, tokenId: m.yesTokenId, side: 'BUY', ...limitAmounts('BUY', price, 5_000_000) });
    expect(res.json.status).toBe('delayed');
    const trade = await r.nextJson((x) => x.event_type === 'trade' && x.status === 'MATCHED');
    expect(trade).toMatchObject({ taker_order_id: res.json.orderID, trader_side: 'TAKER', size: '5' });
    r.ws.close();
  });

  it('resolves a market: cancels orders, pays winners, announces it', async () => {
    const m = sim.markets().find((x) => !x.closed && x.secondsDelay === 0 && x.minOrderSize === '5' && x.tickSize === '0.01')!;
    const bid = Math.round(Number(sim.book(m.yesTokenId).bids[0]![0]) * 100 + 1) * 10_000;
    await a.order({ market: m, tokenId: m.yesTokenId, side: 'BUY', ...limitAmounts('BUY', bid, 10_000_000) });
    const filled = await b.order({ market: m, tokenId: m.noTokenId, side: 'BUY', ...limitAmounts('BUY', 1_000_000 - bid, 10_000_000) });
    expect(filled.json.status).toBe('matched');
    const resting = await a.order({ market: m, tokenId: m.yesTokenId, side: 'BUY', ...limitAmounts('BUY', 10_000, 5_000_000) });
    const r = await Reader.open(`${sim.wsUrl}/ws/market`);
    r.send({ type: 'market', assets_ids: [m.yesTokenId], custom_feature_enabled: true });
    await r.next((f) => f.startsWith('['));
    const before = BigInt((await a.request('GET', '/balance-allowance?asset_type=COLLATERAL')).json.balance);
    sim.resolve(m.conditionId, 'yes');
    const ev = await r.nextJson((x) => x.event_type === 'market_resolved');
    expect(ev).toMatchObject({ market: m.conditionId, winning_asset_id: m.yesTokenId, winning_outcome: 'Yes' });
    const after = BigInt((await a.request('GET', '/balance-allowance?asset_type=COLLATERAL')).json.balance);
    expect(after - before).toBe(10_000_000n);
    const order = await a.request('GET', `/data/order/${resting.json.orderID}`);
    expect(order.json.status).toBe('ORDER_STATUS_CANCELED_MARKET_RESOLVED');
    const gamma = await fetch(`${sim.gammaUrl}/markets/${m.gammaId}`).then((x) => x.json() as Promise<{ closed: boolean; outcomePrices: string }>);
    expect(gamma.closed).toBe(true);
    expect(JSON.parse(gamma.outcomePrices)).toEqual(['1', '0']);
    r.ws.close();
  });
});
