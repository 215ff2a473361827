/**
 * Three service processes on one redis-server against the Kalshi simulator, clients on all three
 * watching the same books: the simulator sees exactly one upstream subscription per market, and
 * every client's book equals the simulator's, gap-free. Then the instance holding the markets'
 * streams is killed (SIGKILL): the clients of the others get a `stale` notice and a `resync`
 * snapshot once another instance takes the lease, and carry on gap-free.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { leaseKey } from '../../src/cluster/lease.js';
import { bookLeaseName } from '../../src/books/shared.js';
import { FeedClient } from '../support/feed-client.js';
import { killIfRunning, spawnService, type ServiceProcess } from '../support/service-process.js';
import { simEnv, startSims, type Sims } from './sim-harness.js';

/** The Redis the instances share: its `REDIS_URL`, a client to read leases, and how to stop it. */
export interface ScaleOutBackend {
  url: string;
  admin: { get(key: string): Promise<string | null> };
  stop(): Promise<void>;
}

/** The suite, on the Redis deployment `backend` starts (one server, a Cluster). */
export function scaleOutSuite(label: string, backend: () => Promise<ScaleOutBackend>): void {
  const PREFIX = 'scale:';
  const LEASE_TTL_MS = 1500;

  let backendHandle: ScaleOutBackend;
  let admin: ScaleOutBackend['admin'];
  let sims: Sims;
  const procs: ServiceProcess[] = [];
  const urls: string[] = [];
  const clients: FeedClient[][] = [];

  beforeAll(async () => {
    backendHandle = await backend();
    admin = backendHandle.admin;
    sims = await startSims(23, 6);
    const env = {
      ...simEnv(sims),
      VENUES: 'kalshi',
      LOG_LEVEL: 'warn',
      REDIS_URL: backendHandle.url,
      REDIS_PREFIX: PREFIX,
      BOOKS_LEASE_TTL_MS: String(LEASE_TTL_MS),
      BOOKS_STALE_RESUBSCRIBE_MS: '600000',
    };
    for (let i = 0; i < 3; i++) procs.push(spawnService({ env }));
    for (const p of procs) urls.push(await p.url());
    for (const url of urls) {
      await vi.waitFor(async () => expect((await fetch(`${url}/readyz`)).status).toBe(200), { timeout: 60_000, interval: 100 });
    }
  }, 120_000);

  afterAll(async () => {
    for (const c of clients.flat()) c.close();
    for (const p of procs) killIfRunning(p);
    await Promise.all(procs.map((p) => p.exited));
    await sims?.close();
    await backendHandle?.stop();
  });

  const pidOf = (p: ServiceProcess) => p.child.pid!;

  /** The pid of the process holding a market's stream lease (instance ids are `<host>-<pid>-<random>`). */
  async function holderPid(market: string): Promise<number | null> {
    const value = await admin.get(leaseKey(PREFIX, bookLeaseName(market)));
    if (!value) return null;
    const owner = value.slice(value.indexOf('|') + 1);
    return Number(owner.split('-').at(-2));
  }

  function expectBooksEqualSim(list: FeedClient[], markets: string[]): void {
    for (const c of list) {
      for (const m of markets) {
        const book = c.book(m);
        expect(book?.fresh, `${m} fresh`).toBe(true);
        const expected = sims.expected(m);
        expect(expected.bids.length + expected.asks.length, `the simulator's ${m} has orders`).toBeGreaterThan(0);
        expect({ bids: book!.bids, asks: book!.asks }).toEqual(expected);
      }
    }
  }

  function expectOneSubscriptionEach(markets: string[]): void {
    const subs = sims.kalshi.wsSubscriptions('orderbook_delta');
    for (const m of markets) expect(subs.get(m.slice('kalshi:'.length)) ?? 0, `upstream subscriptions of ${m}`).toBe(1);
    expect([...subs.values()].reduce((a, b) => a + b, 0), 'no other book subscription upstream').toBe(markets.length);
  }

  describe(`live books across three instances on ${label}`, () => {
    let markets: string[] = [];

    it('holds exactly one upstream subscription per market, whichever instance the clients use, with every book equal to the venue', async () => {
      const r = await fetch(`${urls[0]}/v1/markets?venue=kalshi&status=open&limit=3`);
      markets = ((await r.json()) as { data: { id: string }[] }).data.map((m) => m.id);
      expect(markets).toHaveLength(3);

      for (const url of urls) {
        const list = await Promise.all([0, 1].map(() => FeedClient.connect(`${url.replace(/^http/, 'ws')}/v1/ws`)));
        clients.push(list);
        for (const c of list) expect(await c.subscribe('book', markets)).toMatchObject({ type: 'subscribed', markets });
      }
      sims.step(40);
      await vi.waitFor(() => expectBooksEqualSim(clients.flat(), markets), { timeout: 15_000, interval: 50 });
      expectOneSubscriptionEach(markets);

      const owned = await Promise.all(urls.map(async (u) => ((await (await fetch(`${u}/readyz`)).json()) as { books: { owned: number; followed: number; mode: string } }).books));
      expect(owned.every((b) => b.mode === 'shared')).toBe(true);
      expect(owned.reduce((n, b) => n + b.owned, 0), 'each market owned by one instance').toBe(markets.length);
      expect(owned.reduce((n, b) => n + b.owned + b.followed, 0), 'every instance watches every market').toBe(3 * markets.length);
      const metrics = await (await fetch(`${urls[0]}/metrics`)).text();
      expect(metrics).toMatch(/^venn_books_owned_markets \d+$/m);

      for (const c of clients.flat()) {
        expect(c.seqErrors).toEqual([]);
        expect(c.invalid).toEqual([]);
      }
    }, 60_000);

    it('a killed stream owner is replaced: the other instances’ clients get a resync snapshot and go on gap-free', async () => {
      const holders = await Promise.all(markets.map(holderPid));
      const victim = procs.find((p) => pidOf(p) === holders[0])!;
      expect(victim, 'the holder of the first market is one of the three').toBeDefined();
      const victimIndex = procs.indexOf(victim);
      const moved = markets.filter((_, i) => holders[i] === pidOf(victim));
      const survivors = clients.filter((_, i) => i !== victimIndex).flat();
      const before = new Map(survivors.map((c) => [c, c.messages.length]));

      victim.child.kill('SIGKILL');
      await victim.exited;
      for (const c of clients[victimIndex]!) await c.closed;

      // Within the lease TTL (plus one renewal round) another instance holds each moved market, and
      // every surviving client has been told, then resynced.
      await vi.waitFor(
        () => {
          for (const c of survivors) {
            const after = c.messages.slice(before.get(c));
            for (const m of moved) {
              const stale = after.findIndex((x) => x.type === 'stale' && x.market === m);
              expect(stale, `stale notice of ${m}`).toBeGreaterThanOrEqual(0);
              expect(after.slice(stale).some((x) => x.type === 'snapshot' && x.market === m && x.resync === true), `resync snapshot of ${m}`).toBe(true);
            }
          }
        },
        { timeout: 4 * LEASE_TTL_MS, interval: 25 },
      );
      const newHolders = await Promise.all(moved.map(holderPid));
      for (const h of newHolders) expect(h !== null && h !== pidOf(victim) && procs.some((p) => pidOf(p) === h)).toBe(true);

      sims.step(40);
      await vi.waitFor(() => expectBooksEqualSim(survivors, markets), { timeout: 15_000, interval: 50 });
      await vi.waitFor(() => expectOneSubscriptionEach(markets), { timeout: 10_000, interval: 50 });
      for (const c of survivors) {
        expect(c.seqErrors).toEqual([]);
        expect(c.invalid).toEqual([]);
        for (const m of markets) expect(c.book(m)!.seq).toBeGreaterThan(1);
      }
    }, 60_000);
  });
}
