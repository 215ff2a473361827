import { Decimal, formatId, type Ticker, type Trade } from '../../src/core/index.js';
import { VENUE } from './constants.js';
import type { TokenPair } from './map-book.js';
import type { WsLastPrice, WsLastTrade } from './wire-ws.js';

/**
 * Public WebSocket prints → normalized trades and tickers in YES terms (docs/venues/opinion.md
 * §9). A NO-token print at q is a YES print at 1 − q. `side` is the taker's on its own token:
 * buying NO (or a Split, two buys) is selling YES; selling NO (or a Merge seen from a NO seller)
 * is buying YES. Frames carry no trade id or time: the caller stamps them on receipt.
 */

function yesPrice(price: string, outcomeSide: 1 | 2): string {
  const p = Decimal.parse(price);
  return (outcomeSide === 1 ? p : Decimal.ONE.sub(p)).normalize().toString();
}

function yesTakerSide(side: WsLastTrade['side'], outcomeSide: 1 | 2): 'buy' | 'sell' {
  const buys = side === 'buy' || side === 'split';
  return buys === (outcomeSide === 1) ? 'buy' : 'sell';
}

function checkPair(tokenId: string, marketId: number, pair: TokenPair): void {
  if (marketId !== pair.marketId || (tokenId !== pair.yesTokenId && tokenId !== pair.noTokenId)) {
    throw new Error(`opinion: frame for market ${marketId} token ${tokenId} does not belong to market ${pair.marketId}`);
  }
}

/** `market.last.trade` → Trade. `id` is built from the receipt time and the print. */
export function mapLastTrade(f: WsLastTrade, pair: TokenPair, receivedAt: Date): Trade {
  checkPair(f.tokenId, f.marketId, pair);
  const ts = receivedAt.toISOString();
  return {
    id: `${f.marketId}:${receivedAt.getTime()}:${f.tokenId.slice(-8)}:${f.shares}@${f.price}`,
    marketId: formatId(VENUE, String(f.marketId)),
    venue: VENUE,
    price: yesPrice(f.price, f.outcomeSide),
    size: f.shares,
    takerSide: yesTakerSide(f.side, f.outcomeSide),
    timestamp: ts,
  };
}

/** `market.last.price` → Ticker with the YES last price. */
export function mapLastPrice(f: WsLastPrice, pair: TokenPair, receivedAt: Date): Ticker {
  checkPair(f.tokenId, f.marketId, pair);
  return {
    marketId: formatId(VENUE, String(f.marketId)),
    venue: VENUE,
    bestBid: null,
    bestAsk: null,
    lastPrice: yesPrice(f.price, f.outcomeSide),
    volume: null,
    volumeNotional: null,
    openInterest: null,
    timestamp: receivedAt.toISOString(),
  };
}
