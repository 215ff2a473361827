/** What the catalog benchmark's parent and child processes share. */
import { constants, PerformanceObserver } from 'node:perf_hooks';

/** Markets in the benchmark's catalog (`VENN_CATALOG_BENCH_MARKETS`, default 1,000,000). */
export const TOTAL = Number(process.env.VENN_CATALOG_BENCH_MARKETS ?? 1_000_000);
if (!Number.isInteger(TOTAL) || TOTAL < 1000) throw new Error(`VENN_CATALOG_BENCH_MARKETS must be an integer of at least 1000, not ${process.env.VENN_CATALOG_BENCH_MARKETS}`);

/** Two full collections (the process runs with --expose-gc). */
export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('run with --expose-gc');
  g();
  g();
}

export const mb = (bytes: number): number => bytes / 1024 / 1024;

/**
 * The process's RSS once it has settled, without forcing a collection: read every second until V8
 * has run a major collection of its own (its memory reducer runs one within about a minute of a
 * large sync going idle) and RSS has then not fallen by more than 1% in five seconds, at most
 * `maxS`. Right after a large sync the heap still holds the sync's garbage; a forced `gc()` frees it
 * but does not compact the heap the way V8's own memory-reducing collection does. `collected` false:
 * none ran within `maxS`, and the figure is the RSS with the garbage still in.
 */
export async function settledRss(maxS = 180): Promise<{ rss: number; afterS: number; collected: boolean }> {
  const started = performance.now();
  let collected = false;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const detail = (entry as PerformanceEntry & { detail?: { kind?: number; flags?: number } }).detail;
      if (detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR && ((detail.flags ?? 0) & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) === 0) collected = true;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    const readings: number[] = [];
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      const rss = process.memoryUsage().rss;
      const afterS = (performance.now() - started) / 1000;
      readings.push(collected ? rss : Infinity);
      const fiveAgo = readings[readings.length - 6];
      if ((fiveAgo !== undefined && fiveAgo !== Infinity && rss > fiveAgo * 0.99) || afterS >= maxS) return { rss, afterS, collected };
    }
  } finally {
    observer.disconnect();
  }
}

export const median = (xs: readonly number[]): number => {
  if (xs.length === 0) throw new Error('median of nothing');
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
};

export function progress(message: string): void {
  process.stderr.write(`    [${process.env.VENN_CATALOG_BENCH_ROLE ?? 'bench'}] ${message}\n`);
}

/** Sends the report to the parent and resolves once it is handed over (before the child exits). */
export function report(value: object): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) return reject(new Error('not started as a child process with IPC'));
    process.send(value, (err: Error | null) => (err ? reject(err) : resolve()));
  });
}
