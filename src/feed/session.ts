/**
 * One client connection's protocol state: reads its messages (size, rate and shape checked, each
 * bad one answered with an `error` of a stable code, never dropped silently), runs its operations
 * in order, and keeps its subscriptions (at most `maxSubscriptions` (market, channel) pairs).
 *
 * `subscribe` answers `error` for each market the source refuses, then `subscribed` with the
 * markets now subscribed, then a `snapshot` per book whose mirror is fresh (the others follow when
 * they are). Operations run one after the other (a subscribe still resolving markets is finished
 * before the next operation starts); `ping` is answered at once.
 */
import type { Logger } from 'pino';
import { NotFound } from '../core/index.js';
import type { MarketHub } from './hub.js';
import { MessageRate } from './message-rate.js';
import type { BookSub, Outbox } from './outbox.js';
import type { Opportunity } from '../arbitrage/evaluate/types.js';
import type { AccountHub } from './account-hub.js';
import { AccountSubscriptions } from './session-account.js';
import { ALL_OPPORTUNITIES, CLIENT_OPS, ClientMessageSchema, FEED_CHANNELS, FeedError, errorText, isAccountChannel } from './protocol.js';
import type { ClientMessage, ErrorCode } from './protocol.js';

export interface SessionLimits {
  maxSubscriptions: number;
  maxMessagesPerSecond: number;
  maxMessageBytes: number;
}

/** Whoever the authenticator said the client is (null: anonymous). */
export interface Principal {
  id: string;
  scopes?: readonly string[];
  /** Venues the key may trade on (null or absent: every venue). */
  venues?: readonly string[] | null;
}

/** Where the `arbitrage` channel's opportunities come from (absent: the channel is unavailable). */
export interface OpportunitySource {
  opportunities(): Opportunity[];
}

export interface SessionOptions {
  hub: MarketHub;
  opportunities?: OpportunitySource;
  /** The source of the `orders` and `fills` channels (absent: they are unavailable). */
  accounts?: AccountHub;
  outbox: Outbox;
  limits: SessionLimits;
  principal: Principal | null;
  now(): number;
  logger: Logger;
}

/** Operations waiting behind a slow one before the client is told to slow down. */
const MAX_QUEUED_OPS = 32;

export class Session {
  readonly principal: Principal | null;
  private readonly books = new Map<string, BookSub>();
  private readonly others = { ticker: new Set<string>(), trades: new Set<string>() };
  /** `arbitrage` subscriptions: market ids, or `*` for every opportunity. */
  private readonly arbitrage = new Set<string>();
  /** `orders` and `fills` subscriptions, by venue. */
  private readonly account: AccountSubscriptions;
  /** Pairs subscribed or being subscribed. */
  private pairs = 0;
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  private readonly rate: MessageRate;
  private lastRateError = -Infinity;
  private closed = false;
  readonly stats = { received: 0, errors: 0 };

  constructor(private readonly options: SessionOptions) {
    this.principal = options.principal;
    this.rate = new MessageRate(options.limits.maxMessagesPerSecond, options.now);
    this.account = new AccountSubscriptions({
      accounts: options.accounts,
      principal: options.principal,
      outbox: options.outbox,
      reserve: (n) => {
        if (this.pairs + n > options.limits.maxSubscriptions) return false;
        this.pairs += n;
        return true;
      },
      unreserve: (n) => {
        this.pairs -= n;
      },
      error: (code, message, id, where) => {
        this.stats.errors += 1;
        this.options.outbox.control(errorText(code, message, id, undefined, where));
      },
    });
  }

  get subscriptions(): number {
    return this.books.size + this.others.ticker.size + this.others.trades.size + this.arbitrage.size + this.account.size;
  }

  /** Whether an opportunity is covered by this connection's `arbitrage` subscriptions. */
  wantsOpportunity(o: Opportunity): boolean {
    if (this.closed || this.arbitrage.size === 0) return false;
    return this.arbitrage.has(ALL_OPPORTUNITIES) || o.legs.some((l) => this.arbitrage.has(l.market));
  }

  /** A frame from the client. */
  receive(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    if (this.closed) return;
    this.stats.received += 1;
    if (!this.rate.take()) {
      const now = this.options.now();
      // One notice per second at most: errors must not become a way to flood the client.
      if (now - this.lastRateError >= 1000) {
        this.lastRateError = now;
        this.error('rate_limited', `more than ${this.options.limits.maxMessagesPerSecond} messages per second: message ignored`);
      }
      return;
    }
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
    if (size > this.options.limits.maxMessageBytes) {
      this.error('message_too_large', `message of ${size} bytes is over the limit of ${this.options.limits.maxMessageBytes}`);
      return;
    }
    if (isBinary) {
      this.error('malformed_message', 'binary frames are not accepted: send JSON text');
      return;
    }
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    let message: ClientMessage;
    try {
      message = parseClientMessage(text);
    } catch (err) {
      if (err instanceof FeedError) this.error(err.code, err.message, requestIdOf(text));
      else throw err;
      return;
    }
    if (message.op === 'ping') {
      this.options.outbox.control(JSON.stringify({ type: 'pong', id: message.id ?? null, ts: new Date(this.options.now()).toISOString() }));
      return;
    }
    if (this.queued >= MAX_QUEUED_OPS) {
      this.error('rate_limited', `more than ${MAX_QUEUED_OPS} operations waiting: message ignored`, message.id ?? null);
      return;
    }
    this.queued += 1;
    this.queue = this.queue
      .then(() => this.run(message))
      .catch((err: unknown) => {
        this.options.logger.error({ err: err instanceof Error ? err.message : String(err), op: message.op }, 'feed operation failed');
        this.error('unavailable', `${message.op} failed on the server; try again`, message.id ?? null);
      })
      .finally(() => {
        this.queued -= 1;
      });
  }

  /** The connection is gone: every subscription is released. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const hub = this.options.hub;
    for (const sub of this.books.values()) {
      hub.detachBook(sub);
      hub.unwatch(sub.market, 'book');
    }
    for (const channel of ['ticker', 'trades'] as const) {
      for (const market of this.others[channel]) {
        hub.detach(channel, market, this.options.outbox);
        hub.unwatch(market, channel);
      }
    }
    this.account.close();
    this.books.clear();
    this.others.ticker.clear();
    this.others.trades.clear();
    this.arbitrage.clear();
  }

  private async run(message: Exclude<ClientMessage, { op: 'ping' }>): Promise<void> {
    if (this.closed) return;
    switch (message.op) {
      case 'subscribe':
        if (isAccountChannel(message.channel)) return this.account.subscribe(message.id ?? null, message.channel, message.venues && unique(message.venues));
        return this.subscribe(message.id ?? null, message.channel, unique(message.markets ?? []));
      case 'unsubscribe':
        if (isAccountChannel(message.channel)) return this.account.unsubscribe(message.id ?? null, message.channel, message.venues && unique(message.venues));
        return this.unsubscribe(message.id ?? null, message.channel, unique(message.markets ?? []));
      case 'resync':
        return this.resync(message.id ?? null, unique(message.markets));
    }
  }

  private has(channel: MarketChannel | 'arbitrage', market: string): boolean {
    if (channel === 'arbitrage') return this.arbitrage.has(market);
    return channel === 'book' ? this.books.has(market) : this.others[channel].has(market);
  }

  private async subscribe(id: number | null, channel: MarketChannel | 'arbitrage', markets: string[]): Promise<void> {
    if (channel === 'arbitrage') return this.subscribeOpportunities(id, markets);
    const fresh = markets.filter((m) => !this.has(channel, m));
    const max = this.options.limits.maxSubscriptions;
    if (this.pairs + fresh.length > max) {
      this.error('too_many_subscriptions', `subscribing ${fresh.length} more would exceed the limit of ${max} subscriptions per connection (${this.pairs} held); nothing was subscribed`, id);
      return;
    }
    this.pairs += fresh.length;
    const hub = this.options.hub;
    const results = await Promise.allSettled(fresh.map((m) => hub.watch(m, channel)));
    const added: string[] = [];
    fresh.forEach((market, i) => {
      const r = results[i]!;
      if (r.status === 'fulfilled') {
        added.push(market);
        return;
      }
      this.pairs -= 1;
      const err = r.reason as unknown;
      if (err instanceof NotFound) this.error('unknown_market', err.message, id, market);
      else {
        this.options.logger.warn({ market, channel, err: err instanceof Error ? err.message : String(err) }, 'feed subscribe failed');
        this.error('unavailable', `${market} cannot be subscribed right now; try again`, id, market);
      }
    });
    if (this.closed) {
      for (const m of added) hub.unwatch(m, channel);
      return;
    }
    const subs: BookSub[] = [];
    for (const market of added) {
      if (channel === 'book') {
        const sub: BookSub = { outbox: this.options.outbox, market, seq: 0, synced: false, dirty: false };
        this.books.set(market, sub);
        hub.attachBook(sub);
        subs.push(sub);
      } else {
        this.others[channel].add(market);
        hub.attach(channel, market, this.options.outbox);
      }
    }
    const held = markets.filter((m) => this.has(channel, m));
    this.options.outbox.control(JSON.stringify({ type: 'subscribed', id, channel, markets: held }));
    for (const sub of subs) hub.sendSnapshot(sub);
  }

  /**
   * The `arbitrage` channel needs no upstream data: `subscribed`, then one `opportunities` message
   * with what the subscription covers now; `opportunity` events follow as they happen.
   */
  private subscribeOpportunities(id: number | null, markets: string[]): void {
    const source = this.options.opportunities;
    if (!source) {
      this.error('unavailable', 'arbitrage is not enabled on this server', id);
      return;
    }
    const fresh = markets.filter((m) => !this.arbitrage.has(m));
    const max = this.options.limits.maxSubscriptions;
    if (this.pairs + fresh.length > max) {
      this.error('too_many_subscriptions', `subscribing ${fresh.length} more would exceed the limit of ${max} subscriptions per connection (${this.pairs} held); nothing was subscribed`, id);
      return;
    }
    this.pairs += fresh.length;
    for (const m of fresh) this.arbitrage.add(m);
    this.options.outbox.control(JSON.stringify({ type: 'subscribed', id, channel: 'arbitrage', markets }));
    const data = source.opportunities().filter((o) => this.wantsOpportunity(o));
    this.options.outbox.control(JSON.stringify({ type: 'opportunities', channel: 'arbitrage', data }));
  }

  private unsubscribe(id: number | null, channel: MarketChannel | 'arbitrage', markets: string[]): void {
    if (channel === 'arbitrage') {
      const removed = markets.filter((m) => this.arbitrage.delete(m));
      this.pairs -= removed.length;
      this.options.outbox.control(JSON.stringify({ type: 'unsubscribed', id, channel, markets: removed }));
      return;
    }
    const hub = this.options.hub;
    const removed: string[] = [];
    for (const market of markets) {
      if (channel === 'book') {
        const sub = this.books.get(market);
        if (!sub) continue;
        this.books.delete(market);
        hub.detachBook(sub);
        this.options.outbox.forget(sub);
      } else {
        if (!this.others[channel].delete(market)) continue;
        hub.detach(channel, market, this.options.outbox);
        this.options.outbox.forgetMarket(channel, market);
      }
      hub.unwatch(market, channel);
      this.pairs -= 1;
      removed.push(market);
    }
    this.options.outbox.control(JSON.stringify({ type: 'unsubscribed', id, channel, markets: removed }));
  }

  private resync(id: number | null, markets: string[]): void {
    const subs: BookSub[] = [];
    for (const market of markets) {
      const sub = this.books.get(market);
      if (sub) subs.push(sub);
      else this.error('not_subscribed', `${market} is not subscribed on the book channel of this connection`, id, market);
    }
    this.options.outbox.control(JSON.stringify({ type: 'resynced', id, markets: subs.map((s) => s.market) }));
    for (const sub of subs) this.options.hub.sendSnapshot(sub);
  }

  private error(code: ErrorCode, message: string, id: number | null = null, market?: string): void {
    this.stats.errors += 1;
    this.options.outbox.control(errorText(code, message, id, market));
  }
}

/** Parses one client message; throws `FeedError` with the code the client should see. */
export function parseClientMessage(text: string): ClientMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new FeedError('malformed_message', 'not JSON: each message must be one JSON object');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new FeedError('malformed_message', 'each message must be a JSON object');
  const op = (raw as { op?: unknown }).op;
  if (typeof op !== 'string' || !(CLIENT_OPS as readonly string[]).includes(op)) {
    throw new FeedError('malformed_message', `unknown op ${JSON.stringify(op ?? null)}: expected one of ${CLIENT_OPS.join(', ')}`);
  }
  const channel = (raw as { channel?: unknown }).channel;
  if ((op === 'subscribe' || op === 'unsubscribe') && typeof channel === 'string' && !(FEED_CHANNELS as readonly string[]).includes(channel)) {
    throw new FeedError('unknown_channel', `unknown channel ${JSON.stringify(channel)}: expected one of ${FEED_CHANNELS.join(', ')}`);
  }
  const parsed = ClientMessageSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new FeedError('malformed_message', `invalid ${op} message${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** The request id of a message that failed to parse, when one can be read. */
function requestIdOf(text: string): number | null {
  try {
    const id = (JSON.parse(text) as { id?: unknown } | null)?.id;
    return typeof id === 'number' && Number.isInteger(id) ? id : null;
  } catch {
    return null;
  }
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

type MarketChannel = 'book' | 'ticker' | 'trades';
