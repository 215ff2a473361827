import { describe, expect, it } from 'vitest';
import type { OrderBook } from '../../core/index.js';
import { T0, V0, V1, book, freeQuoter, market, quadraticPerOrder } from '../test-support.js';
import { evaluationConfig } from './config.js';
import { evaluateCompleteSet } from './complete-set.js';

const ids = ['X1', 'X2', 'X3'].map((n) => `${V0}:${n}`);
const markets = ids.map((id) => market(id, { eventId: `${V0}:X` }));
const ctx = (fee = freeQuoter) => ({ quoters: () => fee, config: evaluationConfig(), now: T0 });
const books = (rows: [bid: string, ask: string][]) =>
  new Map<string, OrderBook>(rows.map(([bid, ask], i) => [ids[i]!, book(ids[i]!, [[bid, '50']], [[ask, '50']])]));

describe('complete sets of one mutually exclusive event', () => {
  it('all NO: n NO tokens pay at least n − 1', () => {
    // YES bids 0.40, 0.35, 0.30 → NO at 0.60, 0.65, 0.70 = 1.95 < 2.
    const [yes, no] = evaluateCompleteSet({ id: `${V0}:X`, markets, exhaustive: null }, books([['0.40', '0.45'], ['0.35', '0.40'], ['0.30', '0.35']]), ctx());
    expect(no!.opportunity).toMatchObject({ kind: 'complete-set', direction: 'all-no', payoutPerSet: '2', size: '50', cost: '97.5', payout: '100', profit: '2.5', actionable: true });
    // All YES at 0.45 + 0.40 + 0.35 = 1.20: no edge.
    expect(yes!.opportunity).toBeNull();
  });

  it('all YES needs the outcomes to be exhaustive before it is actionable', () => {
    const cheap = books([['0.20', '0.30'], ['0.20', '0.30'], ['0.20', '0.30']]);
    const [unknown] = evaluateCompleteSet({ id: `${V0}:X`, markets, exhaustive: null }, cheap, ctx());
    expect(unknown!.opportunity).toMatchObject({ direction: 'all-yes', profit: '5', actionable: false, confidence: 0 });
    expect(unknown!.opportunity!.blockers).toEqual(['the outcomes are not known to be exhaustive: if none resolves YES the set pays nothing']);
    const [known] = evaluateCompleteSet({ id: `${V0}:X`, markets, exhaustive: true }, cheap, ctx());
    expect(known!.opportunity).toMatchObject({ actionable: true, confidence: 1, profit: '5' });
  });

  it('fees per leg can erase a set', () => {
    // NO legs 0.66 + 0.66 + 0.66 = 1.98 < 2, but each leg pays ~0.0157 per contract.
    const [, no] = evaluateCompleteSet({ id: `${V0}:X`, markets, exhaustive: null }, books([['0.34', '0.40'], ['0.34', '0.40'], ['0.34', '0.40']]), ctx(quadraticPerOrder('0.07')));
    expect(no!.opportunity).toBeNull();
    expect(no!.note).toBe('fees take the whole edge at the top of the books');
  });

  it('a set spread over venues is not a complete set', () => {
    const mixed = [markets[0]!, market(`${V1}:X2`), markets[2]!];
    const b = books([['0.40', '0.45'], ['0.35', '0.40'], ['0.30', '0.35']]);
    b.set(`${V1}:X2`, book(`${V1}:X2`, [['0.35', '50']], [['0.40', '50']]));
    const [, no] = evaluateCompleteSet({ id: `${V0}:X`, markets: mixed, exhaustive: null }, b, ctx());
    expect(no!.opportunity!.blockers).toContain('markets of a complete set must be on one venue');
  });
});
