import { describe, expect, it } from 'vitest';
import { SubscriptionTracker, marketsOf } from './stream-subscriptions.js';

type Ch = 'book' | 'trades';

const pairs = (list: [string, Ch][]) => list.map(([market, channel]) => ({ market, channel }));

describe('SubscriptionTracker', () => {
  it('wanted pairs are to be sent until acknowledged; wanting again adds nothing', () => {
    const t = new SubscriptionTracker<Ch>();
    expect(t.want(['A', 'B'], ['book'])).toEqual(pairs([['A', 'book'], ['B', 'book']]));
    expect(t.want(['A'], ['book', 'trades'])).toEqual(pairs([['A', 'trades']]));
    expect(t.toSubscribe('book')).toEqual(pairs([['A', 'book'], ['B', 'book']]));
    t.sending(t.toSubscribe('book'));
    expect(t.toSubscribe('book')).toEqual([]);
    expect(t.state('A', 'book')).toBe('sending');
    t.acknowledged(pairs([['A', 'book'], ['B', 'book']]));
    expect(t.state('B', 'book')).toBe('acked');
    expect(t.toSubscribe()).toEqual(pairs([['A', 'trades']]));
    expect(t.wants('A', 'trades')).toBe(true);
    expect(t.wants('B', 'trades')).toBe(false);
    expect(t.wanted().sort()).toEqual(['A', 'B']);
    expect(t.wanted('trades')).toEqual(['A']);
    expect(t.channels().sort()).toEqual(['book', 'trades']);
  });

  it('an unwanted pair on the wire is to be taken back; one never sent is just forgotten', () => {
    const t = new SubscriptionTracker<Ch>();
    t.want(['A', 'B'], ['book']);
    t.acknowledged(pairs([['A', 'book']]));
    expect(t.unwant(['A', 'B', 'C'], ['book'])).toEqual(pairs([['A', 'book'], ['B', 'book']]));
    expect(t.toUnsubscribe()).toEqual(pairs([['A', 'book']]));
    expect(t.toSubscribe()).toEqual([]);
    expect(t.wantsChannel('book')).toBe(false);
    t.unsubscribed(t.toUnsubscribe());
    expect(t.toUnsubscribe()).toEqual([]);
    expect(t.channels()).toEqual([]);
  });

  it('wanting a pair again before it was taken back keeps it on the wire', () => {
    const t = new SubscriptionTracker<Ch>();
    t.want(['A'], ['book']);
    t.acknowledged(pairs([['A', 'book']]));
    t.unwant(['A'], ['book']);
    t.want(['A'], ['book']);
    expect(t.toUnsubscribe()).toEqual([]);
    expect(t.toSubscribe()).toEqual([]);
    expect(t.state('A', 'book')).toBe('acked');
  });

  it('a command lost in transit keeps its pairs wanted, to be sent again', () => {
    const t = new SubscriptionTracker<Ch>();
    t.want(['A'], ['book']);
    t.sending(t.toSubscribe());
    t.lost(pairs([['A', 'book']]));
    expect(t.lostInTransit).toBe(1);
    expect(t.toSubscribe()).toEqual(pairs([['A', 'book']]));
    // Only pairs still in transit can be lost: an acknowledged pair stays.
    t.acknowledged(pairs([['A', 'book']]));
    t.lost(pairs([['A', 'book']]));
    expect(t.state('A', 'book')).toBe('acked');
    expect(t.lostInTransit).toBe(1);
  });

  it('pairs the venue refused are no longer wanted and never re-sent', () => {
    const t = new SubscriptionTracker<Ch>();
    t.want(['A', 'BAD'], ['book']);
    t.sending(t.toSubscribe());
    t.acknowledged(pairs([['A', 'book']]));
    t.refused(pairs([['BAD', 'book']]));
    expect(t.wants('BAD', 'book')).toBe(false);
    expect(t.toSubscribe()).toEqual([]);
    t.connectionLost();
    expect(t.toSubscribe()).toEqual(pairs([['A', 'book']]));
  });

  it('after a lost connection everything wanted is to be re-sent, in-transit pairs are reported, unwanted ones forgotten', () => {
    const t = new SubscriptionTracker<Ch>();
    t.want(['A', 'B', 'C'], ['book']);
    t.want(['A'], ['trades']);
    t.acknowledged(pairs([['A', 'book'], ['B', 'book']]));
    t.sending(pairs([['C', 'book']]));
    t.unwant(['B'], ['book']);
    expect(t.connectionLost()).toEqual(pairs([['C', 'book']]));
    expect(t.lostInTransit).toBe(1);
    expect(t.toSubscribe()).toEqual(pairs([['A', 'book'], ['C', 'book'], ['A', 'trades']]));
    expect(t.toUnsubscribe()).toEqual([]);
    expect(t.acked()).toEqual([]);
    // The failure of the lost command, reported later, changes nothing more.
    t.lost(pairs([['C', 'book']]));
    expect(t.lostInTransit).toBe(1);
    expect(t.wants('C', 'book')).toBe(true);
  });

  it('answers per market across channels', () => {
    const t = new SubscriptionTracker<Ch>();
    t.want(['A'], ['trades']);
    expect(t.wantsMarket('A')).toBe(true);
    expect(t.wantsMarket('A', ['book'])).toBe(false);
    expect(t.wantsMarket('B')).toBe(false);
    t.unwant(['A'], ['trades']);
    expect(t.wantsMarket('A')).toBe(false);
  });

  it('clear forgets everything', () => {
    const t = new SubscriptionTracker<Ch>();
    t.want(['A'], ['book']);
    t.acknowledged(pairs([['A', 'book']]));
    t.clear();
    expect(t.channels()).toEqual([]);
    expect(t.acked()).toEqual([]);
  });

  it('for whole-market wires, a market already on the wire for one channel is not sent again for another', () => {
    const t = new SubscriptionTracker<Ch>();
    t.want(['A', 'B'], ['book']);
    t.acknowledged(pairs([['A', 'book']]));
    t.want(['A', 'C'], ['trades']);
    expect(t.marketsToSubscribe()).toEqual(['B', 'C']);
    t.sending(pairs([['B', 'book']]));
    expect(t.marketsToSubscribe()).toEqual(['C']);
    t.connectionLost();
    expect(t.marketsToSubscribe()).toEqual(['A', 'B', 'C']);
  });

  it('marketsOf lists markets once, in order', () => {
    expect(marketsOf(pairs([['B', 'book'], ['A', 'book'], ['B', 'trades']]))).toEqual(['B', 'A']);
  });
});
