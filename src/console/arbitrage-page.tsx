/**
 * `/opportunities`: the arbitrage board. Opportunities (`GET /v1/arbitrage`) are rendered here and
 * then kept current by the client script from the feed's `arbitrage` channel; the matched pairs
 * (`GET /v1/matches`, tradable and candidates) carry confirm/reject controls that send
 * `PUT /v1/matches/{a}/{b}` with an admin key typed into the page (held by the page only, sent as
 * a bearer header, never in a URL). `/arbitrage` itself is the API's unversioned alias.
 */
import type { MatchRecord, Opportunity } from '../arbitrage/index.js';
import type { RestCaller } from '../api/in-process.js';
import { RestProblem } from '../api/in-process.js';
import { Age, ErrorNote, Layout, VenueBadge } from './layout.js';
import { MarketLink, MatchFacts, pct, titlesOf } from './matches.js';

interface ArbitragePage {
  data: Opportunity[];
  meta: { lastScanAt: string | null; markets: number; pairs: number; watched: number; total: number };
}

/** When the oldest leg's quote was last known current. */
const quotedAt = (o: Opportunity) => new Date(Date.parse(o.evaluatedAt) - o.quoteAge).toISOString();

/** One opportunity; the client script draws the same row from the feed (`oppRow` in console.js). */
export function OpportunityRow(props: { o: Opportunity; titles: Map<string, string> }) {
  const { o } = props;
  return (
    <tr data-opp={o.id} data-actionable={String(o.actionable)}>
      <td>
        <span class="tag">{`${o.relation} · ${pct(o.confidence)}`}</span>
        <ul class="legs">
          {o.legs.map((l) => (
            <li>
              <VenueBadge venue={l.venue} /> <MarketLink id={l.market} titles={props.titles} />
              {` buy ${l.outcome.toUpperCase()} ${l.size} @ ${l.price}, fee ${l.fee ?? 'unknown'}${l.feeEstimated ? ' (est.)' : ''}`}
            </li>
          ))}
        </ul>
      </td>
      <td class="num">{o.size}</td>
      <td class="num">{o.cost}</td>
      <td class="num">{o.profit}</td>
      <td class="num">{pct(o.roi)}</td>
      <td class="num">{pct(o.apr)}</td>
      <td>
        <Age at={quotedAt(o)} />
      </td>
      <td>{o.actionable ? 'Actionable' : `Not actionable: ${o.blockers.join('; ')}`}</td>
    </tr>
  );
}

const HEAD = ['Legs', 'Sets', 'Cost', 'Profit', 'ROI', 'APR', 'Oldest quote', 'Status'];
const NUMERIC = new Set(['Sets', 'Cost', 'Profit', 'ROI', 'APR']);

function MatchRow(props: { m: MatchRecord; titles: Map<string, string> }) {
  const { m } = props;
  const relation = m.relation === 'inverse' ? 'inverse' : 'identical';
  return (
    <tr data-a={m.a} data-b={m.b}>
      <td>
        <ul class="legs">
          {[m.a, m.b].map((id) => (
            <li>
              <VenueBadge venue={id.slice(0, id.indexOf(':'))} /> <MarketLink id={id} titles={props.titles} />
            </li>
          ))}
        </ul>
      </td>
      <td>
        <MatchFacts m={m} />
      </td>
      <td class="needs-js decide">
        <label>
          Relation
          <select>
            {['identical', 'inverse'].map((r) => (
              <option value={r} selected={r === relation}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button type="button" data-decision="confirm">
          Confirm
        </button>
        <button type="button" data-decision="reject">
          Reject
        </button>
        <output></output>
      </td>
    </tr>
  );
}

export async function arbitragePage(rest: RestCaller) {
  let page: ArbitragePage;
  let matches: MatchRecord[];
  try {
    page = await rest.get<ArbitragePage>('/v1/arbitrage', { limit: 100 });
    matches = (await rest.get<{ data: MatchRecord[] }>('/v1/matches', { limit: 200 })).data;
  } catch (err) {
    if (!(err instanceof RestProblem)) throw err;
    const body = (
      <Layout title="Arbitrage" section="arbitrage">
        <h1>Arbitrage</h1>
        <ErrorNote code={err.code} detail={err.detail} />
      </Layout>
    );
    return { body, status: err.status };
  }
  const titles = await titlesOf(rest, [...page.data.flatMap((o) => o.legs.map((l) => l.market)), ...matches.flatMap((m) => [m.a, m.b])]);
  const body = (
    <Layout title="Arbitrage" section="arbitrage">
      <h1>Arbitrage</h1>
      <p class="muted">
        {`${page.meta.pairs} matched pairs feed arbitrage, ${page.meta.watched} books watched, ${page.meta.markets} markets matched`}
        {page.meta.lastScanAt ? (
          <>
            {', last matched '}
            <Age at={page.meta.lastScanAt} />
          </>
        ) : null}
        . Figures are after each venue's fees; ROI and APR are on the cost.
      </p>
      <section id="arb" aria-labelledby="opps-title" data-state="connecting">
        <h2 id="opps-title">Opportunities</h2>
        <p id="arb-status" role="status" aria-live="polite">
          Connecting to the live feed…
        </p>
        <table class="opps">
          <thead>
            <tr>
              {HEAD.map((h) => (
                <th scope="col" class={NUMERIC.has(h) ? 'num' : undefined}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody id="opps">
            {page.data.map((o) => (
              <OpportunityRow o={o} titles={titles} />
            ))}
          </tbody>
        </table>
        <p id="none" class="muted" hidden={page.data.length > 0}>
          No opportunities right now.
        </p>
      </section>
      <section aria-labelledby="pairs-title">
        <h2 id="pairs-title">Matched pairs</h2>
        <form id="admin" class="needs-js" autocomplete="off">
          <label>
            Admin key (to confirm or reject a pair)
            <input id="admin-key" type="password" autocomplete="off" spellcheck={false} />
          </label>
          <p class="muted">Kept by this page only and sent as a bearer header with each decision, never in a URL.</p>
        </form>
        <table class="pairs">
          <thead>
            <tr>
              <th scope="col">Markets</th>
              <th scope="col">Matcher</th>
              <th scope="col" class="needs-js">
                Decision
              </th>
            </tr>
          </thead>
          <tbody>
            {matches.map((m) => (
              <MatchRow m={m} titles={titles} />
            ))}
          </tbody>
        </table>
        {matches.length === 0 ? <p class="muted">No matched pairs yet.</p> : null}
      </section>
    </Layout>
  );
  return { body, status: 200 };
}
