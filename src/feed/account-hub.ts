/**
 * The source of the feed's `orders` and `fills` channels: per venue, one upstream for the service's
 * venue account, held while at least one local subscriber follows the venue and released after the
 * last one leaves. Where the adapter offers an account-wide private stream (`accountStream`), the
 * upstream is one `adapter.stream()` subscribed on `orders` and `fills` for the whole account;
 * otherwise it polls the venue's REST listings (account-poller.ts). Events carry which it was.
 *
 * Events are the adapters' normalized `Order` and `Fill` (the REST model). Who may see them (the
 * `trade` scope, the key's venues) is the session's business (session-account.ts).
 */
import type { Logger } from 'pino';
import { MissingCredentials, NotSupported, type Fill, type Order, type VenueId } from '../core/index.js';
import type { VenueAdapter } from '../venue/adapter.js';
import { canUse } from '../venue/define-adapter.js';
import { systemClock, type StreamClock } from '../venue/index.js';
import { AccountPoller } from './account-poller.js';
import type { AccountSource } from './protocol.js';

export type AccountEvent = { venue: VenueId; source: AccountSource } & ({ kind: 'order'; order: Order } | { kind: 'fill'; fill: Fill });
export type AccountListener = (event: AccountEvent) => void;

export interface AccountHubOptions {
  adapterOf(venue: VenueId): VenueAdapter | undefined;
  logger: Logger;
  clock?: StreamClock;
  /** How often a venue without a private stream is polled (default 1 s). */
  pollIntervalMs?: number;
}

interface Upstream {
  readonly listeners: Set<AccountListener>;
  source: AccountSource;
  /** Resolves once the upstream is live (stream subscribed, or first poll done). */
  ready: Promise<void>;
  stop: () => Promise<void>;
}

export class AccountHub {
  private readonly upstreams = new Map<VenueId, Upstream>();
  private readonly clock: StreamClock;
  readonly counters = { started: 0, stopped: 0, events: 0 };

  constructor(private readonly options: AccountHubOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Venues with an upstream now (tests, diagnostics). */
  get held(): VenueId[] {
    return [...this.upstreams.keys()];
  }

  /** Whether this server can serve the venue's account at all (enabled, with credentials). */
  check(venue: VenueId): Error | null {
    const adapter = this.options.adapterOf(venue);
    if (!adapter) return new NotSupported(`venue ${venue} is not enabled on this server`, { venue });
    const stream = adapter.accountStream === true && adapter.has.stream !== false;
    if (stream && !adapter.authenticated) return new MissingCredentials(venue, 'orders and fills stream');
    for (const capability of stream ? (['stream'] as const) : (['listOrders', 'listFills', 'getOrder'] as const)) {
      if (adapter.has[capability] === false) return new NotSupported(`${venue} cannot list orders and fills`, { venue });
      if (!canUse(adapter, capability)) return new MissingCredentials(venue, `${capability} (orders and fills)`);
    }
    return null;
  }

  /**
   * Adds a listener of the venue's account events; the first one starts the upstream. Resolves with
   * the upstream's source once it is live; rejects (holding nothing) when it cannot start.
   */
  async hold(venue: VenueId, listener: AccountListener): Promise<AccountSource> {
    let up = this.upstreams.get(venue);
    if (!up) {
      const problem = this.check(venue);
      if (problem) throw problem;
      up = this.start(venue, this.options.adapterOf(venue) as VenueAdapter);
    }
    up.listeners.add(listener);
    try {
      await up.ready;
    } catch (err) {
      up.listeners.delete(listener);
      throw err;
    }
    return up.source;
  }

  /** Removes a listener; the last one stops the upstream. */
  release(venue: VenueId, listener: AccountListener): void {
    const up = this.upstreams.get(venue);
    if (!up || !up.listeners.delete(listener) || up.listeners.size > 0) return;
    this.upstreams.delete(venue);
    this.counters.stopped += 1;
    void up.ready
      .then(() => up.stop())
      .catch((err: unknown) => this.options.logger.debug({ venue, err: err instanceof Error ? err.message : String(err) }, 'account upstream stop'));
  }

  async close(): Promise<void> {
    const all = [...this.upstreams.entries()];
    this.upstreams.clear();
    await Promise.all(all.map(([, up]) => up.ready.then(() => up.stop()).catch(() => undefined)));
  }

  private start(venue: VenueId, adapter: VenueAdapter): Upstream {
    const listeners = new Set<AccountListener>();
    const emit = (event: AccountEvent) => {
      this.counters.events += 1;
      for (const l of listeners) {
        try {
          l(event);
        } catch (err) {
          this.options.logger.error({ venue, err: err instanceof Error ? err.message : String(err) }, 'account event listener failed');
        }
      }
    };
    const streamed = adapter.accountStream === true && adapter.has.stream !== false;
    const up: Upstream = { listeners, source: streamed ? 'stream' : 'poll', ready: Promise.resolve(), stop: async () => undefined };
    this.counters.started += 1;
    if (streamed) {
      const stream = adapter.stream();
      const off = stream.onEvent((e) => {
        if (e.type === 'order') emit({ venue, source: 'stream', kind: 'order', order: e.order });
        else if (e.type === 'fill') emit({ venue, source: 'stream', kind: 'fill', fill: e.fill });
      });
      up.stop = async () => {
        off();
        await stream.close();
      };
      up.ready = stream.subscribe([], ['orders', 'fills']);
    } else {
      const poller = new AccountPoller({
        adapter,
        clock: this.clock,
        intervalMs: this.options.pollIntervalMs ?? 1_000,
        logger: this.options.logger,
        emit: (e) => emit(e.kind === 'order' ? { venue, source: 'poll', kind: 'order', order: e.order } : { venue, source: 'poll', kind: 'fill', fill: e.fill }),
      });
      up.stop = async () => poller.stop();
      up.ready = poller.start();
    }
    this.upstreams.set(venue, up);
    up.ready.catch((err: unknown) => {
      if (this.upstreams.get(venue) === up) this.upstreams.delete(venue);
      this.options.logger.warn({ venue, err: err instanceof Error ? err.message : String(err) }, 'account upstream failed to start');
      void up.stop().catch(() => undefined);
    });
    return up;
  }
}
