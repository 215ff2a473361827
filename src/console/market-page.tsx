/**
 * `/market/{id}`: one market. The header and recent trades are rendered from the REST API; the book
 * is drawn by the client script from the WebSocket feed (`book` and `trades` channels), and says
 * plainly when it is connecting, stale or resyncing instead of showing old levels as current. The
 * markets matched on other venues (`GET /v1/matches?market=`) are listed with the matcher's view.
 */
import type { Market, Trade } from '../core/index.js';
import type { RestCaller } from '../api/in-process.js';
import { RestProblem } from '../api/in-process.js';
import type { MatchRecord } from '../arbitrage/index.js';
import { ErrorNote, Layout, VenueBadge, When } from './layout.js';
import { MarketLink, MatchFacts, titlesOf } from './matches.js';

/** Levels per side the page shows. */
export const BOOK_DEPTH = 20;

function BookSide(props: { side: 'bids' | 'asks'; label: string }) {
  return (
    <table class={`levels ${props.side}`}>
      <caption>{props.label}</caption>
      <thead>
        <tr>
          <th scope="col" class="num">
            Price (YES)
          </th>
          <th scope="col" class="num">
            Size
          </th>
        </tr>
      </thead>
      <tbody id={props.side}></tbody>
    </table>
  );
}

export async function marketPage(rest: RestCaller, id: string) {
  let market: Market;
  try {
    market = await rest.get<Market>(`/v1/markets/${encodeURIComponent(id)}`);
  } catch (err) {
    if (!(err instanceof RestProblem)) throw err;
    const body = (
      <Layout title="Market" section="markets">
        <h1>Market {id}</h1>
        <ErrorNote code={err.code} detail={err.detail} />
      </Layout>
    );
    return { body, status: err.status };
  }
  let trades: Trade[] = [];
  try {
    trades = (await rest.get<{ data: Trade[] }>(`/v1/markets/${encodeURIComponent(id)}/trades`, { limit: 20 })).data;
  } catch (err) {
    if (!(err instanceof RestProblem)) throw err;
  }
  let matches: MatchRecord[] | RestProblem;
  try {
    matches = (await rest.get<{ data: MatchRecord[] }>('/v1/matches', { market: market.id, limit: 50 })).data;
  } catch (err) {
    if (!(err instanceof RestProblem)) throw err;
    matches = err;
  }
  const others = Array.isArray(matches) ? matches.map((m) => (m.a === market.id ? m.b : m.a)) : [];
  const titles = await titlesOf(rest, others);
  const body = (
    <Layout title={market.title} section="markets">
      <p class="crumbs">
        <a href={`/?venue=${market.venue}`}>Markets</a> / <VenueBadge venue={market.venue} />
      </p>
      <h1>{market.title}</h1>
      <dl class="facts">
        <dt>Status</dt>
        <dd>{market.status}</dd>
        <dt>YES bid / ask</dt>
        <dd>
          {market.bestBid ?? '—'} / {market.bestAsk ?? '—'}
        </dd>
        <dt>Volume</dt>
        <dd>{market.volume ?? '—'}</dd>
        <dt>Closes</dt>
        <dd>
          <When at={market.closeTime} />
        </dd>
        <dt>Money</dt>
        <dd>{market.realMoney ? market.currency : `${market.currency} (play money)`}</dd>
        <dt>Id</dt>
        <dd>
          <code>{market.id}</code>
        </dd>
      </dl>
      <section id="book" aria-labelledby="book-title" data-market={market.id} data-depth={String(BOOK_DEPTH)} data-state="connecting">
        <h2 id="book-title">Order book</h2>
        <p id="book-status" role="status" aria-live="polite">
          Connecting to the live feed…
        </p>
        <svg id="depth" role="img" aria-labelledby="depth-title" viewBox="0 0 600 200" preserveAspectRatio="none">
          <title id="depth-title">Depth chart: cumulative YES bids and asks by price</title>
        </svg>
        <div class="sides">
          <BookSide side="bids" label="Bids (buy YES)" />
          <BookSide side="asks" label="Asks (sell YES)" />
        </div>
      </section>
      <section aria-labelledby="trades-title">
        <h2 id="trades-title">Recent trades</h2>
        <table class="trades">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col" class="num">
                Price (YES)
              </th>
              <th scope="col" class="num">
                Size
              </th>
              <th scope="col">Taker</th>
            </tr>
          </thead>
          <tbody id="trades">
            {trades.map((t) => (
              <tr>
                <td>
                  <When at={t.timestamp} />
                </td>
                <td class="num">{t.price}</td>
                <td class="num">{t.size}</td>
                <td>{t.takerSide ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section id="matches" aria-labelledby="matches-title">
        <h2 id="matches-title">Matched markets on other venues</h2>
        {!Array.isArray(matches) ? (
          matches.code === 'not_supported' ? (
            <p class="muted">Cross-venue matching is not enabled on this server.</p>
          ) : (
            <ErrorNote code={matches.code} detail={matches.detail} />
          )
        ) : matches.length === 0 ? (
          <p class="muted">The matcher found no related market on another venue.</p>
        ) : (
          <ul class="matches">
            {matches.map((m, i) => (
              <li data-match={others[i]}>
                <VenueBadge venue={others[i]!.slice(0, others[i]!.indexOf(':'))} /> <MarketLink id={others[i]!} titles={titles} />
                <MatchFacts m={m} self={market.id} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {market.rules ? (
        <section aria-labelledby="rules-title">
          <h2 id="rules-title">Rules</h2>
          <p class="rules">{market.rules}</p>
        </section>
      ) : null}
    </Layout>
  );
  return { body, status: 200 };
}
