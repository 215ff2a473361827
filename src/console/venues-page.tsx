/** `/status`: per venue, the catalog sync, rate-limit headroom and how live books are fed (`GET /v1/venues`). */
import type { RestCaller } from '../api/in-process.js';
import { RestProblem } from '../api/in-process.js';
import { Age, ErrorNote, Layout, VenueBadge } from './layout.js';

interface VenueInfo {
  id: string;
  enabled: boolean;
  authenticated: boolean;
  capabilities: Record<string, unknown> | null;
  catalog: { state: string; syncedAt: string | null; marketCount: number; eventCount: number; lastError: { message: string } | null } | null;
  rateLimits: { name: string; ratePerSecond: number; capacity: number; available: number }[];
  liveBooks: { stream: { usable: boolean; subscriptions: number } | null; polledMarkets: number; pollFailures: number } | null;
}

function streamState(v: VenueInfo): string {
  if (!v.enabled) return '—';
  if (v.capabilities?.stream === false) return v.liveBooks && v.liveBooks.polledMarkets > 0 ? `polled (${v.liveBooks.polledMarkets} books)` : 'no stream (polled on demand)';
  const s = v.liveBooks?.stream;
  if (!s) return 'idle (no subscriptions)';
  return s.usable ? `streaming (${s.subscriptions} subscriptions)` : 'stream unavailable: polling';
}

export async function venuesPage(rest: RestCaller) {
  let venues: VenueInfo[] = [];
  let failure: RestProblem | undefined;
  try {
    venues = (await rest.get<{ data: VenueInfo[] }>('/v1/venues')).data;
  } catch (err) {
    if (!(err instanceof RestProblem)) throw err;
    failure = err;
  }
  const body = (
    <Layout title="Venues" section="venues">
      <h1>Venues</h1>
      {failure ? <ErrorNote code={failure.code} detail={failure.detail} /> : null}
      <table class="venues">
        <thead>
          <tr>
            <th scope="col">Venue</th>
            <th scope="col">Catalog</th>
            <th scope="col" class="num">
              Markets
            </th>
            <th scope="col">Synced</th>
            <th scope="col">Rate-limit headroom</th>
            <th scope="col">Live books</th>
          </tr>
        </thead>
        <tbody>
          {venues.map((v) => (
            <tr data-venue={v.id}>
              <th scope="row">
                <VenueBadge venue={v.id} />
                {v.enabled ? (v.authenticated ? null : <span class="tag">no credentials</span>) : <span class="tag">disabled</span>}
              </th>
              <td data-field="state">
                {v.catalog?.state ?? '—'}
                {v.catalog?.lastError ? <div class="error">{v.catalog.lastError.message}</div> : null}
              </td>
              <td class="num" data-field="markets">
                {v.catalog ? String(v.catalog.marketCount) : '—'}
              </td>
              <td>
                <Age at={v.catalog?.syncedAt} />
              </td>
              <td>
                {v.rateLimits.map((r) => (
                  <div class="budget">
                    <label>
                      {r.name}{' '}
                      <meter min={0} max={r.capacity} value={r.available} low={r.capacity * 0.25} high={r.capacity * 0.5} optimum={r.capacity}>
                        {`${Math.floor(r.available)} of ${r.capacity}`}
                      </meter>{' '}
                      {`${Math.floor(r.available)}/${r.capacity}`}
                    </label>
                  </div>
                ))}
              </td>
              <td data-field="stream">{streamState(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
  return { body, status: failure ? failure.status : 200 };
}
