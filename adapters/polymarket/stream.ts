import { BadRequest, MissingCredentials, parseId } from '../../src/core/index.js';
import type { StreamChannel, StreamEvent, VenueStream } from '../../src/venue/index.js';
import type { MarketChannelStream } from './stream-market.js';
import type { UserChannelStream } from './stream-user.js';

/**
 * One `VenueStream` over Polymarket's two channels: `book`/`ticker`/`trades` from the market
 * channel, `orders`/`fills` from the authenticated user channel (opened only when asked for).
 */

const MARKET: StreamChannel[] = ['book', 'ticker', 'trades'];
const USER: StreamChannel[] = ['orders', 'fills'];

export class PolymarketStream implements VenueStream {
  private readonly listeners = new Set<(e: StreamEvent) => void>();
  private readonly offs: (() => void)[] = [];
  private user: UserChannelStream | undefined;

  constructor(
    readonly market: MarketChannelStream,
    private readonly userFactory: (() => UserChannelStream) | undefined,
  ) {
    this.offs.push(market.onEvent((e) => this.emit(e)));
  }

  private emit(e: StreamEvent): void {
    for (const fn of this.listeners) fn(e);
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
      if (!this.userFactory) throw new MissingCredentials('polymarket', 'orders and fills stream');
      this.user = this.userFactory();
      this.offs.push(this.user.onEvent((e) => this.emit(e)));
    }
    return this.user;
  }

  async subscribe(marketIds: string[], channels: StreamChannel[] = MARKET): Promise<void> {
    const cids = this.conditionIds(marketIds);
    const m = channels.filter((c) => MARKET.includes(c));
    const u = channels.filter((c) => USER.includes(c));
    await Promise.all([m.length > 0 ? this.market.subscribe(cids, m) : undefined, u.length > 0 ? this.userStream().subscribe(cids) : undefined]);
  }

  async unsubscribe(marketIds: string[], channels: StreamChannel[] = [...MARKET, ...USER]): Promise<void> {
    const cids = this.conditionIds(marketIds);
    if (channels.some((c) => MARKET.includes(c))) await this.market.unsubscribe(cids);
    if (this.user && channels.some((c) => USER.includes(c))) await this.user.unsubscribe(cids);
  }

  onEvent(listener: (event: StreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    for (const off of this.offs.splice(0)) off();
    this.listeners.clear();
    await Promise.all([this.market.close(), this.user?.close()]);
  }
}
