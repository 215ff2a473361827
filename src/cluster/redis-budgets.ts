import type { RedisClient } from '../cache/redis.js';
import { isReplyError } from '../cache/redis.js';
import type { BudgetBackend, SharedSpec } from '../venue/shared-budget.js';
import { BUCKET_SCRIPT, WINDOW_SCRIPT } from './budget-scripts.js';

export interface RedisBudgetsOptions {
  client: RedisClient;
  /** The deployment's key prefix (`REDIS_PREFIX`). */
  prefix: string;
  /** Unique per process: names this instance's entries in window logs. */
  instanceId: string;
  /** The number of live instances as last seen by the registry (the fallback's N). */
  instances: () => number;
  /** After a failed call, how long budgets stay local before Redis is tried again (default 1000 ms). */
  retryAfterFailureMs?: number;
}

type ScriptFn = (...args: (string | number)[]) => Promise<unknown>;

const BUCKET_CMD = 'vennBudgetBucket';
const WINDOW_CMD = 'vennBudgetWindow';

/** An idle bucket key is dropped after this long (it would be full again by then anyway). */
const BUCKET_IDLE_TTL_MS = 3_600_000;

/**
 * Venue budgets held in Redis, taken with one Lua script per call (budget-scripts.ts): the keys are
 * `<prefix>budget:{<venue>[:<account>]:<bucket>}` (one hash slot per budget).
 *
 * A bucket created in Redis starts full, unless this instance saw Redis go away within the time
 * the bucket takes to refill: then Redis was restarted (or failed over) while the instances ran on
 * their fallbacks, the venue's bucket may be partly spent, and the new bucket starts empty.
 */
export class RedisBudgets implements BudgetBackend {
  private downUntil = 0;
  private lastDownAt: number | undefined;
  private seq = 0;
  private readonly retryMs: number;

  constructor(private readonly options: RedisBudgetsOptions) {
    this.retryMs = options.retryAfterFailureMs ?? 1000;
    const client = options.client;
    const commands = client as unknown as Record<string, unknown>;
    if (typeof commands[BUCKET_CMD] !== 'function') client.defineCommand(BUCKET_CMD, { numberOfKeys: 1, lua: BUCKET_SCRIPT });
    if (typeof commands[WINDOW_CMD] !== 'function') client.defineCommand(WINDOW_CMD, { numberOfKeys: 2, lua: WINDOW_SCRIPT });
    for (const event of ['close', 'end']) client.on(event, () => this.markDown());
  }

  shared(): boolean {
    return this.options.client.status === 'ready' && Date.now() >= this.downUntil;
  }

  instances(): number {
    return Math.max(1, this.options.instances());
  }

  take(key: string, spec: SharedSpec, tokens: number): Promise<number> {
    return this.run(key, spec, tokens, 0);
  }

  async pause(key: string, spec: SharedSpec, ms: number): Promise<void> {
    await this.run(key, spec, 1, Math.ceil(ms));
  }

  /** The Redis key(s) of a budget. */
  keyOf(key: string): string {
    return `${this.options.prefix}budget:{${key}}`;
  }

  private markDown(): void {
    this.lastDownAt = Date.now();
  }

  private async run(key: string, spec: SharedSpec, tokens: number, pauseMs: number): Promise<number> {
    const client = this.options.client;
    const commands = client as unknown as Record<string, ScriptFn | undefined>;
    const bucketFn = commands[BUCKET_CMD];
    const windowFn = commands[WINDOW_CMD];
    if (!bucketFn || !windowFn) throw new Error('budget scripts not defined');
    const base = this.keyOf(key);
    try {
      let reply: unknown;
      if (spec.kind === 'bucket') {
        const refillMs = (spec.capacity / spec.ratePerSecond) * 1000;
        const restarted = this.lastDownAt !== undefined && Date.now() - this.lastDownAt < refillMs + 1000;
        const ttl = Math.ceil(BUCKET_IDLE_TTL_MS + refillMs);
        reply = await bucketFn.call(client, base, spec.ratePerSecond, spec.capacity, tokens, pauseMs, ttl, restarted ? 0 : 1);
      } else {
        this.seq += 1;
        const ttl = Math.ceil(spec.windowMs * 2 + 1000);
        reply = await windowFn.call(client, `${base}:log`, `${base}:state`, spec.limit, spec.windowMs, tokens, `${this.options.instanceId}.${this.seq}`, pauseMs, ttl);
      }
      const wait = Number(reply);
      if (!Number.isFinite(wait)) throw new Error(`budget script answered ${String(reply)}`);
      return wait;
    } catch (err) {
      if (!isReplyError(err)) {
        this.downUntil = Date.now() + this.retryMs;
        this.markDown();
      }
      throw err;
    }
  }
}
