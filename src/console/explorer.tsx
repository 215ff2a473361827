/** `/`: the markets explorer, a form over `GET /v1/markets` whose state is the page's URL. */
import type { Market } from '../core/index.js';
import type { RestCaller } from '../api/in-process.js';
import { RestProblem } from '../api/in-process.js';
import { Age, ErrorNote, Layout, VenueBadge, When } from './layout.js';

const FILTERS = ['q', 'venue', 'status', 'category', 'closesBefore', 'money', 'sort'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number] | 'cursor', string>>;

const STATUSES = ['open', 'upcoming', 'paused', 'closed', 'resolved', 'void'];
const PAGE = 50;

interface MarketPage {
  data: Market[];
  nextCursor: string | null;
  meta: { venues: Record<string, { state: string; marketCount: number }> };
}

/** The filters of a request's query, empty values dropped (a submitted form sends every field). */
export function filtersOf(query: Record<string, string>): Filters {
  const out: Filters = {};
  for (const key of [...FILTERS, 'cursor'] as const) {
    const v = query[key]?.trim();
    if (v) out[key] = v;
  }
  return out;
}

function href(filters: Filters): string {
  const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== undefined) as [string, string][]);
  const s = params.toString();
  return s === '' ? '/' : `/?${s}`;
}

/** `closesBefore` from a date input is a calendar day; the API takes it as that day's start, UTC. */
function apiQuery(f: Filters): Record<string, string | number | undefined> {
  return { ...f, status: f.status ?? 'open', limit: PAGE };
}

function Select(props: { name: string; label: string; value: string | undefined; options: [string, string][] }) {
  return (
    <label>
      {props.label}
      <select name={props.name}>
        {props.options.map(([value, text]) => (
          <option value={value} selected={(props.value ?? '') === value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

export async function explorerPage(rest: RestCaller, venues: string[], filters: Filters) {
  let page: MarketPage | undefined;
  let failure: RestProblem | undefined;
  try {
    page = await rest.get<MarketPage>('/v1/markets', apiQuery(filters));
  } catch (err) {
    if (!(err instanceof RestProblem)) throw err;
    failure = err;
  }
  const status = filters.status ?? 'open';
  const body = (
    <Layout title="Markets" section="markets">
      <h1>Markets</h1>
      <form method="get" action="/" class="filters" role="search" aria-label="Filter markets">
        <label>
          Search
          <input type="search" name="q" value={filters.q ?? ''} placeholder="title or question" />
        </label>
        <Select name="venue" label="Venue" value={filters.venue} options={[['', 'All venues'], ...venues.map((v): [string, string] => [v, v])]} />
        <Select name="status" label="Status" value={status} options={STATUSES.map((s): [string, string] => [s, s])} />
        <label>
          Category
          <input type="text" name="category" value={filters.category ?? ''} />
        </label>
        <label>
          Closes before
          <input type="date" name="closesBefore" value={filters.closesBefore ?? ''} />
        </label>
        <Select name="money" label="Money" value={filters.money} options={[['', 'Real and play'], ['real', 'Real money'], ['play', 'Play money']]} />
        <Select name="sort" label="Sort by" value={filters.sort} options={[['volume', 'Volume'], ['closeTime', 'Close time'], ['newest', 'Newest']]} />
        <button type="submit">Apply</button>
      </form>
      {failure ? <ErrorNote code={failure.code} detail={failure.detail} /> : null}
      {page ? (
        <>
          <table class="markets">
            <caption>
              {page.data.length === 0 ? 'No markets match.' : `${page.data.length} markets${filters.cursor ? ' (continued)' : ''}`}
            </caption>
            <thead>
              <tr>
                <th scope="col">Venue</th>
                <th scope="col">Market</th>
                <th scope="col" class="num">
                  YES bid
                </th>
                <th scope="col" class="num">
                  YES ask
                </th>
                <th scope="col">Quoted</th>
                <th scope="col" class="num">
                  Volume
                </th>
                <th scope="col">Closes</th>
              </tr>
            </thead>
            <tbody>
              {page.data.map((m) => (
                <tr data-market={m.id}>
                  <td>
                    <VenueBadge venue={m.venue} />
                    {m.realMoney ? null : <span class="tag">play</span>}
                  </td>
                  <td>
                    <a href={`/market/${encodeURIComponent(m.id)}`}>{m.title}</a>
                  </td>
                  <td class="num">{m.bestBid ?? '—'}</td>
                  <td class="num">{m.bestAsk ?? '—'}</td>
                  <td>
                    <Age at={m.quotedAt} />
                  </td>
                  <td class="num">{m.volume ?? '—'}</td>
                  <td>
                    <When at={m.closeTime} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav class="pager" aria-label="Pages">
            {filters.cursor ? <a href={href({ ...filters, cursor: undefined })}>First page</a> : null}
            {page.nextCursor ? (
              <a rel="next" href={href({ ...filters, cursor: page.nextCursor })}>
                Next page
              </a>
            ) : null}
          </nav>
        </>
      ) : null}
    </Layout>
  );
  return { body, status: failure ? failure.status : 200 };
}
