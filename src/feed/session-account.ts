/**
 * One connection's `orders` and `fills` subscriptions, by venue. The rules:
 * - only a connection whose API key has the `trade` scope may subscribe (else `forbidden`, naming
 *   the channel), and only on the venues the key may trade on (a venue named outside them is
 *   `forbidden`, naming it); no `venues` means every venue of the key this server can serve;
 * - events are the REST API's `Order` and `Fill`, the client order id shown as the key sees it
 *   (as `GET /v1/orders` shows it), never conflated or dropped;
 * - each (channel, venue) counts as one subscription against the connection's limit.
 */
import { VENUE_IDS, type VenueId } from '../core/index.js';
import { presentOrder } from '../orders/client-order-id.js';
import type { AccountHub, AccountListener } from './account-hub.js';
import type { Outbox } from './outbox.js';
import type { AccountChannel, ErrorCode, FeedChannel } from './protocol.js';
import type { Principal } from './session.js';

export interface AccountSessionOptions {
  accounts: AccountHub | undefined;
  principal: Principal | null;
  outbox: Outbox;
  /** Takes `n` subscriptions from the connection's budget; false (taking none) when over it. */
  reserve(n: number): boolean;
  unreserve(n: number): void;
  error(code: ErrorCode, message: string, id: number | null, where: { channel?: FeedChannel; venue?: string }): void;
}

export const TRADE_SCOPE = 'trade';

/** Whether the principal may follow the venue's orders and fills. */
export function mayFollow(principal: Principal | null, venue: VenueId): boolean {
  if (!principal?.scopes?.includes(TRADE_SCOPE)) return false;
  return principal.venues === undefined || principal.venues === null || principal.venues.includes(venue);
}

export class AccountSubscriptions {
  private readonly held = new Map<string, { channel: AccountChannel; venue: VenueId; listener: AccountListener }>();
  private closed = false;

  constructor(private readonly o: AccountSessionOptions) {}

  get size(): number {
    return this.held.size;
  }

  async subscribe(id: number | null, channel: AccountChannel, venues: VenueId[] | undefined): Promise<void> {
    const { accounts, principal } = this.o;
    if (!principal?.scopes?.includes(TRADE_SCOPE)) {
      this.o.error('forbidden', `the ${channel} channel needs an API key with the trade scope`, id, { channel });
      return;
    }
    if (!accounts) {
      this.o.error('unavailable', `the ${channel} channel is not enabled on this server`, id, { channel });
      return;
    }
    const wanted: VenueId[] = [];
    if (venues === undefined) {
      for (const venue of VENUE_IDS) if (mayFollow(principal, venue) && accounts.check(venue) === null) wanted.push(venue);
      if (wanted.length === 0) this.o.error('unavailable', `no venue this API key may trade on serves ${channel} on this server`, id, { channel });
    } else {
      for (const venue of venues) {
        if (!mayFollow(principal, venue)) {
          this.o.error('forbidden', `this API key may not follow ${channel} on ${venue}`, id, { channel, venue });
          continue;
        }
        const problem = accounts.check(venue);
        if (problem) this.o.error('unavailable', `${channel} on ${venue}: ${problem.message}`, id, { channel, venue });
        else wanted.push(venue);
      }
    }
    const fresh = wanted.filter((v) => !this.held.has(key(channel, v)));
    if (!this.o.reserve(fresh.length)) {
      this.o.error('too_many_subscriptions', `subscribing ${fresh.length} more venues would exceed the connection's subscription limit; nothing was subscribed`, id, { channel });
      return;
    }
    const results = await Promise.allSettled(
      fresh.map(async (venue) => {
        const listener = this.listenerFor(channel);
        await accounts.hold(venue, listener);
        return { venue, listener };
      }),
    );
    results.forEach((r, i) => {
      const venue = fresh[i] as VenueId;
      if (r.status === 'rejected') {
        this.o.unreserve(1);
        this.o.error('unavailable', `${channel} on ${venue} cannot be followed right now; try again`, id, { channel, venue });
        return;
      }
      if (this.closed) {
        accounts.release(venue, r.value.listener);
        return;
      }
      this.held.set(key(channel, venue), { channel, venue, listener: r.value.listener });
    });
    if (this.closed) return;
    const now = wanted.filter((v) => this.held.has(key(channel, v)));
    this.o.outbox.control(JSON.stringify({ type: 'subscribed', id, channel, markets: [], venues: now }));
  }

  unsubscribe(id: number | null, channel: AccountChannel, venues: VenueId[] | undefined): void {
    const removed: VenueId[] = [];
    for (const venue of venues ?? VENUE_IDS) {
      const k = key(channel, venue);
      const h = this.held.get(k);
      if (!h) continue;
      this.held.delete(k);
      this.o.accounts?.release(venue, h.listener);
      this.o.unreserve(1);
      removed.push(venue);
    }
    this.o.outbox.control(JSON.stringify({ type: 'unsubscribed', id, channel, markets: [], venues: removed }));
  }

  close(): void {
    this.closed = true;
    for (const h of this.held.values()) this.o.accounts?.release(h.venue, h.listener);
    this.held.clear();
  }

  private listenerFor(channel: AccountChannel): AccountListener {
    const keyId = this.o.principal?.id ?? '';
    return (e) => {
      if (this.closed) return;
      if (channel === 'orders' && e.kind === 'order') {
        this.o.outbox.control(JSON.stringify({ type: 'order', channel, venue: e.venue, source: e.source, order: presentOrder(keyId, e.order) }));
      } else if (channel === 'fills' && e.kind === 'fill') {
        this.o.outbox.control(JSON.stringify({ type: 'fill', channel, venue: e.venue, source: e.source, fill: e.fill }));
      }
    };
  }
}

function key(channel: AccountChannel, venue: VenueId): string {
  return `${channel}|${venue}`;
}
