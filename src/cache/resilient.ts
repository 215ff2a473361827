import type { Logger } from 'pino';
import type { BackendHealth, HealthBus, HealthCache, SetOptions, Unsubscribe } from './types.js';
import { MemoryBus, MemoryCache } from './memory.js';
import { isReplyError } from './redis.js';
import type { RedisBus, RedisCache } from './redis.js';

type State = 'up' | 'down' | 'recovering';

export interface ResilientCacheOptions {
  logger: Logger;
  /** While commands time out on a connection that looks open, Redis is probed this often (default 1000). */
  probeIntervalMs?: number;
}

/**
 * Redis with an in-memory fallback. While Redis is unreachable every call is served by memory, so
 * the service keeps answering; writes made meanwhile are remembered and replayed into Redis when it
 * is back, before calls are routed to it again. Logs once when Redis goes away and once when it
 * recovers.
 */
export class ResilientCache implements HealthCache {
  private state: State = 'down';
  private everUp = false;
  private readonly fallback = new MemoryCache();
  /** Keys written or deleted while not up, to be replayed into Redis. */
  private readonly dirty = new Set<string>();
  private probe: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly reconnectListeners = new Set<() => void>();
  private readonly logger: Logger;
  private readonly probeIntervalMs: number;

  constructor(
    readonly primary: RedisCache,
    options: ResilientCacheOptions,
  ) {
    this.logger = options.logger;
    this.probeIntervalMs = options.probeIntervalMs ?? 1000;
    primary.client.on('ready', () => void this.recover());
    primary.client.on('close', () => this.markDown('connection closed'));
    if (primary.client.status === 'ready') void this.recover();
  }

  health(): BackendHealth {
    return { backend: 'redis', connected: this.state === 'up' };
  }

  /**
   * Called each time Redis serves calls again after an outage (not on the first connection: what
   * was written on the fallback before it is replayed into Redis anyway).
   */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  get<T = unknown>(key: string): Promise<T | undefined> {
    return this.run((c) => c.get<T>(key));
  }

  getMany<T = unknown>(keys: string[]): Promise<(T | undefined)[]> {
    return this.run((c) => c.getMany<T>(keys));
  }

  set(key: string, value: unknown, options?: SetOptions): Promise<void> {
    return this.run((c) => c.set(key, value, options), [key]);
  }

  setMany(entries: { key: string; value: unknown; ttlMs?: number }[]): Promise<void> {
    return this.run(
      (c) => c.setMany(entries),
      entries.map((e) => e.key),
    );
  }

  /** Atomic across instances while Redis is up; during an outage only within this instance. */
  setIfAbsent(key: string, value: unknown, options?: SetOptions): Promise<boolean> {
    return this.run((c) => c.setIfAbsent(key, value, options), [key]);
  }

  /** Atomic across instances while Redis is up; during an outage only within this instance. */
  increment(key: string, delta: number, options?: SetOptions): Promise<number> {
    return this.run((c) => c.increment(key, delta, options), [key]);
  }

  delete(keys: string | string[]): Promise<void> {
    return this.run((c) => c.delete(keys), typeof keys === 'string' ? [keys] : keys);
  }

  async *scan(prefix: string, batchSize?: number): AsyncIterable<string[]> {
    const yielded = new Set<string>();
    if (this.state === 'up') {
      try {
        for await (const batch of this.primary.scan(prefix, batchSize)) {
          for (const k of batch) yielded.add(k);
          yield batch;
        }
        return;
      } catch (err) {
        if (isReplyError(err)) throw err;
        this.markDown(err);
      }
    }
    for await (const batch of this.fallback.scan(prefix, batchSize)) {
      const fresh = batch.filter((k) => !yielded.has(k));
      if (fresh.length > 0) yield fresh;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.reconnectListeners.clear();
    this.stopProbe();
    await this.primary.close();
    await this.fallback.close();
  }

  private async run<T>(op: (cache: HealthCache) => Promise<T>, writes?: string[]): Promise<T> {
    if (this.state === 'up') {
      try {
        return await op(this.primary);
      } catch (err) {
        if (isReplyError(err)) throw err;
        this.markDown(err);
      }
    }
    if (writes) for (const k of writes) this.dirty.add(k);
    return op(this.fallback);
  }

  private markDown(reason: unknown): void {
    if (this.closed) return;
    const wasUp = this.state === 'up';
    this.state = 'down';
    if (wasUp) {
      const message = reason instanceof Error ? reason.message : String(reason);
      this.logger.warn({ reason: message }, 'cache: redis unavailable, serving from memory');
    }
    // A connection that still looks open but does not answer is probed until it does.
    if (this.primary.client.status === 'ready' && !this.probe) {
      this.probe = setInterval(() => {
        this.primary.client.ping().then(
          () => {
            this.stopProbe();
            void this.recover();
          },
          () => undefined,
        );
      }, this.probeIntervalMs);
      this.probe.unref();
    }
  }

  private stopProbe(): void {
    if (this.probe) clearInterval(this.probe);
    this.probe = null;
  }

  /** Replays what was written while down, then routes calls to Redis again. */
  private async recover(): Promise<void> {
    if (this.closed || this.state !== 'down') return;
    this.state = 'recovering';
    for (;;) {
      const keys = [...this.dirty];
      // Checked synchronously right before switching: no write can slip in between.
      if (keys.length === 0) break;
      this.dirty.clear();
      const live = this.fallback.entriesSnapshot(keys);
      const liveKeys = new Set(live.map((e) => e.key));
      const gone = keys.filter((k) => !liveKeys.has(k));
      try {
        await this.primary.setMany(live);
        if (gone.length > 0) await this.primary.delete(gone);
      } catch (err) {
        for (const k of keys) this.dirty.add(k);
        this.logger.debug({ err: err instanceof Error ? err.message : String(err) }, 'cache: replay into redis failed');
        // Back to down (no second "unavailable" line); probes again if the connection looks open.
        this.markDown(err);
        return;
      }
      if (this.state !== 'recovering') return;
    }
    this.state = 'up';
    this.fallback.clear();
    this.logger.info(this.everUp ? 'cache: redis recovered' : 'cache: redis connected');
    const reconnected = this.everUp;
    this.everUp = true;
    if (reconnected) {
      for (const listener of [...this.reconnectListeners]) {
        try {
          listener();
        } catch (err) {
          this.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'cache: reconnect listener failed');
        }
      }
    }
  }
}

export interface ResilientBusOptions {
  logger: Logger;
}

/**
 * Redis pub/sub with in-process delivery while Redis is down: a message published during an
 * outage reaches this instance's subscribers (other instances cannot be reached anyway).
 */
export class ResilientBus implements HealthBus {
  private readonly local = new MemoryBus();
  private everUp = false;
  private up = false;
  private readonly logger: Logger;

  constructor(
    readonly primary: RedisBus,
    options: ResilientBusOptions,
  ) {
    this.logger = options.logger;
    primary.onConnectionChange((connected) => this.onChange(connected));
    if (primary.health().connected) this.onChange(true);
  }

  health(): BackendHealth {
    return { backend: 'redis', connected: this.up };
  }

  async publish(channel: string, message: unknown): Promise<void> {
    if (this.up) {
      try {
        await this.primary.publish(channel, message);
        return;
      } catch (err) {
        if (isReplyError(err)) throw err;
        this.logger.debug({ err: err instanceof Error ? err.message : String(err) }, 'bus: publish to redis failed');
        // A publish that timed out on a live connection may still be delivered by Redis: delivering
        // it in-process too would hand local subscribers a duplicate, out of order. It is dropped
        // (consumers detect a lost message by its sequence). Only a connection known to be gone
        // sends the message in-process.
        if (this.primary.health().connected) throw err;
      }
    }
    await this.local.publish(channel, message);
  }

  async subscribe(channel: string, handler: (message: unknown) => void): Promise<Unsubscribe> {
    const [a, b] = await Promise.all([this.primary.subscribe(channel, handler), this.local.subscribe(channel, handler)]);
    return async () => {
      await Promise.all([a(), b()]);
    };
  }

  async close(): Promise<void> {
    await this.local.close();
    await this.primary.close();
  }

  private onChange(connected: boolean): void {
    if (connected === this.up) return;
    this.up = connected;
    if (connected) {
      this.logger.info(this.everUp ? 'bus: redis recovered' : 'bus: redis connected');
      this.everUp = true;
    } else if (this.everUp) {
      this.logger.warn('bus: redis unavailable, delivering in-process only');
    }
  }
}
