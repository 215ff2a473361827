/**
 * Prometheus metrics of the live books and the feed, read from their counters when `/metrics` is
 * scraped (one registry per service; nothing is counted twice on the hot path). Counts since start
 * are gauges read from those counters.
 */
import { Gauge, Registry } from 'prom-client';
import type { BookService } from '../books/service.js';
import type { BookOwnership } from '../books/shared.js';
import type { FeedServer } from './server.js';

export function feedMetricsRegistry(feed: FeedServer, books: BookService, ownership: () => BookOwnership = () => books.ownership()): Registry {
  const registry = new Registry();
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  gauge('venn_feed_connections', 'Open WebSocket feed connections', () => feed.size);
  gauge('venn_feed_congested_connections', 'Feed connections whose send buffer is full (updates conflated)', () => feed.stats().congested);
  gauge('venn_feed_connections_accepted', 'Feed connections accepted since start', () => feed.counters.accepted);
  gauge('venn_feed_connections_refused', 'Feed connections refused for lack of a valid API key', () => feed.counters.refused);
  gauge('venn_feed_slow_clients_closed', 'Feed connections closed for staying too slow', () => feed.counters.slowClosed);
  gauge('venn_feed_bus_gaps', 'Book messages found missing between the book service and the feed', () => feed.hub.counters.gaps);
  gauge('venn_books_owned_markets', 'Markets whose upstream stream this instance holds (under a lease when instances share Redis)', () => ownership().owned);
  gauge('venn_books_followed_markets', 'Markets watched here whose upstream stream another instance holds', () => ownership().followed);
  gauge('venn_books_stream_takeovers', 'Market stream leases this instance took', () => ownership().takeovers);
  gauge('venn_books_stream_leases_lost', 'Market stream leases this instance lost', () => ownership().lost);
  gauge('venn_books_held_markets', 'Markets the live book service holds', () => books.stats().markets);
  gauge('venn_books_upstream_subscriptions', 'Upstream (market, channel) stream subscriptions', () => books.stats().streams.reduce((n, s) => n + s.subscriptions, 0));
  gauge('venn_books_polled_markets', 'Markets whose books are polled over REST', () => books.stats().pollers.reduce((n, p) => n + p.markets, 0));
  gauge('venn_books_published_messages', 'Market-data messages published on the bus', () => books.counters.published);
  gauge('venn_books_stale_marks', 'Times a live book turned stale', () => books.counters.staleMarks);
  gauge('venn_books_venue_gaps', 'Sequence gaps seen in venue streams', () => books.counters.gaps);
  return registry;
}
