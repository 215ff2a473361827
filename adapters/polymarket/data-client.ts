import type { HttpClient } from '../../src/venue/index.js';
import { BUCKETS } from './limits.js';
import { DataPositionListSchema, DataTradeListSchema, type DataPosition, type DataTrade } from './wire-data.js';

/** Typed calls of the Data API (docs/venues/polymarket.md §9). Arrays are comma-separated there. */

export const POSITIONS_PAGE = 500;

export class DataClient {
  constructor(private readonly http: HttpClient) {}

  /** `GET /positions` of a funder address; `sizeThreshold=0` so that dust is included. */
  positions(args: { user: string; markets?: string[]; limit?: number; offset?: number }): Promise<DataPosition[]> {
    return this.http.request({
      method: 'GET',
      path: '/positions',
      endpoint: 'GET /positions',
      query: {
        user: args.user,
        market: args.markets && args.markets.length > 0 ? args.markets.join(',') : undefined,
        sizeThreshold: 0,
        limit: args.limit ?? POSITIONS_PAGE,
        offset: args.offset ?? 0,
      },
      schema: DataPositionListSchema,
      cost: { bucket: BUCKETS.dataPositions },
    });
  }

  /** `GET /trades?market=<cid>`: newest first, offset pagination. */
  trades(args: { markets?: string[]; user?: string; limit: number; offset: number }): Promise<DataTrade[]> {
    return this.http.request({
      method: 'GET',
      path: '/trades',
      endpoint: 'GET /trades',
      query: {
        market: args.markets && args.markets.length > 0 ? args.markets.join(',') : undefined,
        user: args.user,
        limit: args.limit,
        offset: args.offset,
      },
      schema: DataTradeListSchema,
      cost: { bucket: BUCKETS.dataTrades },
    });
  }
}
