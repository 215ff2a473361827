import { describe, expect, it } from 'vitest';
import { BinaryBook, type NewOrder, type LevelChange, type SubmitResult } from './engine.js';

const C = 1_000_000; // one contract
const P = (cents: number) => cents * 10_000;
let n = 0;
function order(p: Partial<NewOrder> & Pick<NewOrder, 'side' | 'price' | 'size'>): NewOrder {
  return { id: `o${++n}`, owner: 'alice', outcome: 'yes', tif: 'gtc', ...p };
}

function makeBook() {
  let now = 1_000;
  const book = new BinaryBook('M', { now: () => now });
  return { book, advance: (ms: number) => (now += ms), at: () => now };
}

describe('BinaryBook', () => {
  it('maps both outcomes onto one YES book', () => {
    const { book } = makeBook();
    book.submit(order({ side: 'buy', price: P(40), size: 5 * C }));
    book.submit(order({ side: 'sell', price: P(60), size: 6 * C }));
    book.submit(order({ side: 'buy', outcome: 'no', price: P(35), size: 7 * C })); // YES ask 0.65
    book.submit(order({ side: 'sell', outcome: 'no', price: P(62), size: 8 * C })); // YES bid 0.38
    expect(book.levels()).toEqual({
      bids: [[P(40), 5 * C], [P(38), 8 * C]],
      asks: [[P(60), 6 * C], [P(65), 7 * C]],
    });
  });

  it('matches by price then time at the maker price', () => {
    const { book, advance } = makeBook();
    const a = book.submit(order({ owner: 'm1', side: 'sell', price: P(55), size: 3 * C })).order;
    advance(1);
    const b = book.submit(order({ owner: 'm2', side: 'sell', price: P(55), size: 3 * C })).order;
    const c = book.submit(order({ owner: 'm3', side: 'sell', price: P(54), size: 1 * C })).order;
    const r = book.submit(order({ owner: 't', side: 'buy', price: P(56), size: 5 * C }));
    expect(r.fills.map((f) => [f.maker.id, f.price, f.size])).toEqual([
      [c.id, P(54), 1 * C],
      [a.id, P(55), 3 * C],
      [b.id, P(55), 1 * C],
    ]);
    expect(r.order.status).toBe('filled');
    expect(a.status).toBe('filled');
    expect(b.remaining).toBe(2 * C);
    expect(book.levels().asks).toEqual([[P(55), 2 * C]]);
    expect(r.changes.every((ch) => ch.side === 'ask' && ch.delta < 0)).toBe(true);
  });

  it('a NO buyer trades with a YES buyer at the complement', () => {
    const { book } = makeBook();
    book.submit(order({ owner: 'y', side: 'buy', price: P(40), size: 2 * C }));
    const r = book.submit(order({ owner: 'n', side: 'buy', outcome: 'no', price: P(60), size: 2 * C, tif: 'ioc' }));
    expect(r.fills).toHaveLength(1);
    expect(r.fills[0]?.price).toBe(P(40));
    expect(book.levels().bids).toEqual([]);
  });

  it('IOC rests nothing; FOK is all-or-nothing without touching the book', () => {
    const { book } = makeBook();
    book.submit(order({ owner: 'm', side: 'sell', price: P(50), size: 2 * C }));
    const ioc = book.submit(order({ owner: 't', side: 'buy', price: P(50), size: 5 * C, tif: 'ioc' }));
    expect(ioc.order.filled).toBe(2 * C);
    expect(ioc.order.status).toBe('canceled');
    expect(book.levels()).toEqual({ bids: [], asks: [] });

    book.submit(order({ owner: 'm', side: 'sell', price: P(50), size: 2 * C }));
    const fok = book.submit(order({ owner: 't', side: 'buy', price: P(50), size: 3 * C, tif: 'fok' }));
    expect(fok.rejected).toBe('fok_unfillable');
    expect(fok.fills).toEqual([]);
    expect(book.levels().asks).toEqual([[P(50), 2 * C]]);
    const fok2 = book.submit(order({ owner: 't', side: 'buy', price: P(50), size: 2 * C, tif: 'fok' }));
    expect(fok2.order.status).toBe('filled');
  });

  it('rejects crossing post-only orders and rests non-crossing ones', () => {
    const { book } = makeBook();
    book.submit(order({ owner: 'm', side: 'sell', price: P(50), size: C }));
    const cross = book.submit(order({ owner: 't', side: 'buy', price: P(50), size: C, postOnly: true }));
    expect(cross.rejected).toBe('post_only_cross');
    expect(cross.order.status).toBe('canceled');
    expect(book.levels().bids).toEqual([]);
    const ok = book.submit(order({ owner: 't', side: 'buy', price: P(49), size: C, postOnly: true }));
    expect(ok.order.status).toBe('open');
    expect(ok.changes).toEqual([{ side: 'bid', price: P(49), size: C, delta: C, orderId: ok.order.id, reason: 'place' }]);
  });

  it('self-trade prevention: cancel_taker keeps fills so far, cancel_maker removes the resting order', () => {
    const { book } = makeBook();
    book.submit(order({ owner: 'x', side: 'sell', price: P(50), size: C }));
    const own = book.submit(order({ owner: 'me', side: 'sell', price: P(51), size: C })).order;
    const t = book.submit(order({ owner: 'me', side: 'buy', price: P(52), size: 3 * C }));
    expect(t.order.filled).toBe(C);
    expect(t.order.status).toBe('canceled');
    expect(t.order.cancelReason).toBe('self_trade');
    expect(t.rejected).toBeUndefined();
    expect(own.status).toBe('open');

    const rej = book.submit(order({ owner: 'me', side: 'buy', price: P(52), size: C }));
    expect(rej.rejected).toBe('self_trade');

    book.submit(order({ owner: 'x', side: 'sell', price: P(53), size: C }));
    const m = book.submit(order({ owner: 'me', side: 'buy', price: P(53), size: 2 * C, stp: 'cancel_maker' }));
    expect(own.status).toBe('canceled');
    expect(m.canceledMakers?.map((o) => o.id)).toEqual([own.id]);
    expect(m.order.filled).toBe(C);
    expect(m.order.status).toBe('open');
    expect(book.levels().bids).toEqual([[P(53), C]]);
  });

  it('stp none lets an owner trade with itself', () => {
    const { book } = makeBook();
    book.submit(order({ owner: 'me', side: 'sell', price: P(50), size: C }));
    const r = book.submit(order({ owner: 'me', side: 'buy', price: P(50), size: C, stp: 'none' }));
    expect(r.fills).toHaveLength(1);
  });

  it('amend keeps priority on a size decrease and loses it on a price change or increase', () => {
    const { book } = makeBook();
    const a = book.submit(order({ owner: 'a', side: 'buy', price: P(40), size: 5 * C })).order;
    const b = book.submit(order({ owner: 'b', side: 'buy', price: P(40), size: 5 * C })).order;
    const pa = a.priority;
    book.amend(a.id, { size: 3 * C });
    expect(a.priority).toBe(pa);
    expect(book.levels().bids).toEqual([[P(40), 8 * C]]);
    book.amend(a.id, { size: 4 * C });
    expect(a.priority).toBeGreaterThan(b.priority);
    const r = book.submit(order({ owner: 't', side: 'sell', price: P(40), size: C, tif: 'ioc' }));
    expect(r.fills[0]?.maker.id).toBe(b.id);
    // price change that crosses trades immediately
    book.submit(order({ owner: 'z', side: 'sell', price: P(45), size: C }));
    const am = book.amend(a.id, { price: P(45) }) as SubmitResult;
    expect(am.fills).toHaveLength(1);
    expect(a.filled).toBe(C);
    expect(a.remaining).toBe(3 * C);
    // size is the new total including filled
    book.amend(a.id, { size: C });
    expect(a.status).toBe('canceled');
    expect(book.amend('nope', { size: 1 })).toBeUndefined();
  });

  it('decrease, cancel and expire report level changes and notify listeners', () => {
    const { book, advance, at } = makeBook();
    const seen: LevelChange[][] = [];
    const off = book.onChange((ch) => seen.push(ch));
    const a = book.submit(order({ side: 'buy', price: P(30), size: 5 * C })).order;
    expect(book.decrease(a.id, 2 * C)?.changes[0]).toMatchObject({ delta: -2 * C, size: 3 * C });
    expect(book.cancel(a.id)?.order.status).toBe('canceled');
    expect(book.cancel(a.id)).toBeUndefined();
    const g = book.submit(order({ side: 'buy', price: P(30), size: C, tif: 'gtd', expiresAt: at() + 100 })).order;
    expect(book.expire(at())).toEqual([]);
    advance(100);
    const ex = book.expire(at());
    expect(ex.map((e) => e.order.id)).toEqual([g.id]);
    expect(g.status).toBe('expired');
    expect(seen).toHaveLength(5);
    off();
    book.submit(order({ side: 'buy', price: P(30), size: C }));
    expect(seen).toHaveLength(5);
  });

  it('expired makers never trade', () => {
    const { book, advance, at } = makeBook();
    book.submit(order({ owner: 'm', side: 'sell', price: P(50), size: C, tif: 'gtd', expiresAt: at() + 10 }));
    advance(20);
    const r = book.submit(order({ owner: 't', side: 'buy', price: P(50), size: C, tif: 'ioc' }));
    expect(r.fills).toEqual([]);
    expect(r.expired).toHaveLength(1);
  });

  it('validates inputs and lists open orders per owner', () => {
    const { book } = makeBook();
    expect(() => book.submit(order({ side: 'buy', price: 0, size: C }))).toThrow(RangeError);
    expect(() => book.submit(order({ side: 'buy', price: 1_000_000, size: C }))).toThrow(RangeError);
    expect(() => book.submit(order({ side: 'buy', price: P(10), size: 0 }))).toThrow(RangeError);
    const o = book.submit(order({ owner: 'q', side: 'buy', price: P(10), size: C })).order;
    expect(() => book.submit({ ...order({ side: 'buy', price: P(10), size: C }), id: o.id })).toThrow(/duplicate/);
    expect(book.openOrders('q').map((x) => x.id)).toEqual([o.id]);
    expect(book.getOrder(o.id)).toBe(o);
    expect(book.cancelAll('closed')).toHaveLength(1);
    expect(book.openOrders()).toEqual([]);
  });
});
