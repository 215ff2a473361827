/** What the catalog benchmark's parent and child processes share. */

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
 * The process's RSS once it has settled: after a full collection, read every second until it has
 * not fallen by more than 1% in five seconds (at most `maxS`). Right after a large sync, RSS still
 * holds memory the allocators hand back within seconds of going idle (freed heap pages, malloc's
 * free space); the settled figure is what the process keeps.
 */
export async function settledRss(maxS = 60): Promise<{ rss: number; afterS: number }> {
  gc();
  const started = performance.now();
  const readings: number[] = [process.memoryUsage().rss];
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    readings.push(process.memoryUsage().rss);
    const afterS = (performance.now() - started) / 1000;
    const now = readings[readings.length - 1]!;
    const fiveAgo = readings[readings.length - 6];
    if ((fiveAgo !== undefined && now > fiveAgo * 0.99) || afterS >= maxS) {
      gc();
      return { rss: Math.min(now, process.memoryUsage().rss), afterS };
    }
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
