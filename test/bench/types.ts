/** The benchmark contract: every `test/bench/*.bench.ts` exports `benchmarks: Benchmark[]`. */

/** One measured figure, compared with its baseline and target. */
export type BenchRecord = {
  name: string;
  value: number;
  unit: string;
  /** The same figure for the reference implementation measured in the same run, if any. */
  baseline: number | null;
  /** value / baseline, when there is a baseline. */
  ratio: number | null;
  /** The target in words, e.g. "≥ 0.5 × bare" or "p99 < 20 ms". */
  target: string;
  /** Whether the target was met; null when the figure has no target. */
  pass: boolean | null;
};

export type BenchContext = { log(message: string): void };

export type Benchmark = {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<BenchRecord[]>;
};
