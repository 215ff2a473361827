import {
  BadRequest,
  InsufficientFunds,
  InvalidOrder,
  MarketClosed,
  OrderStateUnknown,
  PermissionDenied,
  VenueUnavailable,
} from '../../src/core/index.js';
import { defaultErrorParts, type VenueErrorSpec } from '../../src/venue/index.js';

/**
 * Manifold's error knowledge as data for the shared pipeline (docs/venues/manifold.md §Errors).
 * Bodies are `{"message", "details"?}` with no codes, so the rules match the exact messages of
 * the venue's handlers and report a stable label as `venueCode`. Statuses alone say the rest:
 * 401 authentication, 403 permission, 404 not found, 503 "try again" (`VenueUnavailable`,
 * retried by the shared client for reads only: a write is never repeated blindly).
 */

const VENUE = 'manifold' as const;

/** The endpoints that place bets: what they refuse is an order problem. */
const BET_WRITE = /^POST \/(bet|market\/\{id\}\/sell)$/;

export const MANIFOLD_ERRORS: VenueErrorSpec = {
  venue: VENUE,
  parse: defaultErrorParts,
  table: {
    exact: {
      'Insufficient balance.': InsufficientFunds,
      'Trading is closed.': MarketClosed,
      'Market is resolved.': MarketClosed,
      'Answer is resolved and cannot be bet on': MarketClosed,
      'Cannot bet until at least two answers are added.': MarketClosed,
      'limitProb must be in increments of 0.01 (i.e. whole percentage points)': InvalidOrder,
      'Betting allowed only between 1-99%.': InvalidOrder,
      'Trade too large for current liquidity pool.': InvalidOrder,
      'Sale too large for current liquidity pool.': InvalidOrder,
      'Bet cannot expire in the past.': InvalidOrder,
      'answerId must be specified for multi bets': InvalidOrder,
      'Not a limit order. Cannot cancel.': InvalidOrder,
      'Bet already cancelled': InvalidOrder,
      'You can only cancel your own bets': PermissionDenied,
      'API users cannot bet on STONK contracts.': PermissionDenied,
      'This is not a market': BadRequest,
      'Perp markets use the /place-perp-trade endpoint instead.': BadRequest,
      'Trading with MANA is currently disabled.': VenueUnavailable,
    },
    broad: [
      { match: /^You don't have any (YES|NO) shares to sell/, error: InsufficientFunds, label: 'no_shares' },
      { match: /^You can only sell up to /, error: InsufficientFunds, label: 'sell_too_many' },
      { match: /^You can only sell shares on /, error: BadRequest, label: 'not_sellable' },
    ],
    status: [
      // Parameter validation of a bet: the order as sent is invalid (e.g. `limitProb` out of range).
      { status: 400, endpoint: BET_WRITE, error: InvalidOrder, label: 'validation' },
      // The bet runs in one transaction, but an unexpected error may come after it committed: the
      // outcome is unknown and the caller reconciles (never resends).
      { status: 500, endpoint: BET_WRITE, error: OrderStateUnknown, label: 'unexpected' },
    ],
  },
};

/** Labels of the exact messages the adapter itself reacts to. */
export const ALREADY_CANCELLED = 'Bet already cancelled';
