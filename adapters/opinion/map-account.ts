import { Decimal, formatId, type Balance, type Position } from '../../src/core/index.js';
import { VENUE } from './constants.js';
import { isUsdt } from './map-market.js';
import type { WireBalance, WirePosition } from './wire-account.js';

/**
 * Positions and balances → the normalized model (docs/venues/opinion.md §8). Positions and funds
 * belong to the trading wallet (the Safe). Balances are already scaled decimals; Opinion's
 * collateral is USDT, the only currency the model names for it, so other quote tokens are skipped.
 */

/** A position; empty ones (all sold) are dropped by the caller with `size === "0"`. */
export function mapPosition(p: WirePosition): Position {
  const avg = p.avgEntryPrice === null || Decimal.parse(p.avgEntryPrice).isZero() ? null : p.avgEntryPrice;
  return {
    venue: VENUE,
    marketId: formatId(VENUE, String(p.marketId)),
    outcome: p.outcomeSide === 1 ? 'yes' : 'no',
    size: p.sharesOwned,
    averagePrice: avg,
    realizedPnl: null,
    currency: 'USDT',
  };
}

export function mapBalances(b: WireBalance): Balance[] {
  return b.balances
    .filter((x) => isUsdt(x.quoteToken))
    .map((x) => ({ venue: VENUE, currency: 'USDT' as const, available: x.availableBalance, total: x.totalBalance }));
}

/** The trading wallet (Safe) of a `GET /user/auth` reply, or null when the wallet has none yet. */
export function safeOf(walletUsers: Record<string, string> | null | undefined, chainId = 56): string | null {
  const safe = walletUsers?.[String(chainId)];
  return safe && /^0x[0-9a-fA-F]{40}$/.test(safe) ? safe : null;
}
