/** Orders, trades and the events the simulated exchange publishes to the REST and WS layers. */
import type { LevelChange } from '../../../src/sim/index.js';
import type { MarketBook, Outcome } from './books.js';
import type { SimMarket } from './generate.js';

/** 1 Pending (open, incl. partially filled), 2 Finished, 3 Canceled, 4 Expired, 5 Failed. */
export type OrderStatus = 1 | 2 | 3 | 4 | 5;

export const ORDER_STATUS_ENUM: Record<OrderStatus, string> = {
  1: 'Pending',
  2: 'Finished',
  3: 'Canceled',
  4: 'Expired',
  5: 'Failed',
};

export type TradeSide = 'Buy' | 'Sell' | 'Split' | 'Merge';

export interface SimOrder {
  orderId: string;
  /** EOA of the API key that placed it. */
  eoa: string;
  /** Wallet whose funds trade (lower case). */
  owner: string;
  market: SimMarket;
  tokenId: string;
  outcome: Outcome;
  side: 'buy' | 'sell';
  method: 'limit' | 'market';
  /** Limit price (micro-dollars); 0 for market orders. */
  priceMicro: number;
  /** Limit orders and market sells: micro-shares the engine trades. */
  sizeMicro: number;
  /** Signed shares (limit orders, market sells), wei. */
  sharesWei: bigint;
  /** Signed USDT (limit orders: the value; market buys: what to spend), wei. */
  usdtWei: bigint;
  /** Confirmed fills: gross shares and gross USDT (wei). */
  filledShares: bigint;
  filledAmount: bigint;
  /** Fills matched but not yet confirmed on chain. */
  pending: number;
  feePaid: bigint;
  status: OrderStatus;
  /** The engine no longer rests it (filled, cancelled, expired, or a market order done matching). */
  done: boolean;
  /** Final status once `done` and nothing is pending. */
  finalStatus: OrderStatus;
  createdAtMs: number;
  /** Unix seconds; 0 = none. */
  expiresAtS: number;
  postOnly: boolean;
  tradeNos: string[];
  /** What is still frozen for it: USDT wei (buys) or share wei (sells). */
  reserve: bigint;
}

export interface TradeRow {
  tradeNo: string;
  orderId: string;
  eoa: string;
  owner: string;
  txHash: string;
  market: SimMarket;
  tokenId: string;
  outcome: Outcome;
  side: TradeSide;
  priceMicro: number;
  /** Shares received or given (net of the fee for buys), wei. */
  sharesWei: bigint;
  /** Gross USDT of the fill, wei. */
  amountWei: bigint;
  feeWei: bigint;
  createdAtS: number;
}

/** A public trade print (`market.last.trade` / `market.last.price`), in the taker's token terms. */
export interface PublicTrade {
  mb: MarketBook;
  tokenId: string;
  outcome: Outcome;
  side: TradeSide;
  priceMicro: number;
  sizeMicro: number;
  amountWei: bigint;
}

export type OrderUpdateType = 'orderNew' | 'orderFill' | 'orderCancel' | 'orderConfirm';

export type ExchangeEvent =
  | { type: 'depth'; mb: MarketBook; changes: LevelChange[] }
  | { type: 'trade'; trade: PublicTrade }
  | { type: 'order'; order: SimOrder; update: OrderUpdateType }
  | { type: 'record'; trade: TradeRow };

export type ExchangeListener = (event: ExchangeEvent) => void;
