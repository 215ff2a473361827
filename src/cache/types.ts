/**
 * The cache and bus contracts. Values are JSON-serialisable. Two implementations each: in-memory
 * (the default, no setup) and Redis (chosen by `REDIS_URL`). Both pass the suites of test/contract/cache-contract.ts.
 */
export interface SetOptions {
  /** Time to live in milliseconds; omitted = no expiry. */
  ttlMs?: number;
}

export interface Cache {
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Values in the order of `keys`; `undefined` where missing or expired. */
  getMany<T = unknown>(keys: string[]): Promise<(T | undefined)[]>;
  set(key: string, value: unknown, options?: SetOptions): Promise<void>;
  setMany(entries: { key: string; value: unknown; ttlMs?: number }[]): Promise<void>;
  /**
   * Sets `key` only when it holds no live value, atomically (Redis `SET NX`): of several callers
   * racing for the same key, in one process or many, exactly one gets `true`. The claim primitive
   * behind idempotency records.
   */
  setIfAbsent(key: string, value: unknown, options?: SetOptions): Promise<boolean>;
  /**
   * Adds the whole number `delta` (may be negative) to the integer at `key` (0 when missing),
   * atomically, and returns the new value. `ttlMs` applies when the call creates the key; an
   * existing key keeps its expiry. Counters read back through `get` as numbers.
   */
  increment(key: string, delta: number, options?: SetOptions): Promise<number>;
  delete(keys: string | string[]): Promise<void>;
  /** Keys starting with `prefix`, in batches. */
  scan(prefix: string, batchSize?: number): AsyncIterable<string[]>;
  close(): Promise<void>;
}

export type Unsubscribe = () => Promise<void>;

export interface Bus {
  publish(channel: string, message: unknown): Promise<void>;
  subscribe(channel: string, handler: (message: unknown) => void): Promise<Unsubscribe>;
  close(): Promise<void>;
}

/** Which backend serves a cache or bus right now, for `/healthz` and `/readyz`. */
export interface BackendHealth {
  /** The configured backend. */
  backend: 'memory' | 'redis';
  /** False while a Redis backend is unreachable (the service then runs on its in-memory fallback). */
  connected: boolean;
}

/** A cache that reports its backend's health (every cache built by `createCache`). */
export interface HealthCache extends Cache {
  health(): BackendHealth;
  /**
   * Calls `listener` each time the backend is reachable again after being unreachable (and when a
   * backend that was down at start first connects): what it held may be gone. Returns an unsubscribe.
   */
  onReconnect(listener: () => void): () => void;
}

/** A bus that reports its backend's health (every bus built by `createBus`). */
export interface HealthBus extends Bus {
  health(): BackendHealth;
}
