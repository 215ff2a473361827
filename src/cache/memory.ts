import type { BackendHealth, HealthBus, HealthCache, SetOptions, Unsubscribe } from './types.js';
import { decodeValue, encodeValue } from './json.js';

interface Entry {
  /** JSON text: stored serialised so that readers never share objects with writers. */
  text: string;
  /** Epoch ms, or 0 for no expiry. */
  expiresAt: number;
}

export interface MemoryCacheOptions {
  /** Entries inspected for expiry on each write (bounded work per call; default 16). */
  sweepPerWrite?: number;
  /** Clock, for tests (default Date.now). */
  now?: () => number;
}

/** A raw entry with its remaining time to live, for replaying into another backend. */
export interface MemoryEntry {
  key: string;
  value: unknown;
  ttlMs?: number;
}

/**
 * In-process cache. Expired entries are dropped lazily when read, and a few more on every write by
 * an incremental sweep, so no call ever does unbounded work.
 */
export class MemoryCache implements HealthCache {
  private readonly entries = new Map<string, Entry>();
  private sweeper: Iterator<[string, Entry]> | null = null;
  private readonly sweepPerWrite: number;
  private readonly now: () => number;

  constructor(options: MemoryCacheOptions = {}) {
    this.sweepPerWrite = options.sweepPerWrite ?? 16;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    return decodeValue<T>(this.live(key)?.text);
  }

  async getMany<T = unknown>(keys: string[]): Promise<(T | undefined)[]> {
    return keys.map((k) => decodeValue<T>(this.live(k)?.text));
  }

  async set(key: string, value: unknown, options: SetOptions = {}): Promise<void> {
    this.put(key, value, options.ttlMs);
    this.sweep();
  }

  async setMany(entries: { key: string; value: unknown; ttlMs?: number }[]): Promise<void> {
    for (const e of entries) this.put(e.key, e.value, e.ttlMs);
    this.sweep();
  }

  async setIfAbsent(key: string, value: unknown, options: SetOptions = {}): Promise<boolean> {
    if (this.live(key) !== undefined) return false;
    this.put(key, value, options.ttlMs);
    this.sweep();
    return true;
  }

  async increment(key: string, delta: number, options: SetOptions = {}): Promise<number> {
    checkDelta(delta);
    const entry = this.live(key);
    const current = entry === undefined ? 0 : Number(JSON.parse(entry.text));
    if (!Number.isSafeInteger(current)) throw new TypeError(`cache key ${key} does not hold an integer`);
    const next = current + delta;
    if (entry === undefined) this.put(key, next, options.ttlMs);
    else entry.text = encodeValue(next);
    this.sweep();
    return next;
  }

  async delete(keys: string | string[]): Promise<void> {
    for (const k of typeof keys === 'string' ? [keys] : keys) this.entries.delete(k);
  }

  async *scan(prefix: string, batchSize = 100): AsyncIterable<string[]> {
    const size = Math.max(1, batchSize);
    let batch: string[] = [];
    const now = this.now();
    // Map iteration tolerates concurrent inserts and deletes.
    for (const [key, entry] of this.entries) {
      if (!key.startsWith(prefix) || (entry.expiresAt !== 0 && entry.expiresAt <= now)) continue;
      batch.push(key);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /** Every live entry with its remaining TTL (synchronous snapshot). */
  entriesSnapshot(keys?: Iterable<string>): MemoryEntry[] {
    const out: MemoryEntry[] = [];
    const now = this.now();
    const wanted = keys ?? this.entries.keys();
    for (const key of wanted) {
      const e = this.live(key, now);
      if (!e) continue;
      out.push(e.expiresAt === 0 ? { key, value: JSON.parse(e.text) } : { key, value: JSON.parse(e.text), ttlMs: e.expiresAt - now });
    }
    return out;
  }

  has(key: string): boolean {
    return this.live(key) !== undefined;
  }

  clear(): void {
    this.entries.clear();
    this.sweeper = null;
  }

  health(): BackendHealth {
    return { backend: 'memory', connected: true };
  }

  /** Memory is never lost while the process runs: the listener is never called. */
  onReconnect(_listener: () => void): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {
    this.clear();
  }

  private put(key: string, value: unknown, ttlMs: number | undefined): void {
    const text = encodeValue(value);
    if (ttlMs !== undefined && !(ttlMs > 0)) {
      // A non-positive TTL means "already expired".
      this.entries.delete(key);
      return;
    }
    const expiresAt = ttlMs === undefined ? 0 : this.now() + Math.ceil(ttlMs);
    this.entries.set(key, { text, expiresAt });
  }

  private live(key: string, now = this.now()): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expiresAt !== 0 && e.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  private sweep(): void {
    if (this.entries.size === 0) return;
    const now = this.now();
    for (let i = 0; i < this.sweepPerWrite; i++) {
      this.sweeper ??= this.entries.entries();
      const next = this.sweeper.next();
      if (next.done) {
        this.sweeper = null;
        return;
      }
      const [key, entry] = next.value;
      if (entry.expiresAt !== 0 && entry.expiresAt <= now) this.entries.delete(key);
    }
  }
}

/** Counters move by whole numbers only (as Redis `INCRBY`). */
export function checkDelta(delta: number): void {
  if (!Number.isSafeInteger(delta)) throw new TypeError(`increment needs a whole number, got ${delta}`);
}

type Handler = (message: unknown) => void;

export interface MemoryBusOptions {
  /** Called when a handler throws; delivery to the other handlers continues. */
  onHandlerError?: (error: unknown, channel: string) => void;
}

/**
 * In-process pub/sub. Messages are delivered asynchronously (next microtask) as a fresh JSON copy,
 * so handlers see the same shapes they would through Redis.
 */
export class MemoryBus implements HealthBus {
  private readonly channels = new Map<string, Set<Handler>>();
  private closed = false;

  constructor(private readonly options: MemoryBusOptions = {}) {}

  async publish(channel: string, message: unknown): Promise<void> {
    if (this.closed) return;
    this.deliver(channel, encodeValue(message));
  }

  /** Delivers already-encoded JSON to local subscribers. */
  deliver(channel: string, text: string): void {
    const handlers = this.channels.get(channel);
    if (!handlers || handlers.size === 0) return;
    const list = [...handlers];
    queueMicrotask(() => {
      for (const h of list) {
        if (!handlers.has(h)) continue;
        try {
          h(JSON.parse(text));
        } catch (err) {
          this.options.onHandlerError?.(err, channel);
        }
      }
    });
  }

  async subscribe(channel: string, handler: Handler): Promise<Unsubscribe> {
    let set = this.channels.get(channel);
    if (!set) {
      set = new Set();
      this.channels.set(channel, set);
    }
    // Wrap so that the same function may be subscribed twice and unsubscribed independently.
    const own: Handler = (m) => handler(m);
    set.add(own);
    return async () => {
      const s = this.channels.get(channel);
      if (!s) return;
      s.delete(own);
      if (s.size === 0) this.channels.delete(channel);
    };
  }

  health(): BackendHealth {
    return { backend: 'memory', connected: true };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.channels.clear();
  }
}
