import { Cluster, Redis } from 'ioredis';
import type { ClusterOptions, RedisOptions } from 'ioredis';
import type { BackendHealth, HealthBus, HealthCache, SetOptions, Unsubscribe } from './types.js';
import { decodeValue, encodeValue, escapeGlob } from './json.js';
import { checkDelta } from './memory.js';
import { parseRedisUrl } from './redis-url.js';
import { restoreFastStringPrototype } from './string-prototype.js';

// ioredis, evaluated before this module, has just slowed every string method down (see there).
restoreFastStringPrototype();

/** A connection to whichever deployment `REDIS_URL` names (redis-url.ts). */
export type RedisClient = Redis | Cluster;

/** INCRBY, and the TTL when this call created the key, in one atomic step. */
const INCREMENT_SCRIPT = `
local existed = redis.call('EXISTS', KEYS[1])
local v = redis.call('INCRBY', KEYS[1], ARGV[1])
if existed == 0 and tonumber(ARGV[2]) > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return v`;

export interface RedisConnectionOptions {
  /** `REDIS_URL`: one server, a Sentinel set or a Cluster (see redis-url.ts). */
  url: string;
  /** Prepended to every key and channel (default `venn:`), so several apps can share one Redis. */
  keyPrefix?: string;
  /** A command that gets no reply within this many ms fails instead of hanging (default 1000). */
  commandTimeoutMs?: number;
  /** Cap of the exponential reconnect backoff (default 2000). */
  maxReconnectDelayMs?: number;
}

/**
 * A client that never lets a command hang: no offline queue (commands fail at once while
 * disconnected), no per-request retries, a command timeout, and reconnects with capped
 * exponential backoff plus jitter. A `Redis` for one server or a Sentinel set, a `Cluster` for a
 * cluster; `extra` applies to every node connection.
 */
export function createRedisClient(options: RedisConnectionOptions, extra: Partial<RedisOptions> = {}): RedisClient {
  const maxDelay = options.maxReconnectDelayMs ?? 2000;
  const backoff = (times: number): number => Math.min(maxDelay, 25 * 2 ** Math.min(times, 10)) + Math.floor(Math.random() * 25);
  const target = parseRedisUrl(options.url);
  const node: RedisOptions = {
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: options.commandTimeoutMs ?? 1000,
    connectTimeout: 2000,
  };
  if (target.username !== undefined) node.username = target.username;
  if (target.password !== undefined) node.password = target.password;
  if (target.tls) node.tls = {};
  let client: RedisClient;
  if (target.kind === 'cluster') {
    const { retryStrategy: _ignored, enableOfflineQueue: _offline, ...rest } = extra;
    const clusterOptions: ClusterOptions = {
      enableOfflineQueue: false,
      clusterRetryStrategy: backoff,
      // A moved or refused command is retried a little while the cluster reshapes; never queued offline.
      retryDelayOnFailover: 100,
      retryDelayOnClusterDown: 100,
      slotsRefreshTimeout: 2000,
      redisOptions: { ...node, ...rest },
    };
    client = new Cluster(target.nodes, clusterOptions);
  } else {
    const common: RedisOptions = { ...node, enableOfflineQueue: false, retryStrategy: backoff, ...extra };
    client =
      target.kind === 'single'
        ? new Redis(target.url, common)
        : new Redis({
            ...common,
            sentinels: target.sentinels,
            name: target.name,
            db: target.db,
            ...(target.sentinelUsername !== undefined ? { sentinelUsername: target.sentinelUsername } : {}),
            ...(target.sentinelPassword !== undefined ? { sentinelPassword: target.sentinelPassword } : {}),
            ...(target.tls ? { enableTLSForSentinelMode: true } : {}),
            sentinelRetryStrategy: backoff,
          });
  }
  // Connection errors are reported through the status; without a listener ioredis prints them.
  client.on('error', () => undefined);
  return client;
}

/** The clients holding the data: every master of a Cluster, else the one connection. */
export function masters(client: RedisClient): Redis[] {
  if (!(client instanceof Cluster)) return [client];
  const nodes = client.nodes('master');
  // Before the slots are known the list is empty: an empty SCAN would pass for "no keys".
  if (nodes.length === 0 || client.status !== 'ready') throw new Error(`redis cluster not ready (${client.status})`);
  return nodes;
}

/** Resolves once `client` is ready, or rejects after `timeoutMs`. */
export function waitForReady(client: RedisClient, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      if (err) reject(err);
      else resolve();
    };
    const onReady = () => done();
    const timer = setTimeout(() => done(new Error(`redis not ready after ${timeoutMs} ms`)), timeoutMs);
    client.on('ready', onReady);
  });
}

/**
 * Resolves once `client` is ready, or as soon as its first connection attempt fails (refused,
 * closed), or after `timeoutMs`: whichever comes first. Never rejects. True when ready.
 */
export function readyOrFailed(client: RedisClient, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const events = ['ready', 'error', 'close', 'end'] as const;
    const done = () => {
      clearTimeout(timer);
      for (const e of events) client.off(e, done);
      resolve(client.status === 'ready');
    };
    const timer = setTimeout(done, timeoutMs);
    for (const e of events) client.on(e, done);
  });
}

/** Errors that mean "the server did answer" (so falling back would hide a real bug). */
export function isReplyError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'ReplyError' || err instanceof SyntaxError || err instanceof TypeError);
}

const CHUNK = 500;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The Cache contract over Redis: JSON values, MGET, pipelined SET … PX, SCAN MATCH prefix*. */
export class RedisCache implements HealthCache {
  readonly client: RedisClient;
  private readonly prefix: string;

  constructor(options: RedisConnectionOptions) {
    this.prefix = options.keyPrefix ?? 'venn:';
    this.client = createRedisClient(options);
  }

  ready(timeoutMs = 5000): Promise<void> {
    return waitForReady(this.client, timeoutMs);
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    return decodeValue<T>(await this.client.get(this.prefix + key));
  }

  /** Multi-key commands need one hash slot on a Cluster: there, keys go one by one (pipelined by ioredis per node). */
  private get clustered(): boolean {
    return this.client instanceof Cluster;
  }

  async getMany<T = unknown>(keys: string[]): Promise<(T | undefined)[]> {
    const out: (T | undefined)[] = [];
    for (const part of chunks(keys)) {
      const full = part.map((k) => this.prefix + k);
      const values = this.clustered ? await Promise.all(full.map((k) => this.client.get(k))) : await this.client.mget(full);
      for (const v of values) out.push(decodeValue<T>(v));
    }
    return out;
  }

  async set(key: string, value: unknown, options: SetOptions = {}): Promise<void> {
    const text = encodeValue(value);
    const ttl = options.ttlMs;
    if (ttl === undefined) await this.client.set(this.prefix + key, text);
    else if (ttl > 0) await this.client.set(this.prefix + key, text, 'PX', Math.ceil(ttl));
    else await this.client.del(this.prefix + key);
  }

  async setMany(entries: { key: string; value: unknown; ttlMs?: number }[]): Promise<void> {
    if (this.clustered) {
      for (const part of chunks(entries)) await Promise.all(part.map((e) => this.set(e.key, e.value, e.ttlMs === undefined ? {} : { ttlMs: e.ttlMs })));
      return;
    }
    if (entries.every((e) => e.ttlMs === undefined)) {
      // One MSET per chunk: one command (one reply) instead of one SET each.
      for (const part of chunks(entries)) {
        const args: string[] = [];
        for (const e of part) args.push(this.prefix + e.key, encodeValue(e.value));
        await this.client.mset(args);
      }
      return;
    }
    for (const part of chunks(entries)) {
      const pipeline = this.client.pipeline();
      for (const e of part) {
        const text = encodeValue(e.value);
        if (e.ttlMs === undefined) pipeline.set(this.prefix + e.key, text);
        else if (e.ttlMs > 0) pipeline.set(this.prefix + e.key, text, 'PX', Math.ceil(e.ttlMs));
        else pipeline.del(this.prefix + e.key);
      }
      const results = await pipeline.exec();
      for (const [err] of results ?? []) if (err) throw err;
    }
  }

  async setIfAbsent(key: string, value: unknown, options: SetOptions = {}): Promise<boolean> {
    const text = encodeValue(value);
    const ttl = options.ttlMs;
    if (ttl !== undefined && !(ttl > 0)) return (await this.client.exists(this.prefix + key)) === 0;
    const reply = ttl === undefined ? await this.client.set(this.prefix + key, text, 'NX') : await this.client.set(this.prefix + key, text, 'PX', Math.ceil(ttl), 'NX');
    return reply === 'OK';
  }

  async increment(key: string, delta: number, options: SetOptions = {}): Promise<number> {
    checkDelta(delta);
    const ttl = options.ttlMs === undefined ? 0 : Math.max(1, Math.ceil(options.ttlMs));
    const reply = await this.client.eval(INCREMENT_SCRIPT, 1, this.prefix + key, String(delta), String(ttl));
    return Number(reply);
  }

  async delete(keys: string | string[]): Promise<void> {
    const list = typeof keys === 'string' ? [keys] : keys;
    for (const part of chunks(list)) {
      if (part.length === 0) continue;
      if (this.clustered) await Promise.all(part.map((k) => this.client.del(this.prefix + k)));
      else await this.client.del(...part.map((k) => this.prefix + k));
    }
  }

  /** SCAN MATCH prefix* over every master (a Cluster's keys are spread over them). */
  async *scan(prefix: string, batchSize = 100): AsyncIterable<string[]> {
    const size = Math.max(1, batchSize);
    const pattern = `${escapeGlob(this.prefix + prefix)}*`;
    const seen = new Set<string>(); // SCAN may return a key more than once
    let batch: string[] = [];
    for (const node of masters(this.client)) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', Math.max(size, 100));
        cursor = next;
        for (const full of keys) {
          if (seen.has(full)) continue;
          seen.add(full);
          batch.push(full.slice(this.prefix.length));
          if (batch.length >= size) {
            yield batch;
            batch = [];
          }
        }
      } while (cursor !== '0');
    }
    if (batch.length > 0) yield batch;
  }

  health(): BackendHealth {
    return { backend: 'redis', connected: this.client.status === 'ready' };
  }

  /** Every 'ready' of the connection after its first one. */
  onReconnect(listener: () => void): () => void {
    let first = this.client.status !== 'ready';
    const onReady = () => {
      if (first) first = false;
      else listener();
    };
    this.client.on('ready', onReady);
    return () => this.client.off('ready', onReady);
  }

  async close(): Promise<void> {
    await closeClient(this.client);
  }
}

async function closeClient(client: RedisClient): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // fall through to a hard disconnect
    }
  }
  client.disconnect();
}

type Handler = (message: unknown) => void;

export interface RedisBusOptions extends RedisConnectionOptions {
  onHandlerError?: (error: unknown, channel: string) => void;
}

/**
 * Pub/sub over Redis with a separate subscriber connection. Subscriptions are remembered and
 * re-issued whenever the subscriber (re)connects, so a subscription made while Redis is down
 * takes effect when it comes back.
 */
export class RedisBus implements HealthBus {
  readonly publisher: RedisClient;
  readonly subscriber: RedisClient;
  private readonly prefix: string;
  private readonly channels = new Map<string, Set<Handler>>();
  private readonly listeners = new Set<(connected: boolean) => void>();
  private lastConnected = false;

  constructor(private readonly options: RedisBusOptions) {
    this.prefix = options.keyPrefix ?? 'venn:';
    this.publisher = createRedisClient(options);
    this.subscriber = createRedisClient(options, { autoResubscribe: false });
    this.subscriber.on('message', (channel: string, text: string) => this.onMessage(channel, text));
    this.subscriber.on('ready', () => {
      const names = [...this.channels.keys()].map((c) => this.prefix + c);
      if (names.length > 0) this.subscriber.subscribe(...names).catch(() => undefined);
    });
    for (const client of [this.publisher, this.subscriber]) {
      for (const event of ['ready', 'close', 'end']) client.on(event, () => this.checkConnection());
    }
  }

  ready(timeoutMs = 5000): Promise<void> {
    return Promise.all([waitForReady(this.publisher, timeoutMs), waitForReady(this.subscriber, timeoutMs)]).then(
      () => undefined,
    );
  }

  /** Called with `true`/`false` whenever both connections become ready / one of them drops. */
  onConnectionChange(listener: (connected: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async publish(channel: string, message: unknown): Promise<void> {
    await this.publishVia().publish(this.prefix + channel, encodeValue(message));
  }

  /**
   * The connection publishes go through. A Cluster client sends a keyless command such as
   * PUBLISH to any node, and Redis Cluster keeps the order of the messages of one node only (it
   * forwards them over one link per node pair): every publish goes through the same master (the
   * first by address) so that subscribers receive one publisher's messages in order.
   */
  private publishVia(): Redis | Cluster {
    if (!(this.publisher instanceof Cluster)) return this.publisher;
    const address = (n: Redis) => `${n.options.host ?? ''}:${n.options.port ?? 0}`;
    const [first] = this.publisher.nodes('master').sort((a, b) => (address(a) < address(b) ? -1 : address(a) > address(b) ? 1 : 0));
    return first ?? this.publisher;
  }

  async subscribe(channel: string, handler: Handler): Promise<Unsubscribe> {
    let set = this.channels.get(channel);
    const first = !set;
    if (!set) {
      set = new Set();
      this.channels.set(channel, set);
    }
    const own: Handler = (m) => handler(m);
    set.add(own);
    if (first && this.subscriber.status === 'ready') {
      try {
        await this.subscriber.subscribe(this.prefix + channel);
      } catch (err) {
        if (isReplyError(err)) throw err;
        // Disconnected: the 'ready' handler subscribes again on reconnect.
      }
    }
    return async () => {
      const s = this.channels.get(channel);
      if (!s || !s.delete(own) || s.size > 0) return;
      this.channels.delete(channel);
      if (this.subscriber.status === 'ready') await this.subscriber.unsubscribe(this.prefix + channel).catch(() => undefined);
    };
  }

  health(): BackendHealth {
    return {
      backend: 'redis',
      connected: this.publisher.status === 'ready' && this.subscriber.status === 'ready',
    };
  }

  async close(): Promise<void> {
    this.channels.clear();
    this.listeners.clear();
    await Promise.all([closeClient(this.subscriber), closeClient(this.publisher)]);
  }

  private onMessage(fullChannel: string, text: string): void {
    if (!fullChannel.startsWith(this.prefix)) return;
    const channel = fullChannel.slice(this.prefix.length);
    const handlers = this.channels.get(channel);
    if (!handlers) return;
    for (const h of [...handlers]) {
      try {
        h(JSON.parse(text));
      } catch (err) {
        this.options.onHandlerError?.(err, channel);
      }
    }
  }

  private checkConnection(): void {
    const connected = this.health().connected;
    if (connected === this.lastConnected) return;
    this.lastConnected = connected;
    for (const l of [...this.listeners]) l(connected);
  }
}
