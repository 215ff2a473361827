/**
 * What the console shows of the matcher: a pair's relation, confidence, reasons and differences
 * (`GET /v1/matches`), and the titles of the markets involved, read from the catalog.
 */
import type { MatchRecord } from '../arbitrage/index.js';
import type { RestCaller } from '../api/in-process.js';
import { RestProblem, seg } from '../api/in-process.js';

/** A fraction shown as a percentage (a display of a ratio, never used as money). */
export const pct = (x: string | number | null | undefined): string => (x === null || x === undefined ? '—' : `${(Number(x) * 100).toFixed(2)} %`);

/** Titles of the given markets (those the catalog no longer has are left out). */
export async function titlesOf(rest: RestCaller, ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const titles = await Promise.all(
    unique.map(async (id) => {
      try {
        return [id, (await rest.get<{ title: string }>(`/v1/markets/${seg(id)}`)).title] as const;
      } catch (err) {
        if (err instanceof RestProblem) return null;
        throw err;
      }
    }),
  );
  return new Map(titles.filter((t) => t !== null));
}

/** A market link whose text is its title; `data-m` lets the live board reuse the title. */
export function MarketLink(props: { id: string; titles: Map<string, string> }) {
  return (
    <a href={`/market/${encodeURIComponent(props.id)}`} data-m={props.id}>
      {props.titles.get(props.id) ?? props.id}
    </a>
  );
}

/** Relation (seen from `self` when given), confidence, reasons and differences of a pair. */
export function MatchFacts(props: { m: MatchRecord; self?: string }) {
  const { m } = props;
  const narrower = m.narrower === null ? null : m[m.narrower];
  const subset = narrower === null ? '' : props.self === undefined ? ` (narrower: ${narrower})` : narrower === props.self ? ' (this market is the narrower)' : ' (the other market is the narrower)';
  return (
    <>
      <p>
        <strong data-field="relation">{m.relation}</strong>
        {subset} · confidence <span data-field="confidence">{pct(m.confidence)}</span> ·{' '}
        <span data-field="state">{m.tradable ? 'feeds arbitrage' : 'candidate: not traded'}</span>
        {m.override ? <span class="tag">{`${m.override.decision}ed by ${m.override.by ?? m.override.origin}`}</span> : null}
      </p>
      <ul class="reasons">
        {m.reasons.map((r) => (
          <li>{r}</li>
        ))}
        {m.differences.map((d) => (
          <li class={d.critical ? 'critical' : undefined}>
            {d.critical ? 'Critical difference: ' : 'Difference: '}
            {d.note}
          </li>
        ))}
      </ul>
    </>
  );
}
