/**
 * Deterministic, realistic `orderbook_delta` traffic for the stream benchmark and its test: a
 * snapshot per market then deltas on one sid (contiguous seq), in Kalshi's compact JSON with
 * `use_yes_price: true` semantics (NO levels on the YES scale). Deltas keep every book valid: no
 * level goes negative, bids stay below asks. `ts_ms` advances one millisecond every `perMs` frames.
 */
import { createRng } from '../../src/sim/rng.js';

export interface DeltaTraffic {
  tickers: string[];
  snapshots: string[];
  deltas: string[];
}

const price = (cents: number): string => `0.${String(cents).padStart(2, '0')}00`;
const size = (hundredths: number): string => `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;

export function deltaTraffic(options: { markets: number; deltas: number; seed?: number; perMs?: number }): DeltaTraffic {
  const rng = createRng(options.seed ?? 7);
  const rand = (): number => rng.next();
  const perMs = options.perMs ?? 20;
  const tickers: string[] = [];
  const books: { mid: number; yes: Map<number, number>; no: Map<number, number>; id: string }[] = [];
  const snapshots: string[] = [];
  let seq = 0;
  for (let i = 0; i < options.markets; i++) {
    const ticker = `KXBENCH-26SEP30-M${String(i).padStart(3, '0')}`;
    tickers.push(ticker);
    const mid = 20 + Math.floor(rand() * 60);
    const yes = new Map<number, number>();
    const no = new Map<number, number>();
    for (let c = mid - 15; c < mid; c++) yes.set(c, 100 + Math.floor(rand() * 500_000));
    for (let c = mid + 1; c <= mid + 15; c++) no.set(c, 100 + Math.floor(rand() * 500_000));
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    books.push({ mid, yes, no, id });
    const levels = (m: Map<number, number>): [string, string][] =>
      [...m.entries()].sort((a, b) => a[0] - b[0]).map(([c, s]) => [price(c), size(s)]);
    seq += 1;
    snapshots.push(
      JSON.stringify({
        type: 'orderbook_snapshot',
        sid: 1,
        seq,
        msg: { market_ticker: ticker, market_id: id, yes_dollars_fp: levels(yes), no_dollars_fp: levels(no) },
      }),
    );
  }
  const deltas: string[] = [];
  let ts = 1_788_067_912_107;
  for (let n = 0; n < options.deltas; n++) {
    const i = Math.floor(rand() * options.markets);
    const b = books[i] as (typeof books)[number];
    const yesSide = rand() < 0.5;
    const side = yesSide ? b.yes : b.no;
    const cents = yesSide ? b.mid - 1 - Math.floor(rand() * 15) : b.mid + 1 + Math.floor(rand() * 15);
    const current = side.get(cents) ?? 0;
    let delta: number;
    if (current > 0 && rand() < 0.5) delta = -(rand() < 0.2 ? current : 1 + Math.floor(rand() * current));
    else delta = 1 + Math.floor(rand() * 200_000);
    const next = current + delta;
    if (next === 0) side.delete(cents);
    else side.set(cents, next);
    if (n % perMs === 0) ts += 1;
    seq += 1;
    const d = delta < 0 ? `-${size(-delta)}` : size(delta);
    deltas.push(
      JSON.stringify({
        type: 'orderbook_delta',
        sid: 1,
        seq,
        msg: {
          market_ticker: tickers[i],
          market_id: b.id,
          price_dollars: price(cents),
          delta_fp: d,
          side: yesSide ? 'yes' : 'no',
          ts: new Date(ts).toISOString(),
          ts_ms: ts,
        },
      }),
    );
  }
  return { tickers, snapshots, deltas };
}
