import type { FeeQuoter } from '../../src/venue/index.js';

/**
 * Manifold's trading fees are zero: `TAKER_FEE_CONSTANT = 0` and `FLAT_TRADE_FEE = 0`, and the
 * `fees` of new bets are all zeros (docs/venues/manifold.md §Rate limits). Historic bets can carry
 * fees; they are read from the bets themselves (map-order.ts), never computed.
 */
export const quoteManifoldFee: FeeQuoter = () => ({ fee: '0', currency: 'MANA', estimated: false, basis: 'Manifold charges no trading fee' });
