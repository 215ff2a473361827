import type { RedisClient } from '../cache/redis.js';
import { HEARTBEAT_SCRIPT } from './budget-scripts.js';
import type { InstanceIdentity } from './instance.js';

/** One live instance as the registry last saw it. */
export interface InstanceEntry {
  id: string;
  host: string;
  pid: number;
  startedAt: string;
  lastSeenAt: string;
}

export interface RegistryHealth {
  backend: 'memory' | 'redis';
  /** The last heartbeat reached the store. */
  connected: boolean;
  lastHeartbeatAt: string | null;
}

/**
 * The instances of a deployment: each writes a heartbeat; an instance not heard from within the
 * TTL is gone. `count()` is the last known number of live instances (this one included), which
 * stays as it was while the store is unreachable: the shared budgets' fallback divides by it.
 */
export interface InstanceRegistry {
  readonly self: InstanceIdentity;
  count(): number;
  instances(): InstanceEntry[];
  health(): RegistryHealth;
  start(): Promise<void>;
  /** Stops the heartbeat and removes this instance. */
  close(): Promise<void>;
}

function selfEntry(self: InstanceIdentity, seenAt: number): InstanceEntry {
  return { id: self.id, host: self.host, pid: self.pid, startedAt: new Date(self.startedAt).toISOString(), lastSeenAt: new Date(seenAt).toISOString() };
}

/** One process alone: no store, always one instance. */
export class MemoryRegistry implements InstanceRegistry {
  constructor(readonly self: InstanceIdentity) {}
  count(): number {
    return 1;
  }
  instances(): InstanceEntry[] {
    return [selfEntry(this.self, Date.now())];
  }
  health(): RegistryHealth {
    return { backend: 'memory', connected: true, lastHeartbeatAt: null };
  }
  start(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

export interface RedisRegistryOptions {
  client: RedisClient;
  prefix: string;
  self: InstanceIdentity;
  /** Heartbeat period (default 1000 ms). */
  intervalMs?: number;
  /** An instance not seen for this long is gone (default 5 × the period). */
  ttlMs?: number;
}

type HeartbeatFn = (...args: string[]) => Promise<unknown>;
const HEARTBEAT_CMD = 'vennHeartbeat';

/**
 * The registry in Redis: a sorted set of instance ids by last-seen time (server time) and a hash of
 * their descriptions, `<prefix>{cluster}:instances` and `<prefix>{cluster}:info` (one hash slot),
 * updated and pruned by one script per heartbeat.
 */
export class RedisRegistry implements InstanceRegistry {
  readonly self: InstanceIdentity;
  private live: InstanceEntry[];
  private lastBeat: number | null = null;
  private connected = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;
  private readonly ttlMs: number;

  constructor(private readonly options: RedisRegistryOptions) {
    this.self = options.self;
    this.intervalMs = options.intervalMs ?? 1000;
    this.ttlMs = options.ttlMs ?? this.intervalMs * 5;
    this.live = [selfEntry(this.self, Date.now())];
    const commands = options.client as unknown as Record<string, unknown>;
    if (typeof commands[HEARTBEAT_CMD] !== 'function') options.client.defineCommand(HEARTBEAT_CMD, { numberOfKeys: 2, lua: HEARTBEAT_SCRIPT });
  }

  count(): number {
    return Math.max(1, this.live.length);
  }

  instances(): InstanceEntry[] {
    return this.live.map((e) => ({ ...e }));
  }

  health(): RegistryHealth {
    return { backend: 'redis', connected: this.connected, lastHeartbeatAt: this.lastBeat === null ? null : new Date(this.lastBeat).toISOString() };
  }

  /** Beats once (without failing when Redis is down), then every period. */
  async start(): Promise<void> {
    await this.beat();
    this.timer ??= setInterval(() => void this.beat(), this.intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.call(true).catch(() => undefined);
  }

  /** One heartbeat; the live list is replaced by what Redis answered, or kept when it did not. */
  async beat(): Promise<void> {
    try {
      const reply = await this.call(false);
      const out: InstanceEntry[] = [];
      for (let i = 0; i + 2 < reply.length; i += 3) {
        const id = reply[i] ?? '';
        const seen = Number(reply[i + 1]);
        let info: Partial<InstanceEntry> = {};
        try {
          info = JSON.parse(reply[i + 2] ?? '{}') as Partial<InstanceEntry>;
        } catch {
          // an entry written by something else: id and time only
        }
        out.push({ id, host: info.host ?? '', pid: info.pid ?? 0, startedAt: info.startedAt ?? '', lastSeenAt: new Date(seen).toISOString() });
      }
      if (!out.some((e) => e.id === this.self.id)) out.push(selfEntry(this.self, Date.now()));
      this.live = out;
      this.lastBeat = Date.now();
      this.connected = true;
    } catch {
      this.connected = false;
    }
  }

  private async call(leave: boolean): Promise<string[]> {
    const fn = (this.options.client as unknown as Record<string, HeartbeatFn>)[HEARTBEAT_CMD];
    if (!fn) throw new Error('heartbeat script not defined');
    const p = this.options.prefix;
    const info = JSON.stringify({ host: this.self.host, pid: this.self.pid, startedAt: new Date(this.self.startedAt).toISOString() });
    const reply = await fn.call(
      this.options.client,
      `${p}{cluster}:instances`,
      `${p}{cluster}:info`,
      this.self.id,
      info,
      String(this.ttlMs),
      String(Math.max(this.ttlMs * 10, 60_000)),
      leave ? '1' : '0',
    );
    return Array.isArray(reply) ? reply.map(String) : [];
  }
}
