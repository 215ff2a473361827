import { describe, expect, it } from 'vitest';
import { syntheticMarkets } from '../../test/support/synthetic-catalog.js';
import { MarketTable } from './market-table.js';
import type { CatalogSort } from './types.js';

const SORTS: CatalogSort[] = ['volume', 'closeTime', 'newest'];

/** The slots of a view in its order. */
function walk(table: MarketTable, sort: CatalogSort): number[] {
  const out: number[] = [];
  table.views[sort].walk({ chunk: 0, index: 0 }, (s) => out.push(s) > 0);
  return out;
}

/** A table of the first `n` synthetic markets, their places in the views pending. */
function tableOf(n: number): MarketTable {
  const table = new MarketTable(false);
  for (const m of syntheticMarkets(0, n)) table.put(m, null);
  return table;
}

describe('MarketTable views', () => {
  it('merges at most one view per batch: the views due at once are merged by the batches after', () => {
    // 5,000 new markets in one batch: every view is due (at 4,096 pending while the list is shorter).
    const table = tableOf(5_000);
    const unplaced = () => SORTS.map((s) => table.views[s].unplaced);
    expect(unplaced()).toEqual([5_000, 5_000, 5_000]);
    table.mergeDue();
    expect(unplaced().filter((n) => n === 0)).toHaveLength(1);
    table.mergeDue();
    expect(unplaced().filter((n) => n === 0)).toHaveLength(2);
    table.mergeDue();
    expect(unplaced()).toEqual([0, 0, 0]);
    // None due: nothing merged.
    for (const m of syntheticMarkets(5_000, 5_010)) table.put(m, null);
    table.mergeDue();
    expect(unplaced()).toEqual([10, 10, 10]);
  });

  it('settles one view at a time, into the order of a table settled all at once', () => {
    const table = tableOf(3_000);
    const whole = tableOf(3_000);
    whole.settle();
    const settled = () => SORTS.filter((s) => table.views[s].unplaced === 0).length;
    expect(settled()).toBe(0);
    expect(table.settleOne()).toBe(true);
    expect(settled()).toBe(1);
    expect(table.settleOne()).toBe(true);
    expect(table.settleOne()).toBe(true);
    expect(settled()).toBe(3);
    expect(table.settleOne()).toBe(false);
    for (const s of SORTS) expect(walk(table, s)).toEqual(walk(whole, s));
  });
});
