/**
 * What a venue stream wants subscribed, and what the venue has of it, per (market, channel) pair.
 *
 * Each pair is wanted or not, and on the wire `none` (to be sent), `sending` (sent, no answer yet)
 * or `acked` (the venue confirmed it; for venues that never confirm, call `acknowledged` once
 * sent). The stream asks the tracker what to send (`toSubscribe`), what to take back
 * (`toUnsubscribe`), and reports what happened:
 *
 * - `acknowledged` — the venue confirmed;
 * - `lost` — the command was lost in transit (connection dropped, no reply): still wanted, sent
 *   again by the next sync or after the reconnect;
 * - `refused` — the venue refused it (e.g. an unknown market): no longer wanted, never retried;
 * - `connectionLost` — the connection is gone: nothing is on the wire any more, so everything
 *   wanted is to be sent again on the next connection; returns the pairs that were in transit.
 *
 * Markets are the stream's own keys (venue-native ids, or `*` for account-wide channels).
 */

export type WireState = 'none' | 'sending' | 'acked';

export interface Subscription<C extends string> {
  market: string;
  channel: C;
}

interface Entry {
  wanted: boolean;
  wire: WireState;
}

export class SubscriptionTracker<C extends string> {
  private readonly byChannel = new Map<C, Map<string, Entry>>();
  /** Pairs lost in transit since creation. */
  lostInTransit = 0;

  /** Marks pairs wanted; returns those that were not wanted before. */
  want(markets: readonly string[], channels: readonly C[]): Subscription<C>[] {
    const added: Subscription<C>[] = [];
    for (const channel of channels) {
      let entries = this.byChannel.get(channel);
      if (!entries) this.byChannel.set(channel, (entries = new Map()));
      for (const market of markets) {
        const e = entries.get(market);
        if (e?.wanted) continue;
        if (e) e.wanted = true;
        else entries.set(market, { wanted: true, wire: 'none' });
        added.push({ market, channel });
      }
    }
    return added;
  }

  /** Marks pairs no longer wanted; returns those that were wanted. Subscribed ones await `toUnsubscribe`. */
  unwant(markets: readonly string[], channels: readonly C[]): Subscription<C>[] {
    const removed: Subscription<C>[] = [];
    for (const channel of channels) {
      const entries = this.byChannel.get(channel);
      if (!entries) continue;
      for (const market of markets) {
        const e = entries.get(market);
        if (!e?.wanted) continue;
        e.wanted = false;
        removed.push({ market, channel });
        if (e.wire === 'none') entries.delete(market);
      }
    }
    return removed;
  }

  wants(market: string, channel: C): boolean {
    return this.byChannel.get(channel)?.get(market)?.wanted === true;
  }

  /** Whether the market is wanted on any channel (of `channels`, when given). */
  wantsMarket(market: string, channels?: readonly C[]): boolean {
    for (const [channel, entries] of this.byChannel) {
      if (channels && !channels.includes(channel)) continue;
      if (entries.get(market)?.wanted) return true;
    }
    return false;
  }

  /** Whether any market is wanted on the channel. */
  wantsChannel(channel: C): boolean {
    for (const e of this.byChannel.get(channel)?.values() ?? []) if (e.wanted) return true;
    return false;
  }

  /** Markets wanted on the channel, or on any channel. */
  wanted(channel?: C): string[] {
    const out = new Set<string>();
    for (const [c, entries] of this.byChannel) {
      if (channel !== undefined && c !== channel) continue;
      for (const [market, e] of entries) if (e.wanted) out.add(market);
    }
    return [...out];
  }

  /** Channels with anything wanted or on the wire. */
  channels(): C[] {
    return [...this.byChannel].filter(([, entries]) => entries.size > 0).map(([c]) => c);
  }

  state(market: string, channel: C): WireState {
    return this.byChannel.get(channel)?.get(market)?.wire ?? 'none';
  }

  /** Wanted pairs not on the wire (of one channel, or all): send these. */
  toSubscribe(channel?: C): Subscription<C>[] {
    return this.select(channel, (e) => e.wanted && e.wire === 'none');
  }

  /**
   * For venues whose wire subscribes whole markets: the markets with a pair to send and none on
   * the wire yet (a market already subscribed for one channel is not sent again for another).
   */
  marketsToSubscribe(): string[] {
    const onWire = new Set(marketsOf(this.select(undefined, (e) => e.wire !== 'none')));
    return marketsOf(this.toSubscribe()).filter((m) => !onWire.has(m));
  }

  /** Pairs on the wire that are no longer wanted: take these back. */
  toUnsubscribe(channel?: C): Subscription<C>[] {
    return this.select(channel, (e) => !e.wanted && e.wire !== 'none');
  }

  /** Pairs the venue has confirmed (wanted or not). */
  acked(channel?: C): Subscription<C>[] {
    return this.select(channel, (e) => e.wire === 'acked');
  }

  /** The pairs were sent; the answer is pending. */
  sending(pairs: readonly Subscription<C>[]): void {
    for (const e of this.entries(pairs)) e.wire = 'sending';
  }

  /** The venue confirmed the pairs. */
  acknowledged(pairs: readonly Subscription<C>[]): void {
    for (const e of this.entries(pairs)) e.wire = 'acked';
  }

  /** The venue took the pairs back (or never had them): they leave the wire. */
  unsubscribed(pairs: readonly Subscription<C>[]): void {
    this.settle(pairs, () => undefined);
  }

  /** The command carrying the pairs was lost in transit: still wanted, to be sent again. */
  lost(pairs: readonly Subscription<C>[]): void {
    const inTransit = pairs.filter((p) => this.state(p.market, p.channel) === 'sending');
    this.lostInTransit += inTransit.length;
    this.settle(inTransit, () => undefined);
  }

  /** The venue refused the pairs: they are no longer wanted and never re-sent. */
  refused(pairs: readonly Subscription<C>[]): void {
    this.settle(pairs, (e) => (e.wanted = false));
  }

  /**
   * The connection is gone and the venue forgot every subscription: every wanted pair is to be
   * sent again, unwanted ones are forgotten. Returns the pairs that were in transit.
   */
  connectionLost(): Subscription<C>[] {
    const inTransit: Subscription<C>[] = [];
    for (const [channel, entries] of this.byChannel) {
      for (const [market, e] of entries) {
        if (e.wire === 'sending') inTransit.push({ market, channel });
        e.wire = 'none';
        if (!e.wanted) entries.delete(market);
      }
    }
    this.lostInTransit += inTransit.length;
    return inTransit;
  }

  /** Forgets everything (the stream closed). */
  clear(): void {
    this.byChannel.clear();
  }

  private settle(pairs: readonly Subscription<C>[], change: (e: Entry) => void): void {
    for (const { market, channel } of pairs) {
      const entries = this.byChannel.get(channel);
      const e = entries?.get(market);
      if (!entries || !e) continue;
      change(e);
      e.wire = 'none';
      if (!e.wanted) entries.delete(market);
    }
  }

  private *entries(pairs: readonly Subscription<C>[]): Iterable<Entry> {
    for (const { market, channel } of pairs) {
      const e = this.byChannel.get(channel)?.get(market);
      if (e) yield e;
    }
  }

  private select(channel: C | undefined, keep: (e: Entry) => boolean): Subscription<C>[] {
    const out: Subscription<C>[] = [];
    for (const [c, entries] of this.byChannel) {
      if (channel !== undefined && c !== channel) continue;
      for (const [market, e] of entries) if (keep(e)) out.push({ market, channel: c });
    }
    return out;
  }
}

/** The markets of some pairs, without repeats, in order. */
export function marketsOf(pairs: readonly { market: string }[]): string[] {
  return [...new Set(pairs.map((p) => p.market))];
}
