/**
 * Account events of a venue without an account-wide private stream, by polling its REST listings.
 * The first poll only learns what exists; each later one emits:
 * - a `fill` for every fill not seen before (or seen with another settlement `status`);
 * - an `order` for every open order new or changed since the last poll, for every order that left
 *   the open listing (read again with `getOrder` for its final state), and for the order of every
 *   new fill when that order changed (an order that filled at once is never seen open).
 * Polls run one after the other, every `intervalMs` after the previous one ended; a failed poll is
 * logged and the next one compares with the last good state.
 */
import type { Logger } from 'pino';
import type { Fill, Order } from '../core/index.js';
import type { Page, VenueAdapter } from '../venue/adapter.js';
import type { StreamClock } from '../venue/index.js';

export type PolledEvent = { kind: 'order'; order: Order } | { kind: 'fill'; fill: Fill };

export interface AccountPollerOptions {
  adapter: VenueAdapter;
  clock: StreamClock;
  intervalMs: number;
  logger: Logger;
  emit(event: PolledEvent): void;
}

/** Items read per listing and poll at most. */
const MAX_ITEMS = 1_000;
/** Orders and fills remembered at most (the oldest are forgotten first). */
const MAX_REMEMBERED = 20_000;

function orderPrint(o: Order): string {
  return [o.status, o.filled, o.remaining, o.size, o.price, o.averageFillPrice ?? '', o.fees].join('|');
}

function fillPrint(f: Fill): string {
  return f.status ?? '';
}

/** Pages until `enough` says so (after a page) or `MAX_ITEMS` items were read. */
async function collect<T>(pages: AsyncIterable<Page<T>>, enough: (page: T[]) => boolean = () => false): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) {
    out.push(...page.items);
    if (out.length >= MAX_ITEMS || enough(page.items)) break;
  }
  return out;
}

function remember(map: Map<string, string>, key: string, value: string): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_REMEMBERED) map.delete(map.keys().next().value as string);
}

export class AccountPoller {
  private readonly orders = new Map<string, string>();
  private readonly fills = new Map<string, string>();
  private open = new Set<string>();
  private timer: unknown;
  private stopped = false;
  readonly counters = { polls: 0, failures: 0 };

  constructor(private readonly o: AccountPollerOptions) {}

  /** The first poll (what exists now); resolves when done, then polls on. */
  async start(): Promise<void> {
    await this.poll(false);
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = undefined;
      this.poll(true).then(
        () => this.arm(),
        (err: unknown) => {
          this.counters.failures += 1;
          this.o.logger.warn({ venue: this.o.adapter.venue, err: err instanceof Error ? err.message : String(err) }, 'account poll failed');
          this.arm();
        },
      );
    }, this.o.intervalMs);
    (this.timer as { unref?: () => void } | undefined)?.unref?.();
  }

  private async poll(emit: boolean): Promise<void> {
    const a = this.o.adapter;
    // Fill listings are taken to be newest first (the venues' documented default where they say;
    // see docs/DESIGN.md §7): a page holding a fill already known ends the walk, so a poll usually
    // reads one page. Open orders are read whole (up to MAX_ITEMS).
    const known = (page: Fill[]) => page.some((f) => this.fills.has(f.id));
    const [open, fills] = await Promise.all([collect(a.listOrders({ status: 'open' })), collect(a.listFills({ pageSize: 100 }), known)]);
    if (this.stopped) return;
    this.counters.polls += 1;
    const send = (event: PolledEvent) => {
      if (emit && !this.stopped) this.o.emit(event);
    };
    const fresh: Fill[] = [];
    for (const f of fills) {
      if (this.fills.get(f.id) === fillPrint(f)) continue;
      remember(this.fills, f.id, fillPrint(f));
      fresh.push(f);
    }
    const nowOpen = new Set<string>();
    const orderChanged = (order: Order) => {
      if (this.orders.get(order.id) === orderPrint(order)) return;
      remember(this.orders, order.id, orderPrint(order));
      send({ kind: 'order', order });
    };
    for (const order of open) {
      if (order.status !== 'open') continue;
      nowOpen.add(order.id);
      orderChanged(order);
    }
    // Orders that left the open listing, and orders of new fills not open now: their state now.
    const reread = new Set<string>([...this.open].filter((id) => !nowOpen.has(id)));
    if (emit) for (const f of fresh) if (!nowOpen.has(f.orderId)) reread.add(f.orderId);
    for (const id of reread) {
      try {
        orderChanged(await a.getOrder(id));
      } catch (err) {
        this.o.logger.debug({ venue: a.venue, order: id, err: err instanceof Error ? err.message : String(err) }, 'account poll: order not read');
      }
    }
    for (const f of fresh) send({ kind: 'fill', fill: f });
    this.open = nowOpen;
  }
}
