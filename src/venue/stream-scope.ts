import type { Logger } from 'pino';
import { NetworkError } from '../core/errors.js';
import type { VenueId } from '../core/ids.js';
import type { StreamEvent } from './adapter.js';
import { ReconnectingSocket, type ReconnectingSocketOptions } from './socket.js';
import { systemClock, type StreamClock } from './stream-clock.js';
import { StreamListeners } from './stream-listeners.js';

/**
 * Everything a venue stream owns, and its one close path. A stream creates its sockets and timers
 * through its scope and registers close hooks (fail pending commands, release waiters); its
 * `onEvent` and `close` delegate to the scope. `close()` is idempotent (every call returns the same
 * promise) and, in order: refuses new sockets and timers, cancels every timer, runs the hooks,
 * closes every socket, delivers one last `status: disconnected`, and removes every listener.
 * Events emitted after `close()` began are dropped.
 */

/** A timer owned by a scope; cancelled by `cancel()` or when the scope closes. */
export interface ScopedTimer {
  cancel(): void;
  readonly active: boolean;
}

export interface TimerOptions {
  /** Do not keep the process alive for this timer (watchdogs). */
  unref?: boolean;
}

export interface StreamScopeOptions {
  venue: VenueId;
  logger?: Logger | undefined;
  clock?: StreamClock | undefined;
}

type CloseHook = () => void | Promise<void>;

class Timer implements ScopedTimer {
  private handle: unknown;
  active = true;

  constructor(
    private readonly scope: { clock: StreamClock; forget(t: Timer): void },
    private readonly ms: number,
    private readonly fn: () => void,
    private readonly repeat: boolean,
    private readonly unref: boolean,
  ) {
    this.arm();
  }

  cancel(): void {
    if (!this.active) return;
    this.active = false;
    this.scope.clock.clearTimeout(this.handle);
    this.scope.forget(this);
  }

  private arm(): void {
    this.handle = this.scope.clock.setTimeout(() => this.fire(), this.ms);
    if (this.unref) (this.handle as { unref?: () => void } | undefined)?.unref?.();
  }

  private fire(): void {
    if (!this.active) return;
    if (this.repeat) this.arm();
    else {
      this.active = false;
      this.scope.forget(this);
    }
    this.fn();
  }
}

export class StreamScope {
  readonly venue: VenueId;
  readonly logger: Logger | undefined;
  readonly clock: StreamClock;
  private readonly events: StreamListeners<StreamEvent>;
  private readonly registries: { readonly errors: number; clear(): void }[] = [];
  private readonly sockets: ReconnectingSocket[] = [];
  private readonly timers = new Set<Timer>();
  private readonly hooks = new Set<CloseHook>();
  private closing: Promise<void> | undefined;

  constructor(options: StreamScopeOptions) {
    this.venue = options.venue;
    this.logger = options.logger;
    this.clock = options.clock ?? systemClock;
    this.events = new StreamListeners<StreamEvent>({ venue: this.venue, logger: this.logger });
  }

  /** True from the moment `close()` is first called. */
  get closed(): boolean {
    return this.closing !== undefined;
  }

  /** Throws by listeners since creation (each also logged once per burst). */
  get listenerErrors(): number {
    return this.events.errors + this.registries.reduce((n, r) => n + r.errors, 0);
  }

  /** Adds a stream listener; returns a function that removes it. */
  onEvent(listener: (event: StreamEvent) => void): () => void {
    return this.events.add(listener);
  }

  /** Delivers an event to every listener, each in isolation; dropped once closing. */
  emit(event: StreamEvent): void {
    if (this.closing === undefined) this.events.emit(event);
  }

  /** A further listener registry (e.g. venue-specific events), cleared on close. */
  listeners<E>(label: string): StreamListeners<E> {
    const registry = new StreamListeners<E>({ venue: this.venue, logger: this.logger, label });
    this.registries.push(registry);
    return registry;
  }

  /** A reconnecting socket closed with the scope. Throws `NetworkError` once closed. */
  socket(options: Omit<ReconnectingSocketOptions, 'venue'>): ReconnectingSocket {
    this.ensureOpen('socket');
    const socket = new ReconnectingSocket({ venue: this.venue, ...(this.logger ? { logger: this.logger } : {}), ...options });
    this.sockets.push(socket);
    return socket;
  }

  /** Runs `fn` once after `ms`, unless cancelled or the scope closes first (once closed: never). */
  timeout(ms: number, fn: () => void, options: TimerOptions = {}): ScopedTimer {
    return this.timer(ms, fn, false, options);
  }

  /** Runs `fn` every `ms` until cancelled or the scope closes. */
  every(ms: number, fn: () => void, options: TimerOptions = {}): ScopedTimer {
    return this.timer(ms, fn, true, options);
  }

  /**
   * Settles with `work`, or rejects with `onTimeout()` when `ms` pass first (a scope timer, so the
   * injected clock decides and closing the scope cancels it).
   */
  async within<T>(ms: number, work: Promise<T>, onTimeout: () => Error): Promise<T> {
    let timer: ScopedTimer | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = this.timeout(ms, () => reject(onTimeout()));
    });
    try {
      return await Promise.race([work, expired]);
    } finally {
      timer?.cancel();
    }
  }

  /** Runs `hook` when the scope closes (before its sockets close); returns a function that removes it. */
  onClose(hook: CloseHook): () => void {
    this.hooks.add(hook);
    return () => {
      this.hooks.delete(hook);
    };
  }

  /** Throws `NetworkError` when the scope is closed. */
  ensureOpen(what = 'stream'): void {
    if (this.closing !== undefined) throw new NetworkError(`${this.venue} ${what}: stream closed`, { venue: this.venue });
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private timer(ms: number, fn: () => void, repeat: boolean, options: TimerOptions): ScopedTimer {
    if (this.closing !== undefined) return { cancel: () => undefined, active: false };
    const timer = new Timer({ clock: this.clock, forget: (t) => this.timers.delete(t) }, ms, () => this.guard('timer', fn), repeat, options.unref ?? false);
    this.timers.add(timer);
    return timer;
  }

  /** A throwing timer callback or close hook must not take the process (or the close) down. */
  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.report(what, err);
    }
  }

  private report(what: string, err: unknown): void {
    this.logger?.error({ venue: this.venue, err: err instanceof Error ? err.message : String(err) }, `stream ${what} threw`);
  }

  private async shutdown(): Promise<void> {
    for (const t of [...this.timers]) t.cancel();
    const pending: Promise<unknown>[] = [];
    for (const hook of [...this.hooks]) {
      try {
        const r = hook();
        if (r) pending.push(r.catch((err: unknown) => this.report('close hook', err)));
      } catch (err) {
        this.report('close hook', err);
      }
    }
    this.hooks.clear();
    await Promise.all([...pending, ...this.sockets.map((s) => s.close())]);
    this.sockets.length = 0;
    // Timers armed by a hook or a socket callback meanwhile were never started (see `timer`).
    this.events.emit({ type: 'status', state: 'disconnected', reason: 'closed' });
    this.events.clear();
    for (const r of this.registries) r.clear();
  }
}
