/**
 * One venue's stream, shared by every market the live book service holds on that venue: one
 * `adapter.stream()` per venue, one upstream subscription per (market, channel). Markets asked for
 * together are subscribed in one call (`add` batches until the next turn of the event loop).
 *
 * A subscription lost to the network (`NetworkError`, including timeouts) stays wanted and is
 * asked again after `retryMs`; one the venue refuses (any other error) is isolated market by
 * market and reported through `onRefused`, so the service can poll that market instead. A stream
 * that cannot be opened at all refuses everything.
 */
import type { Logger } from 'pino';
import { NetworkError } from '../core/index.js';
import type { StreamClock, StreamEvent, VenueAdapter, VenueStream } from '../venue/index.js';
import type { DataChannel } from './messages.js';

export interface StreamUpstreamOptions {
  adapter: VenueAdapter;
  clock: StreamClock;
  logger: Logger;
  onEvent(event: StreamEvent): void;
  /** The venue refused the market on this channel (or has no usable stream). */
  onRefused(marketId: string, channel: DataChannel, error: unknown): void;
  /** Delay before asking again after a network failure (default 2 s). */
  retryMs?: number;
}

export class StreamUpstream {
  private stream: VenueStream | undefined;
  private unavailable: unknown;
  private readonly wanted = new Map<DataChannel, Set<string>>();
  private readonly pending = new Map<DataChannel, Set<string>>();
  private flushing = false;
  private readonly retries = new Set<unknown>();
  /** Subscribe calls in flight per (market, channel). */
  private readonly inFlight = new Map<string, number>();
  private closed = false;
  /** Subscribe calls made, and (market, channel) pairs sent in them. */
  readonly counters = { subscribeCalls: 0, subscribed: 0, unsubscribed: 0, retries: 0, refused: 0 };

  constructor(private readonly options: StreamUpstreamOptions) {}

  get venue() {
    return this.options.adapter.venue;
  }

  /** False once the venue's stream could not be opened (its markets are polled then). */
  get usable(): boolean {
    return this.unavailable === undefined;
  }

  /** (market, channel) pairs currently wanted upstream. */
  get size(): number {
    let n = 0;
    for (const set of this.wanted.values()) n += set.size;
    return n;
  }

  wants(marketId: string, channel: DataChannel): boolean {
    return this.wanted.get(channel)?.has(marketId) ?? false;
  }

  add(marketId: string, channel: DataChannel): void {
    if (this.closed) return;
    setOf(this.wanted, channel).add(marketId);
    setOf(this.pending, channel).add(marketId);
    if (!this.flushing) {
      this.flushing = true;
      setImmediate(() => this.flush());
    }
  }

  remove(marketId: string, channel: DataChannel): void {
    this.wanted.get(channel)?.delete(marketId);
    if (this.pending.get(channel)?.delete(marketId)) return;
    // A subscribe in flight is taken back once it settles (see `settled`).
    if (this.inFlight.has(pairKey(marketId, channel))) return;
    this.unsubscribe(marketId, channel);
  }

  private unsubscribe(marketId: string, channel: DataChannel): void {
    if (!this.stream || this.closed) return;
    this.counters.unsubscribed += 1;
    this.stream.unsubscribe([marketId], [channel]).catch((err: unknown) => {
      this.options.logger.warn({ venue: this.venue, market: marketId, channel, err: errText(err) }, 'upstream unsubscribe failed');
    });
  }

  /** Takes the market's subscriptions back and makes them again, for a fresh snapshot. */
  resubscribe(marketId: string): void {
    const stream = this.stream;
    if (!stream || this.closed) return;
    const channels = [...this.wanted].filter(([, set]) => set.has(marketId)).map(([c]) => c);
    if (channels.length === 0) return;
    this.options.logger.info({ venue: this.venue, market: marketId }, 'resubscribing a book that stayed stale');
    stream.unsubscribe([marketId], channels).then(
      () => {
        for (const c of channels) if (this.wants(marketId, c)) this.add(marketId, c);
      },
      (err: unknown) => this.options.logger.warn({ venue: this.venue, market: marketId, err: errText(err) }, 'upstream unsubscribe failed'),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const r of this.retries) this.options.clock.clearTimeout(r);
    this.retries.clear();
    this.wanted.clear();
    this.pending.clear();
    const stream = this.stream;
    this.stream = undefined;
    await stream?.close();
  }

  private open(): VenueStream | undefined {
    if (this.stream || this.unavailable !== undefined) return this.stream;
    try {
      const stream = this.options.adapter.stream();
      stream.onEvent((event) => this.options.onEvent(event));
      this.stream = stream;
    } catch (err) {
      this.unavailable = err;
      this.options.logger.warn({ venue: this.venue, err: errText(err) }, 'venue stream unavailable: its books are polled');
    }
    return this.stream;
  }

  private flush(): void {
    this.flushing = false;
    if (this.closed) return;
    const stream = this.open();
    for (const [channel, set] of this.pending) {
      const markets = [...set];
      set.clear();
      if (markets.length === 0) continue;
      if (!stream) {
        for (const m of markets) this.refuse(m, channel, this.unavailable);
        continue;
      }
      this.subscribe(stream, markets, channel);
    }
  }

  private subscribe(stream: VenueStream, markets: string[], channel: DataChannel): void {
    this.counters.subscribeCalls += 1;
    this.counters.subscribed += markets.length;
    for (const m of markets) this.inFlight.set(pairKey(m, channel), (this.inFlight.get(pairKey(m, channel)) ?? 0) + 1);
    const done = stream.subscribe(markets, [channel]).finally(() => this.settled(markets, channel));
    done.catch((err: unknown) => {
      if (this.closed) return;
      const still = markets.filter((m) => this.wants(m, channel));
      if (still.length === 0) return;
      if (err instanceof NetworkError) {
        this.options.logger.warn({ venue: this.venue, channel, markets: still.length, err: errText(err) }, 'upstream subscribe failed; asking again');
        this.retryLater(still, channel);
      } else if (still.length > 1) {
        // One refused market fails the whole call: ask again market by market to find it.
        for (const m of still) this.subscribe(stream, [m], channel);
      } else {
        this.refuse(still[0]!, channel, err);
      }
    });
  }

  /** Markets no longer wanted once their subscribe settled are taken back now. */
  private settled(markets: string[], channel: DataChannel): void {
    for (const m of markets) {
      const key = pairKey(m, channel);
      const n = (this.inFlight.get(key) ?? 1) - 1;
      if (n > 0) {
        this.inFlight.set(key, n);
        continue;
      }
      this.inFlight.delete(key);
      if (!this.wants(m, channel) && !this.pending.get(channel)?.has(m)) this.unsubscribe(m, channel);
    }
  }

  private retryLater(markets: string[], channel: DataChannel): void {
    const handle = this.options.clock.setTimeout(() => {
      this.retries.delete(handle);
      this.counters.retries += 1;
      for (const m of markets) if (this.wants(m, channel)) this.add(m, channel);
    }, this.options.retryMs ?? 2_000);
    this.retries.add(handle);
  }

  private refuse(marketId: string, channel: DataChannel, err: unknown): void {
    this.counters.refused += 1;
    this.wanted.get(channel)?.delete(marketId);
    this.options.onRefused(marketId, channel, err);
  }
}

const pairKey = (marketId: string, channel: DataChannel) => `${channel} ${marketId}`;

function setOf<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}

export function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
