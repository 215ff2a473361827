/**
 * The shared adapter contract: the same assertions against every adapter wired to its simulator,
 * and against the in-memory test double. The sections:
 * - reads (adapter-contract-reads.ts): capabilities, listings, markets, events, books, trades,
 *   unknown ids, incremental sync — every market, event, book and trade canonical;
 * - stream (adapter-contract-stream.ts): a snapshot, then at least one delta and one trade;
 * - trading (adapter-contract-trading.ts): resting orders, amendment, a crossing order's fills
 *   and position, balances — or, without credentials, refused writes;
 * - faults (adapter-contract-faults.ts): 429 and 5xx on reads, lost responses on order writes.
 *
 * `shape` says which sections apply, so that none of them passes by doing nothing: the context
 * built by `setup` must match it (`trading` and `faults` present exactly when declared).
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { Market } from '../../src/core/index.js';
import { faultCases } from './adapter-contract-faults.js';
import { readCases } from './adapter-contract-reads.js';
import { streamCases } from './adapter-contract-stream.js';
import { noTradingCases, tradingCases } from './adapter-contract-trading.js';
import { firstPages, type AdapterContractContext, type ContractRun } from './contract-util.js';

export type { AdapterContractContext, ContractFaults, ContractTrading } from './contract-util.js';

export interface ContractShape {
  /** The context has funded credentials (`trading`). */
  trading: boolean;
  /** The venue injects transport faults (`faults`); the order-write cases run when `trading` too. */
  faults: boolean;
}

export function describeAdapterContract(name: string, shape: ContractShape, setup: () => Promise<AdapterContractContext>): void {
  describe(`${name}: VenueAdapter contract`, () => {
    let state: ContractRun | undefined;
    const run = (): ContractRun => {
      if (!state) throw new Error('the contract context was not set up');
      return state;
    };

    beforeAll(async () => {
      const ctx = await setup();
      expect(Boolean(ctx.trading), 'the context has trading credentials exactly when declared').toBe(shape.trading);
      expect(Boolean(ctx.faults), 'the context has a fault handle exactly when declared').toBe(shape.faults);
      const adapter = ctx.adapter;
      state = { ctx, adapter, open: [] };
      const pages = await firstPages(adapter.listMarkets({ status: ['open'], pageSize: 20 }), 3);
      let open = pages.flatMap((p) => p.items).filter((m) => m.status === 'open');
      // Put a market with a two-sided book first, so book and stream checks see real data. It is
      // not the trading market: the stream case makes it trade, which must not move that one.
      for (let i = 0; i < Math.min(open.length, 10); i++) {
        const m = open[i] as Market;
        if (m.nativeId === ctx.trading?.marketNativeId) continue;
        const b = await adapter.getOrderBook(m.nativeId);
        if (b.bids.length > 0 && b.asks.length > 0) {
          open = [m, ...open.filter((x) => x !== m)];
          break;
        }
      }
      state.open = open;
    });

    afterAll(async () => {
      await state?.ctx.teardown();
    });

    readCases(run);
    streamCases(run);
    if (shape.trading) tradingCases(run);
    else noTradingCases(run);
    if (shape.faults) describe('under injected faults', () => faultCases(run, { writes: shape.trading }));
  });
}
