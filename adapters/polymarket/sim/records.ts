/**
 * The simulator's order and trade records and the events the exchange publishes to the REST and
 * WebSocket layers.
 */
import type { LevelChange, SubmitResult } from '../../../src/sim/index.js';
import type { MarketBook, Outcome } from './books.js';
import type { SimMarket, TickSize } from './generate.js';
import type { OrderType } from './order-intake.js';

/** Order status (REST prefixes it with `ORDER_STATUS_`, the user channel sends it bare). */
export type OrderStatus = 'LIVE' | 'MATCHED' | 'DELAYED' | 'CANCELED' | 'CANCELED_MARKET_RESOLVED';

export interface PolyOrder {
  /** The EIP-712 order hash. */
  id: string;
  /** API key (uuid) of the caller: the `owner` on the wire. */
  apiKey: string;
  /** Funder wallet (checksummed). */
  maker: string;
  signer: string;
  market: SimMarket;
  tokenId: string;
  outcome: Outcome;
  side: 'BUY' | 'SELL';
  /** Token-terms limit price, micro-dollars. */
  price: number;
  /** Shares, micro units. */
  originalSize: number;
  sizeMatched: number;
  orderType: OrderType;
  postOnly: boolean;
  /** Unix seconds, 0 = none. */
  expiration: number;
  createdAtMs: number;
  status: OrderStatus;
  tradeIds: string[];
  /** Still reserved for this order: pUSD base units (BUY) or shares (SELL). */
  reserve: bigint;
  /** What the order gave / received so far, base units. */
  making: bigint;
  taking: bigint;
  finalized: boolean;
}

/** `MATCHED → MINED → CONFIRMED`, or `MATCHED → RETRYING → FAILED` (docs/venues/polymarket.md §6.7). */
export type TradeStatus = 'MATCHED' | 'MINED' | 'CONFIRMED' | 'RETRYING' | 'FAILED';

export interface TradeSide {
  orderId: string;
  /** API key of the order's owner; '' for the venue's own liquidity. */
  apiKey: string;
  address: string;
  assetId: string;
  outcome: Outcome;
  side: 'BUY' | 'SELL';
  /** Token-terms price, micro-dollars. */
  price: number;
}

/** What one user order's side of a trade moved in its wallet, so a failed trade can be undone. */
export interface WalletMove {
  address: string;
  tokenId: string;
  buy: boolean;
  /** Shares, base units. */
  shares: bigint;
  /** pUSD paid (BUY) or received (SELL) for the shares, base units. */
  collateral: bigint;
  /** Platform fee charged to this side (takers on fee-enabled markets), base units. */
  fee: bigint;
}

export interface TradeRecord {
  id: string;
  market: SimMarket;
  taker: TradeSide;
  maker: TradeSide;
  /** Shares, micro units. */
  size: number;
  status: TradeStatus;
  matchTimeMs: number;
  lastUpdateMs: number;
  /** The settlement transaction's hash as REST and the user channel show it: `""` until mined. */
  transactionHash: string;
  /** The hash of the transaction that settles the trade (on the market channel's `last_trade_price`). */
  txHash: string;
  /** `fee_rate_bps` on the wire: the market's taker rate in basis points, `"0"` when fee-free. */
  feeRateBps: string;
  /** The taker's platform fee in pUSD base units (0 for venue liquidity and fee-free markets). */
  takerFee: bigint;
  /** Wallet effects of the user sides, undone if the trade fails. */
  moves: WalletMove[];
}

export type ExchangeEvent =
  | { type: 'book'; mb: MarketBook; changes: LevelChange[]; cause: SubmitResult | undefined; trades: TradeRecord[]; ts: number }
  | { type: 'order'; order: PolyOrder; kind: 'PLACEMENT' | 'UPDATE' | 'CANCELLATION'; ts: number }
  | { type: 'trade'; trade: TradeRecord; ts: number }
  | { type: 'tick_size_change'; mb: MarketBook; oldTick: TickSize; newTick: TickSize; ts: number }
  | { type: 'market_resolved'; market: SimMarket; winner: Outcome; ts: number };

export type ExchangeListener = (event: ExchangeEvent) => void;

export function outcomeLabel(outcome: Outcome): 'Yes' | 'No' {
  return outcome === 'yes' ? 'Yes' : 'No';
}
