import type { Logger } from 'pino';
import { BadRequest, MissingCredentials, parseId } from '../../src/core/index.js';
import { StreamScope, type StreamChannel, type StreamClock, type StreamEvent, type VenueStream } from '../../src/venue/index.js';
import { MarketChannelStream, type MarketStreamOptions } from './stream-market.js';
import { UserChannelStream, type UserChannel, type UserStreamOptions } from './stream-user.js';

/**
 * One `VenueStream` over Polymarket's two channels: `book`/`ticker`/`trades` from the market
 * channel, `orders`/`fills` from the authenticated user channel (opened only when asked for). Both
 * channels share one `StreamScope`: one listener registry (each listener isolated), one close path.
 */

const MARKET: StreamChannel[] = ['book', 'ticker', 'trades'];
const USER: UserChannel[] = ['orders', 'fills'];

export interface PolymarketStreamOptions {
  market: MarketStreamOptions;
  /** The user channel's settings; absent without trading credentials. */
  user?: UserStreamOptions | undefined;
  /** The scope that owns this stream (from the adapter's `StreamSet`); a fresh one by default. */
  scope?: StreamScope;
  logger?: Logger | undefined;
  /** Clock of a fresh scope's timers (tests). */
  clock?: StreamClock;
}

export class PolymarketStream implements VenueStream {
  private readonly scope: StreamScope;
  readonly market: MarketChannelStream;
  private user: UserChannelStream | undefined;

  constructor(private readonly options: PolymarketStreamOptions) {
    this.scope = options.scope ?? new StreamScope({ venue: 'polymarket', logger: options.logger, clock: options.clock });
    this.market = new MarketChannelStream(this.scope, options.market);
  }

  private conditionIds(marketIds: string[]): string[] {
    return marketIds.map((id) => {
      const { venue, nativeId } = parseId(id);
      if (venue !== 'polymarket') throw new BadRequest(`polymarket stream: ${id} is not a Polymarket market`, { venue: 'polymarket' });
      return nativeId;
    });
  }

  private userStream(): UserChannelStream {
    if (!this.user) {
      if (!this.options.user) throw new MissingCredentials('polymarket', 'orders and fills stream');
      this.user = new UserChannelStream(this.scope, this.options.user);
    }
    return this.user;
  }

  async subscribe(marketIds: string[], channels: StreamChannel[] = MARKET): Promise<void> {
    this.scope.ensureOpen('subscribe');
    const cids = this.conditionIds(marketIds);
    const m = channels.filter((c) => MARKET.includes(c));
    const u = USER.filter((c) => channels.includes(c));
    await Promise.all([m.length > 0 ? this.market.subscribe(cids, m) : undefined, u.length > 0 ? this.userStream().subscribe(cids, u) : undefined]);
  }

  async unsubscribe(marketIds: string[], channels: StreamChannel[] = [...MARKET, ...USER]): Promise<void> {
    const cids = this.conditionIds(marketIds);
    const m = channels.filter((c) => MARKET.includes(c));
    const u = USER.filter((c) => channels.includes(c));
    if (m.length > 0) await this.market.unsubscribe(cids, m);
    if (this.user && u.length > 0) await this.user.unsubscribe(cids, u);
  }

  onEvent(listener: (event: StreamEvent) => void): () => void {
    return this.scope.onEvent(listener);
  }

  /** Closes both channels' sockets and timers, then the listeners; idempotent. */
  close(): Promise<void> {
    return this.scope.close();
  }
}
