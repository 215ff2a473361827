/**
 * An in-process cache bounded by bytes: least recently used entries are evicted once the sizes of
 * the entries (as the caller measures them) exceed the budget. Every instance reports its bytes,
 * entries and evictions on `/metrics` under its name (`venn_cache_bytes{cache="pages"}` …).
 */
import { Counter, Gauge, Registry } from 'prom-client';

const GLOBAL_KEY = Symbol.for('venn.cacheMetricsRegistry');
const holder = globalThis as unknown as Record<symbol, { registry: Registry; live: Set<WeakRef<ByteLru<unknown>>> } | undefined>;

const state = holder[GLOBAL_KEY] ?? (holder[GLOBAL_KEY] = { registry: new Registry(), live: new Set() });

/** The registry of in-process cache metrics (merged into `/metrics`). */
export const cacheMetricsRegistry: Registry = state.registry;

function liveCaches(): ByteLru<unknown>[] {
  const out: ByteLru<unknown>[] = [];
  for (const ref of state.live) {
    const cache = ref.deref();
    if (cache) out.push(cache);
    else state.live.delete(ref);
  }
  return out;
}

function gauge(name: string, help: string, read: (c: ByteLru<unknown>) => number): void {
  if (cacheMetricsRegistry.getSingleMetric(name)) return;
  new Gauge({
    name,
    help,
    labelNames: ['cache'] as const,
    registers: [cacheMetricsRegistry],
    collect() {
      this.reset();
      for (const c of liveCaches()) this.inc({ cache: c.name }, read(c));
    },
  });
}
gauge('venn_cache_bytes', 'Bytes held by in-process caches (as each cache measures its entries)', (c) => c.bytes);
gauge('venn_cache_max_bytes', 'Byte budget of in-process caches', (c) => c.maxBytes);
gauge('venn_cache_entries', 'Entries held by in-process caches', (c) => c.size);

const evictions =
  (cacheMetricsRegistry.getSingleMetric('venn_cache_evictions_total') as Counter<'cache'> | undefined) ??
  new Counter({ name: 'venn_cache_evictions_total', help: 'Entries evicted from in-process caches to stay within their byte budget', labelNames: ['cache'] as const, registers: [cacheMetricsRegistry] });

export class ByteLru<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private held = 0;
  private evicted = 0;

  constructor(
    readonly name: string,
    readonly maxBytes: number,
    private readonly sizeOf: (value: V) => number,
  ) {
    state.live.add(new WeakRef(this as ByteLru<unknown>));
  }

  get bytes(): number {
    return this.held;
  }
  get size(): number {
    return this.entries.size;
  }
  get evictions(): number {
    return this.evicted;
  }

  /** The value, now the most recently used. */
  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  /** Stores the value (a value larger than the whole budget is not kept), evicting the least recently used. */
  set(key: string, value: V): void {
    this.delete(key);
    const bytes = this.sizeOf(value);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.held += bytes;
    while (this.held > this.maxBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
      this.evicted += 1;
      evictions.inc({ cache: this.name });
    }
  }

  delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.held -= e.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.held = 0;
  }
}
