/** Parameters and request bodies of Kalshi's REST endpoints (docs/venues/kalshi.md §4–§6). */

export type MarketsQuery = {
  limit?: number;
  cursor?: string;
  event_ticker?: string;
  series_ticker?: string;
  /** Comma-separated market tickers. */
  tickers?: string;
  status?: 'unopened' | 'open' | 'paused' | 'closed' | 'settled';
  min_created_ts?: number;
  max_created_ts?: number;
  min_close_ts?: number;
  max_close_ts?: number;
  min_settled_ts?: number;
  max_settled_ts?: number;
  min_updated_ts?: number;
  mve_filter?: 'only' | 'exclude';
};

export type EventsQuery = {
  limit?: number;
  cursor?: string;
  with_nested_markets?: boolean;
  with_milestones?: boolean;
  status?: 'unopened' | 'open' | 'closed' | 'settled';
  series_ticker?: string;
  tickers?: string;
  min_close_ts?: number;
  min_updated_ts?: number;
};

/** `GET /events/multivariate` (docs/venues/kalshi.md §4.3). */
export type MultivariateEventsQuery = {
  limit?: number;
  cursor?: string;
  with_nested_markets?: boolean;
  series_ticker?: string;
  collection_ticker?: string;
};

export type SeriesQuery = {
  category?: string;
  tags?: string;
  include_product_metadata?: boolean;
  include_volume?: boolean;
  min_updated_ts?: number;
};

export type TradesQuery = {
  ticker?: string;
  min_ts?: number;
  max_ts?: number;
  limit?: number;
  cursor?: string;
  is_block_trade?: boolean;
};

export type CandlesticksQuery = { start_ts: number; end_ts: number; period_interval: 1 | 60 | 1440 };

export type HistoricalMarketsQuery = {
  limit?: number;
  cursor?: string;
  tickers?: string;
  event_ticker?: string;
  series_ticker?: string;
  mve_filter?: 'exclude';
};

export type OrdersQuery = {
  ticker?: string;
  event_ticker?: string;
  min_ts?: number;
  max_ts?: number;
  status?: 'resting' | 'canceled' | 'executed';
  limit?: number;
  cursor?: string;
  subaccount?: number;
};

export type FillsQuery = { ticker?: string; order_id?: string; min_ts?: number; max_ts?: number; limit?: number; cursor?: string };
export type PositionsQuery = { cursor?: string; limit?: number; count_filter?: string; ticker?: string; event_ticker?: string };
export type SettlementsQuery = { cursor?: string; limit?: number; ticker?: string; event_ticker?: string; min_ts?: number; max_ts?: number };

export type WireTimeInForce = 'fill_or_kill' | 'good_till_canceled' | 'immediate_or_cancel';
export type WireStp = 'taker_at_cross' | 'maker';

/** `POST /portfolio/events/orders` body (docs/venues/kalshi.md §5.1). */
export interface CreateOrderV2Body {
  ticker: string;
  side: 'bid' | 'ask';
  count: string;
  price: string;
  time_in_force: WireTimeInForce;
  self_trade_prevention_type: WireStp;
  client_order_id?: string;
  expiration_time?: number;
  post_only?: boolean;
  reduce_only?: boolean;
  cancel_order_on_pause?: boolean;
  subaccount?: number;
  order_group_id?: string;
}

export interface AmendOrderV2Body {
  ticker: string;
  side: 'bid' | 'ask';
  price: string;
  count: string;
  client_order_id?: string;
  updated_client_order_id?: string;
}

export type DecreaseOrderV2Body = { reduce_by: string } | { reduce_to: string };
