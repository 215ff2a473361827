/** In-memory records of the Kalshi simulator (integer micro units; wire shapes live in format.ts). */
import type { BinaryBook, SeedLevel } from '../../../src/sim/index.js';
import type { FeeType } from './fees.js';
import type { PriceRange } from './grid.js';

export type MarketStatus = 'initialized' | 'inactive' | 'active' | 'closed' | 'determined' | 'disputed' | 'amended' | 'finalized';

export interface SimSeries {
  ticker: string;
  title: string;
  category: string;
  tags: string[];
  frequency: string;
  feeType: FeeType;
  feeMultiplier: number;
  updatedMs: number;
}

export interface SimEvent {
  ticker: string;
  seriesTicker: string;
  title: string;
  subTitle: string;
  category: string;
  mutuallyExclusive: boolean;
  collateralReturnType: '' | 'MECNET' | 'DIRECNET';
  strikeDateMs?: number;
  isMve: boolean;
  updatedMs: number;
  markets: string[];
}

export interface SimMarket {
  ticker: string;
  marketId: string;
  eventTicker: string;
  seriesTicker: string;
  /** Position in generation order: the stable list order. */
  index: number;
  title: string;
  yesSubTitle: string;
  noSubTitle: string;
  rulesPrimary: string;
  status: MarketStatus;
  createdMs: number;
  updatedMs: number;
  openMs: number;
  closeMs: number;
  expectedExpirationMs: number;
  latestExpirationMs: number;
  settlementTimerSeconds: number;
  canCloseEarly: boolean;
  structure: string;
  ranges: PriceRange[];
  strikeType?: 'greater' | 'less' | 'between' | 'structured' | 'custom';
  floorStrike?: number;
  capStrike?: number;
  result: '' | 'yes' | 'no';
  settlementValue?: number;
  determinedMs?: number;
  settledMs?: number;
  /** Seed mid (YES micro-dollars) for the initial book. */
  initialMid: number;
  /** Levels per side of the seeded book, when not the usual 3–8 (see generate.ts). */
  seedDepth?: number;
  /** A book stated level by level instead of drawn around `initialMid` (cross-listed markets). */
  seedBook?: SeedLevel[];
  lastPrice: number;
  previousPrice: number;
  volume: number;
  volume24h: number;
  openInterest: number;
  mve?: { collection: string; legs: { eventTicker: string; marketTicker: string; side: 'yes' | 'no' }[] };
  book?: BinaryBook;
}

export type BookSideWire = 'bid' | 'ask';
export type OrderStatusWire = 'resting' | 'canceled' | 'executed';

export interface SimOrder {
  orderId: string;
  userId: string;
  clientOrderId: string;
  ticker: string;
  side: BookSideWire;
  /** YES price, micro-dollars. */
  price: number;
  initialCount: number;
  fillCount: number;
  remainingCount: number;
  status: OrderStatusWire;
  takerFillCost: number;
  makerFillCost: number;
  takerFees: number;
  makerFees: number;
  createdMs: number;
  updatedMs: number;
  expirationMs?: number;
  stp: 'taker_at_cross' | 'maker';
  postOnly: boolean;
  reduceOnly: boolean;
  cancelOnPause: boolean;
  subaccount: number;
  orderGroupId?: string;
  tif: 'fill_or_kill' | 'good_till_canceled' | 'immediate_or_cancel';
}

export interface SimFill {
  fillId: string;
  orderId: string;
  userId: string;
  ticker: string;
  side: BookSideWire;
  count: number;
  yesPrice: number;
  isTaker: boolean;
  /** Trade fee + rounding fee, micro-dollars. */
  feeCost: number;
  ts: number;
  postPosition: number;
  subaccount: number;
  clientOrderId: string;
}

export interface SimPosition {
  ticker: string;
  /** Signed micro-contracts: + YES, − NO. */
  position: number;
  /** Cost of the open position, micro-dollars. */
  exposure: number;
  realizedPnl: number;
  feesPaid: number;
  totalTraded: number;
  volume: number;
  updatedMs: number;
}

export interface SimSettlement {
  ticker: string;
  eventTicker: string;
  result: 'yes' | 'no';
  yesCount: number;
  yesCost: number;
  noCount: number;
  noCost: number;
  /** Micro-dollars paid out. */
  revenue: number;
  settledMs: number;
}

export interface SimAccount {
  userId: string;
  /** Cash, micro-dollars. */
  cash: number;
  positions: Map<string, SimPosition>;
  orders: Map<string, SimOrder>;
  /** Order ids in creation order (pagination). */
  orderList: string[];
  fills: SimFill[];
  settlements: SimSettlement[];
  clientOrderIds: Map<string, string>;
}

export interface SimTrade {
  /** Monotonic sequence (cursor key). */
  seq: number;
  tradeId: string;
  ticker: string;
  count: number;
  yesPrice: number;
  takerSide: BookSideWire;
  ts: number;
}
