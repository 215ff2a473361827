/**
 * The cache and bus contracts. Values are JSON-serialisable. Two implementations each: in-memory
 * (the default, no setup) and Redis (chosen by `REDIS_URL`). Both pass test/contract/cache.
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
