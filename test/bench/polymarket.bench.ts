import { Wallet } from 'ethers';
import { createPolymarketAdapter } from '../../adapters/polymarket/index.js';
import { limitOrderAmounts } from '../../adapters/polymarket/order-amounts.js';
import { ORDER_TYPES, OrderSigner, POLYGON_CONTRACTS, buildOrder, exchangeDomain } from '../../adapters/polymarket/order-build.js';
import { startPolymarketSim } from '../../adapters/polymarket/sim/index.js';
import type { BenchContext, BenchRecord, Benchmark } from './types.js';

/**
 * Polymarket adapter benchmarks.
 *
 * polymarket-catalog-sync: a full Gamma catalog sync of 20,000 simulated markets (keyset pages of
 * 100) plus the events listing, followed by two refresh passes, against the simulator with its
 * Cloudflare windows enforced. The `/markets` window (300 requests / 10 s = 30 requests/s) binds
 * after the initial burst; the figure is the steady request rate achieved on `/markets/keyset`
 * (requests after the burst over their duration) as a share of that window's rate, and the number
 * of 429s (target 0: the client-side limiter must keep us under the venue's limits).
 *
 * polymarket-order-signing: signed orders per second on one core (amounts from price/size, the
 * V2 EIP-712 struct, hash, secp256k1 signature), against plain `wallet.signMessage` on the same
 * machine (EIP-191 hash + the same signature).
 */

const CATALOG_MARKETS = 20_000;
const PAGE = 100;
const PASSES = 3;
/** Gamma `/markets` Cloudflare window (§8.1): 300 requests per 10 s, i.e. 30 requests/s sustained. */
const MARKETS_WINDOW = { limit: 300, windowMs: 10_000 };
const WINDOW_RATE = (MARKETS_WINDOW.limit * 1000) / MARKETS_WINDOW.windowMs;

async function runCatalogSync(ctx: BenchContext): Promise<BenchRecord[]> {
  const sim = await startPolymarketSim({ seed: 9, markets: CATALOG_MARKETS, botRatePerSecond: 0, enforceRateLimits: true });
  const adapter = createPolymarketAdapter({ gammaUrl: sim.gammaUrl, clobUrl: sim.clobUrl, dataUrl: sim.dataUrl });
  try {
    const t0 = performance.now();
    let marketRequests = 0;
    const done: number[] = [];
    let firstPassS = 0;
    let firstPassMarkets = 0;
    for (let pass = 1; pass <= PASSES; pass++) {
      const ids = new Set<string>();
      for await (const page of adapter.listMarkets({ pageSize: PAGE })) {
        for (const m of page.items) ids.add(m.id);
        marketRequests += 1;
        done.push(performance.now());
        if (marketRequests % 50 === 0) ctx.log(`pass ${pass}: ${ids.size} markets, ${marketRequests} /markets/keyset requests, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
      if (pass === 1) {
        firstPassS = (performance.now() - t0) / 1000;
        firstPassMarkets = ids.size;
        let events = 0;
        for await (const page of adapter.listEvents({ pageSize: PAGE })) events += page.items.length;
        ctx.log(`full sync: ${ids.size} markets in ${firstPassS.toFixed(1)} s, then ${events} events`);
      }
      if (ids.size < CATALOG_MARKETS * 0.9) throw new Error(`pass ${pass} walked only ${ids.size} markets`);
    }
    const elapsedMs = performance.now() - t0;
    // Requests served from the initial burst are excluded from the steady-state rate.
    const burst = Math.floor(MARKETS_WINDOW.limit * 0.1);
    const from = done[burst - 1] as number;
    const to = done[done.length - 1] as number;
    const steady = ((done.length - burst) / (to - from)) * 1000;
    const fraction = steady / WINDOW_RATE;
    const http = adapter.httpStats().gamma;
    const server = sim.stats();
    ctx.log(
      `${marketRequests} /markets/keyset requests in ${(elapsedMs / 1000).toFixed(1)} s; steady ${steady.toFixed(1)} req/s of ${WINDOW_RATE} allowed; ` +
        `429s client ${http.rateLimited}, server ${server.rateLimited}`,
    );
    return [
      {
        name: 'full sync throughput (first pass)',
        value: firstPassMarkets / firstPassS,
        unit: 'markets/s',
        baseline: null,
        ratio: null,
        target: '-',
        pass: null,
      },
      {
        name: 'steady /markets/keyset rate, share of the 300/10 s window',
        value: fraction,
        unit: 'fraction',
        baseline: null,
        ratio: null,
        target: '≥ 0.8 (limiter aims at 0.85)',
        pass: fraction >= 0.8,
      },
      {
        name: '429 responses',
        value: Math.max(http.rateLimited, server.rateLimited),
        unit: 'count',
        baseline: null,
        ratio: null,
        target: '= 0',
        pass: http.rateLimited === 0 && server.rateLimited === 0,
      },
    ];
  } finally {
    await adapter.close();
    await sim.close();
  }
}

const SIGN_N = 3_000;
const TOKEN = '71321045679252212594626385532706912750332728571942532289631379312455583992563';

async function runOrderSigning(ctx: BenchContext): Promise<BenchRecord[]> {
  const wallet = Wallet.createRandom();
  const signer = new OrderSigner(wallet);
  const domain = exchangeDomain({ negRisk: false, protocolVersion: 'v1' }, 137, POLYGON_CONTRACTS);
  const build = (i: number) => {
    const a = limitOrderAmounts(i % 2 === 0 ? 'BUY' : 'SELL', `0.${10 + (i % 80)}`, `${5 + (i % 50)}.25`, '0.01');
    return buildOrder({ tokenId: TOKEN, side: a.side, makerAmount: a.makerAmount, takerAmount: a.takerAmount, signer: wallet.address, salt: i + 1, timestampMs: 1_700_000_000_000 + i });
  };
  // Warm up the JIT and the caches of both paths.
  for (let i = 0; i < 200; i++) signer.sign(build(i), domain);
  for (let i = 0; i < 200; i++) await wallet.signMessage(`warm ${i}`);

  let t = performance.now();
  let check = 0;
  for (let i = 0; i < SIGN_N; i++) check += signer.sign(build(i), domain).signature.length;
  const ordersPerS = (SIGN_N / (performance.now() - t)) * 1000;

  t = performance.now();
  for (let i = 0; i < SIGN_N; i++) check += (await wallet.signMessage(`order ${i}`)).length;
  const messagesPerS = (SIGN_N / (performance.now() - t)) * 1000;

  const typedN = Math.floor(SIGN_N / 3);
  t = performance.now();
  for (let i = 0; i < typedN; i++) {
    const o = build(i);
    const value = { ...o, salt: BigInt(o.salt), tokenId: BigInt(o.tokenId), makerAmount: BigInt(o.makerAmount), takerAmount: BigInt(o.takerAmount), side: o.side === 'BUY' ? 0 : 1, timestamp: BigInt(o.timestamp) };
    check += (await wallet.signTypedData(domain, ORDER_TYPES, value)).length;
  }
  const typedPerS = (typedN / (performance.now() - t)) * 1000;
  if (check === 0) throw new Error('nothing signed');
  ctx.log(`order build+sign ${ordersPerS.toFixed(0)}/s; wallet.signMessage ${messagesPerS.toFixed(0)}/s; ethers signTypedData ${typedPerS.toFixed(0)}/s`);
  return [
    {
      name: 'signed V2 orders (amounts + EIP-712 + secp256k1)',
      value: ordersPerS,
      unit: 'orders/s',
      baseline: messagesPerS,
      ratio: ordersPerS / messagesPerS,
      target: '≥ 0.5 × signMessage',
      pass: ordersPerS >= 0.5 * messagesPerS,
    },
    {
      name: 'ethers wallet.signTypedData, uncached (reference)',
      value: typedPerS,
      unit: 'orders/s',
      baseline: messagesPerS,
      ratio: typedPerS / messagesPerS,
      target: '-',
      pass: null,
    },
  ];
}

export const benchmarks: Benchmark[] = [
  {
    name: 'polymarket-catalog-sync',
    description: `full Gamma catalog sync of ${CATALOG_MARKETS} simulated markets (+ ${PASSES - 1} refresh passes) under the simulator's rate limits`,
    run: runCatalogSync,
  },
  {
    name: 'polymarket-order-signing',
    description: 'V2 order build + EIP-712 sign per second on one core vs plain wallet.signMessage',
    run: runOrderSigning,
  },
];
