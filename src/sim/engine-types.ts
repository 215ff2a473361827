/** Types of the binary-market matching engine (see engine.ts). */

export type EngineSide = 'buy' | 'sell';
export type EngineOutcome = 'yes' | 'no';
export type EngineTif = 'gtc' | 'gtd' | 'ioc' | 'fok';
export type EngineStp = 'cancel_taker' | 'cancel_maker' | 'none';

export interface NewOrder {
  id: string;
  owner: string;
  side: EngineSide;
  outcome: EngineOutcome;
  /** Limit price in the outcome's own terms, micro-dollars. */
  price: number;
  /** Micro-contracts. */
  size: number;
  tif: EngineTif;
  postOnly?: boolean;
  /** Epoch ms after which a resting order expires (any tif that rests). */
  expiresAt?: number;
  /** Self-trade prevention; default `cancel_taker`. */
  stp?: EngineStp;
  clientOrderId?: string;
  meta?: unknown;
}

export type EngineOrderStatus = 'open' | 'filled' | 'canceled' | 'expired';

export interface EngineOrder extends NewOrder {
  remaining: number;
  filled: number;
  status: EngineOrderStatus;
  createdAt: number;
  updatedAt: number;
  /** Time priority: lower rests earlier. Reassigned when the order loses priority. */
  priority: number;
  /** Why the order stopped: `canceled`, `self_trade`, `post_only_cross`, `fok_unfillable`, `ioc`, `expired`, `amended`, `decreased`, or a caller's reason. */
  cancelReason?: string;
}

export interface EngineFill {
  id: string;
  /** YES terms, micro-dollars: the maker's price. */
  price: number;
  size: number;
  /** Live references to the orders (their state after the whole submit). */
  maker: EngineOrder;
  taker: EngineOrder;
  ts: number;
}

export type LevelChangeReason = 'place' | 'fill' | 'cancel' | 'amend' | 'decrease' | 'expire' | 'self_trade';

export interface LevelChange {
  /** Side of the YES book. */
  side: 'bid' | 'ask';
  /** YES terms. */
  price: number;
  /** New absolute size of the level. */
  size: number;
  delta: number;
  /** The order whose resting quantity changed. */
  orderId: string;
  reason?: LevelChangeReason;
}

export type RejectReason = 'post_only_cross' | 'fok_unfillable' | 'self_trade';

export interface SubmitResult {
  order: EngineOrder;
  fills: EngineFill[];
  changes: LevelChange[];
  /** Set when the order never traded: post-only cross, FOK not fully fillable, or STP before any fill. */
  rejected?: RejectReason;
  /** Resting orders of the same owner cancelled by `cancel_maker` self-trade prevention. */
  canceledMakers?: EngineOrder[];
  /** Resting orders found expired (and removed) before this submit was matched. */
  expired?: EngineOrder[];
}

export interface OrderRemoval {
  order: EngineOrder;
  changes: LevelChange[];
}

export type ChangeListener = (changes: LevelChange[], cause: SubmitResult | undefined) => void;
