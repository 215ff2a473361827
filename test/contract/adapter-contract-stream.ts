/** Adapter contract: the venue stream delivers a snapshot, then deltas and trades, all canonical. */
import { expect, it, vi } from 'vitest';
import { MissingCredentials, NotSupported, type Market } from '../../src/core/index.js';
import type { StreamEvent } from '../../src/venue/adapter.js';
import { canUse } from '../../src/venue/define-adapter.js';
import { LocalBook } from '../../src/venue/local-book.js';
import { expectCanonicalBook, expectCanonicalChanges, expectCanonicalTicker, expectCanonicalTrade } from './canonical.js';
import { failureOf, type ContractRun } from './contract-util.js';

/** How long the stream may take to show a snapshot, and then deltas and trades. */
const SNAPSHOT_WITHIN_MS = 10_000;
const ACTIVITY_WITHIN_MS = 15_000;

export function streamCases(run: () => ContractRun): void {
  it('streams a snapshot first, then deltas and trades: increasing seq, never crossed, canonical', { timeout: 45_000 }, async () => {
    const { adapter, open, ctx } = run();
    const market = open[0] as Market;
    if (adapter.has.stream === false) {
      expect(await failureOf(() => adapter.stream(), adapter.venue)).toBeInstanceOf(NotSupported);
      return;
    }
    if (!canUse(adapter, 'stream')) {
      // The venue streams only to authenticated clients.
      expect(await failureOf(() => adapter.stream(), adapter.venue)).toBeInstanceOf(MissingCredentials);
      return;
    }
    const stream = adapter.stream();
    const bookEvents: StreamEvent[] = [];
    const others: StreamEvent[] = [];
    const off = stream.onEvent((e) => {
      if ((e.type === 'snapshot' && e.book.marketId === market.id) || (e.type === 'delta' && e.marketId === market.id)) bookEvents.push(e);
      else if ((e.type === 'trade' && e.trade.marketId === market.id) || (e.type === 'ticker' && e.ticker.marketId === market.id)) others.push(e);
    });
    try {
      await stream.subscribe([market.id], ['book', 'trades']);
      await vi.waitFor(() => expect(bookEvents[0]?.type, `a snapshot of ${market.id} arrives first`).toBe('snapshot'), {
        timeout: SNAPSHOT_WITHIN_MS,
        interval: 50,
      });
      await vi.waitFor(
        () => {
          ctx.activity?.(market.nativeId);
          expect(bookEvents.filter((e) => e.type === 'delta').length, `a delta of ${market.id} arrives`).toBeGreaterThan(0);
          expect(others.filter((e) => e.type === 'trade').length, `a trade on ${market.id} arrives`).toBeGreaterThan(0);
        },
        { timeout: ACTIVITY_WITHIN_MS, interval: 200 },
      );
      // A venue may refine a market's grid while it trades (Polymarket moves to 0.001 near the
      // extremes): every price streamed so far lies on the grid the market has now.
      const grid = await adapter.getMarket(market.nativeId);
      const local = new LocalBook(market.id, market.venue);
      let lastSeq = -Infinity;
      for (const e of [...bookEvents]) {
        if (e.type === 'snapshot') {
          expectCanonicalBook(e.book, grid);
          local.applySnapshot(e.book.bids, e.book.asks, e.book.seq);
          lastSeq = e.book.seq ?? -Infinity;
        } else if (e.type === 'delta') {
          expect(e.seq, 'delta seq increases').toBeGreaterThan(lastSeq);
          lastSeq = e.seq;
          expectCanonicalChanges(e.changes, grid);
          for (const c of e.changes) local.set(c.side, c.price, c.size);
          expect(local.isCrossed(), `book crossed after seq ${e.seq}`).toBe(false);
        }
      }
      for (const e of [...others]) {
        if (e.type === 'trade') expectCanonicalTrade(e.trade, grid);
        else if (e.type === 'ticker') expectCanonicalTicker(e.ticker, grid);
      }
    } finally {
      off();
      await stream.close();
    }
  });
}
