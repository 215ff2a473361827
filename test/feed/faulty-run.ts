/**
 * The end-to-end scenario shared by the memory-bus and Redis-bus tests: N clients on overlapping
 * sets of Kalshi and Polymarket markets, the simulators' books moved while the venues misbehave
 * (sequence gaps, dropped sockets, skipped book updates, malformed frames), then, once quiet, every
 * client's book must equal the simulator's, with no gap in any client's `seq`, and each service
 * must have asked each venue's stream for each market exactly once (the services together, when they
 * share a Redis).
 */
import { expect, vi } from 'vitest';
import { FeedClient, counts } from '../support/feed-client.js';
import { openMarkets, type ServiceHandle, type Sims } from './sim-harness.js';

/** Lets the simulators' frames reach the adapters between bursts of activity (pacing, not a wait for a result). */
export const pace = (ms = 20) => new Promise((r) => setTimeout(r, ms));

export async function chooseMarkets(handle: ServiceHandle, perVenue: number): Promise<string[]> {
  const kalshi = await openMarkets(handle.service, 'kalshi', perVenue);
  const polymarket = await openMarkets(handle.service, 'polymarket', perVenue);
  expect(kalshi.length, 'open Kalshi markets').toBeGreaterThanOrEqual(4);
  expect(polymarket.length, 'open Polymarket markets').toBeGreaterThanOrEqual(4);
  return [...kalshi, ...polymarket];
}

/** Waits until every client holds, for each of its markets, a fresh book equal to the simulator's. */
export async function expectBooksMatch(sims: Sims, clients: { client: FeedClient; markets: string[] }[], timeout = 45_000): Promise<void> {
  await vi.waitFor(
    () => {
      for (const { client, markets } of clients) {
        for (const m of markets) {
          const want = sims.expected(m);
          const got = client.book(m);
          expect(got?.fresh, `${m} fresh`).toBe(true);
          expect({ bids: got?.bids, asks: got?.asks }, m).toEqual(want);
        }
      }
    },
    { timeout, interval: 200 },
  );
}

export async function faultyRun(sims: Sims, handles: ServiceHandle[], options: { clients: number; rounds: number }): Promise<void> {
  const markets = await chooseMarkets(handles[0]!, 6);
  const clients: { client: FeedClient; markets: string[]; handle: ServiceHandle }[] = [];
  for (let i = 0; i < options.clients; i++) {
    const handle = handles[i % handles.length]!;
    const client = await FeedClient.connect(handle.wsUrl);
    const mine = markets.filter((_, j) => (j + i) % 3 !== 0);
    expect(await client.subscribe('book', mine)).toMatchObject({ type: 'subscribed', markets: mine });
    clients.push({ client, markets: mine, handle });
  }
  try {
    await vi.waitFor(
      () => {
        for (const { client, markets: mine } of clients) for (const m of mine) expect(client.book(m)?.fresh, m).toBe(true);
      },
      { timeout: 30_000, interval: 100 },
    );

    for (let round = 0; round < options.rounds; round++) {
      if (round === 3) sims.kalshi.faults.sequenceGap(2);
      if (round === 6) {
        sims.kalshi.faults.dropSockets();
        sims.polymarket.faults.dropSockets();
      }
      if (round === 9) sims.polymarket.faults.inconsistentBookUpdate('skip', 2);
      if (round === 11) sims.kalshi.faults.malformedFrames(1);
      if (round === 13) sims.polymarket.faults.sequenceGap(1);
      sims.step(30);
      await pace();
    }

    await expectBooksMatch(sims, clients);

    // The faults happened, and the services noticed them.
    expect(sims.kalshi.faults.injected).toMatchObject({ gaps: 2, drops: 1, malformed: 1 });
    expect(sims.polymarket.faults.injected.drops).toBe(1);
    expect(handles.reduce((n, h) => n + h.service.books.stats().staleMarks, 0), 'books marked stale').toBeGreaterThan(0);

    for (const { client } of clients) {
      expect(client.invalid).toEqual([]);
      expect(client.seqErrors).toEqual([]);
      const n = counts(client);
      expect(n.deltas, 'deltas applied by each client').toBeGreaterThanOrEqual(50);
      // Resyncs after the faults reached the clients as further snapshots.
      expect(n.snapshots).toBeGreaterThan(client.books.size);
    }

    // One stream per venue per service, and one upstream subscription per market across the
    // services (instances sharing a Redis hold each market once, whichever its clients use).
    const used = new Set(clients.flatMap((c) => c.markets));
    for (const venue of ['kalshi', 'polymarket']) {
      const tallies = handles.map((h) => h.tallies.get(venue)!);
      for (const t of tallies) expect(t.streams, `${venue} streams`).toBeLessThanOrEqual(1);
      const mine = [...used].filter((m) => m.startsWith(`${venue}:`));
      const accepted = new Map<string, number>();
      for (const t of tallies) for (const [k, n] of t.accepted) accepted.set(k, (accepted.get(k) ?? 0) + n);
      // Accepted once each; a subscribe lost in transit (a network error, asked again) is the only
      // reason for another call.
      expect([...accepted].sort(), `${venue} upstream subscriptions`).toEqual(mine.map((m) => [`${m} book`, 1]).sort());
      const failures = tallies.flatMap((t) => t.failures);
      const calls = tallies.reduce((n, t) => n + [...t.subscribes.values()].reduce((a, b) => a + b, 0), 0);
      expect(calls - mine.length, `${venue} calls beyond one per market (failures: ${failures.join('; ')})`).toBeLessThanOrEqual(failures.length * mine.length);
      for (const f of failures) expect(f).toMatch(/^(NetworkError|Timeout|VenueUnavailable)/);
      for (const t of tallies) expect(t.unsubscribes.size).toBe(0);
    }
  } finally {
    for (const { client } of clients) client.close();
  }
}
