/**
 * Account and position routes (docs/venues/manifold.md §Account, §Positions): `/v0/me`,
 * users by name or id, `market/:id/positions`, `get-user-contract-metrics-with-contracts`, and the
 * undocumented `/users/by-id/balance` (no `/v0`).
 */
import { Hono } from 'hono';
import { ZERO, type Fx } from './fx.js';
import { contractMetric, displayUser, fullUser, liteMarket } from './format.js';
import { CACHE_DEFAULT, authenticate, getParams, notFound, ok, type SimContext } from './http.js';
import { num } from './json.js';
import type { SimContract } from './model.js';
import type { ManifoldState, Position } from './state.js';
import type { EndpointSpec } from './validate.js';

const SPECS = {
  me: { strict: false, params: {} },
  username: { strict: true, params: { username: { kind: 'string' } } },
  id: { strict: true, params: { id: { kind: 'string' } } },
  balances: { strict: true, params: { ids: { kind: 'array' } } },
  positions: {
    strict: true,
    params: {
      id: { kind: 'string' },
      userId: { kind: 'string', optional: true },
      answerId: { kind: 'string', optional: true },
      summaryOnly: { kind: 'coerceBoolean', optional: true },
      top: { kind: 'coerceNumber', optional: true },
      bottom: { kind: 'coerceNumber', optional: true },
      order: { kind: 'enum', values: ['shares', 'profit'], optional: true },
    },
  },
  metrics: {
    strict: true,
    params: {
      userId: { kind: 'string' },
      limit: { kind: 'coerceNumber', gte: 0, lte: 1000, default: 100 },
      offset: { kind: 'coerceNumber', gte: 0, optional: true },
      order: { kind: 'enum', values: ['lastBetTime', 'profit'], optional: true },
      perAnswer: { kind: 'coerceBoolean', optional: true },
    },
  },
} satisfies Record<string, EndpointSpec>;

/** ContractMetric rows of one user on one contract: per answer, plus a summary row (answerId null). */
function metricsOf(state: ManifoldState, c: SimContract, positions: Position[], nextId: () => number): Record<string, unknown>[] {
  if (c.mechanism !== 'cpmm-multi-1') return [contractMetric(state, c, positions, null, nextId())];
  const rows = positions.map((p) => contractMetric(state, c, [p], p.answerId ?? null, nextId()));
  rows.push(contractMetric(state, c, positions, null, nextId()));
  return rows;
}

function groupByUser(positions: Position[]): Map<string, Position[]> {
  const out = new Map<string, Position[]>();
  for (const p of positions) out.set(p.userId, [...(out.get(p.userId) ?? []), p]);
  return out;
}

function fxOf(v: unknown): Fx {
  return v && typeof v === 'object' && 'value' in v ? (v as { value: Fx }).value : ZERO;
}

export function userRoutes(ctx: SimContext): Hono {
  const { state } = ctx;
  const app = new Hono();
  let metricId = 0;
  const nextId = () => ++metricId;

  app.get('/me', (c) => {
    const user = authenticate(state, c.req.header('authorization'));
    getParams(c, SPECS.me);
    return ok(fullUser(user), CACHE_DEFAULT);
  });
  app.get('/user/by-id/:id/lite', (c) => {
    const { id } = getParams(c, SPECS.id, { id: c.req.param('id') }) as { id: string };
    return ok(displayUser(state.users.get(id) ?? notFound('User not found')), CACHE_DEFAULT);
  });
  app.get('/user/by-id/:id', (c) => {
    const { id } = getParams(c, SPECS.id, { id: c.req.param('id') }) as { id: string };
    return ok(fullUser(state.users.get(id) ?? notFound('User not found')));
  });
  app.get('/user/:username/lite', (c) => {
    const { username } = getParams(c, SPECS.username, { username: c.req.param('username') }) as { username: string };
    return ok(displayUser(state.usersByUsername.get(username) ?? notFound('User not found')), CACHE_DEFAULT);
  });
  app.get('/user/:username', (c) => {
    const { username } = getParams(c, SPECS.username, { username: c.req.param('username') }) as { username: string };
    return ok(fullUser(state.usersByUsername.get(username) ?? notFound('User not found')), CACHE_DEFAULT);
  });

  app.get('/market/:id/positions', (c) => {
    const q = getParams(c, SPECS.positions, { id: c.req.param('id') });
    const m = state.contracts.get(q.id as string) ?? notFound('Contract not found.');
    let positions = state.positionsOf({ contractId: m.id });
    if (q.userId !== undefined) positions = positions.filter((p) => p.userId === q.userId);
    let rows = [...groupByUser(positions).values()].flatMap((ps) => metricsOf(state, m, ps, nextId));
    if (q.summaryOnly === true) rows = rows.filter((r) => r.answerId === null);
    else if (q.answerId !== undefined) rows = rows.filter((r) => r.answerId === q.answerId);
    else if (m.mechanism === 'cpmm-multi-1') rows = rows.filter((r) => r.answerId !== null);
    const key = (r: Record<string, unknown>): Fx => {
      if (q.order === 'shares') {
        const t = r.totalShares as { YES: unknown; NO: unknown };
        const y = fxOf(t.YES);
        const n = fxOf(t.NO);
        return y > n ? y : n;
      }
      return fxOf(r.profit);
    };
    rows.sort((a, b) => (key(a) > key(b) ? -1 : key(a) < key(b) ? 1 : 0));
    const top = typeof q.top === 'number' ? rows.slice(0, q.top) : [];
    const bottom = typeof q.bottom === 'number' ? rows.slice(Math.max(0, rows.length - q.bottom)).reverse() : [];
    return ok(q.top === undefined && q.bottom === undefined ? rows : [...top, ...bottom], CACHE_DEFAULT);
  });

  app.get('/get-user-contract-metrics-with-contracts', (c) => {
    const q = getParams(c, SPECS.metrics);
    const userId = q.userId as string;
    const byContract = new Map<string, Position[]>();
    for (const p of state.positionsOf({ userId })) byContract.set(p.contractId, [...(byContract.get(p.contractId) ?? []), p]);
    const entries = [...byContract.entries()].map(([id, ps]) => ({ contract: state.contracts.get(id) as SimContract, ps, last: Math.max(...ps.map((p) => p.lastBetTime)) }));
    entries.sort((a, b) => b.last - a.last);
    const page = entries.slice((q.offset as number | undefined) ?? 0, ((q.offset as number | undefined) ?? 0) + (q.limit as number));
    const metricsByContract: Record<string, unknown[]> = {};
    for (const e of page) {
      const rows = metricsOf(state, e.contract, e.ps, nextId);
      metricsByContract[e.contract.id] = q.perAnswer === true ? rows : rows.filter((r) => r.answerId === null);
    }
    return ok({ metricsByContract, contracts: page.map((e) => liteMarket(state, e.contract)) }, CACHE_DEFAULT);
  });

  return app;
}

/** `GET /users/by-id/balance?ids=` (undocumented, mounted without `/v0`). */
export function balanceRoutes(ctx: SimContext): Hono {
  const app = new Hono();
  app.get('/users/by-id/balance', (c) => {
    const { ids } = getParams(c, SPECS.balances) as { ids: string[] };
    return ok(
      ids.flatMap((id) => {
        const u = ctx.state.users.get(id);
        return u ? [{ id: u.id, balance: num(u.balance) }] : [];
      }),
      CACHE_DEFAULT,
    );
  });
  return app;
}
