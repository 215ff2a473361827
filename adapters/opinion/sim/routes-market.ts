/**
 * Market routes (docs/venues/opinion.md §4, §5.1): `GET /market` (pages of at most 20 as
 * `{total, list}`, filters `status`, `marketType` with 2 = all, `labelId`, `chainId`,
 * `collectionType`, and the eight `sortBy` orders), `GET /market/{id}`, `/market/categorical/{id}`,
 * `/market/slug/{slug}`, `GET /label` and `GET /quoteToken` (every quote token on the first page
 * when no paging is asked, as the official SDK expects). Public: an `apikey` is accepted, not
 * required.
 */
import { Hono } from 'hono';
import { CHAIN_ID_TEXT, ERRMSG, ERRNO } from './constants.js';
import type { SimContext } from './context.js';
import { childrenOf, type SimParent, type Topic, type TopicStatus } from './generate.js';
import { badParams, fail, intParam, ok, pageOf, paging } from './http.js';
import { binaryMarketObject, categoricalObject, parentStatus, rowVolumes, type MarketWireContext } from './wire-market.js';

interface Row {
  topic: Topic;
  id: number;
  status: TopicStatus;
  labelIds: number[];
  createdAt: number;
  cutoffAt: number;
  volume: bigint;
  volume24h: bigint;
  volume7d: bigint;
}

function rowOf(ctx: MarketWireContext, topic: Topic): Row {
  if (topic.kind === 'binary') {
    const m = topic.market;
    return { topic, id: m.marketId, status: m.status, labelIds: m.labelIds, createdAt: m.createdAt, cutoffAt: m.cutoffAt, ...rowVolumes(ctx, m) };
  }
  const p = topic.parent;
  const children = childrenOf(ctx.universe, p);
  return { topic, id: p.marketId, status: parentStatus(children), labelIds: p.labelIds, createdAt: p.createdAt, cutoffAt: p.cutoffAt, ...rowVolumes(ctx, children) };
}

const cmpBig = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

const SORTS: Record<number, (a: Row, b: Row) => number> = {
  0: (a, b) => a.id - b.id,
  1: (a, b) => b.createdAt - a.createdAt || b.id - a.id,
  2: (a, b) => (a.cutoffAt || Infinity) - (b.cutoffAt || Infinity) || a.id - b.id,
  3: (a, b) => cmpBig(b.volume, a.volume) || a.id - b.id,
  4: (a, b) => cmpBig(a.volume, b.volume) || a.id - b.id,
  5: (a, b) => cmpBig(b.volume24h, a.volume24h) || a.id - b.id,
  6: (a, b) => cmpBig(a.volume24h, b.volume24h) || a.id - b.id,
  7: (a, b) => cmpBig(b.volume7d, a.volume7d) || a.id - b.id,
  8: (a, b) => cmpBig(a.volume7d, b.volume7d) || a.id - b.id,
};

const STATUS_FILTER: Record<string, TopicStatus | undefined> = { activated: 2, resolved: 4 };

export function marketRoutes(ctx: SimContext): Hono {
  const app = new Hono();
  const wire: MarketWireContext = { universe: ctx.universe, traded: ctx.exchange.traded };
  const parentDetail = (p: SimParent) => ok({ data: categoricalObject(wire, p, { inList: false }) });

  app.get('/market', (c) => {
    const p = paging(c);
    if (p instanceof Response) return p;
    const marketType = intParam(c, 'marketType', 2);
    const sortBy = intParam(c, 'sortBy', 0);
    const labelId = intParam(c, 'labelId', 0);
    const collectionType = intParam(c, 'collectionType', 0);
    for (const v of [marketType, sortBy, labelId, collectionType]) if (typeof v === 'string') return badParams(v);
    if (![0, 1, 2].includes(marketType as number)) return badParams('marketType must be 0 (binary), 1 (categorical) or 2 (all)');
    const sort = SORTS[sortBy as number];
    if (!sort) return badParams('sortBy must be between 0 and 8');
    const statusText = (c.req.query('status') ?? '').toLowerCase();
    const status = STATUS_FILTER[statusText];
    if (statusText !== '' && status === undefined) return badParams('status must be activated or resolved');
    const chainId = c.req.query('chainId');
    // The simulator has no recurring (collection) markets: `collectionType=1` lists nothing.
    const empty = (chainId !== undefined && chainId !== '' && chainId !== CHAIN_ID_TEXT) || collectionType === 1;
    const rows = empty
      ? []
      : ctx.universe.topics
          .filter((t) => marketType === 2 || (marketType === 0 ? t.kind === 'binary' : t.kind === 'categorical'))
          .map((t) => rowOf(wire, t))
          .filter((r) => (status === undefined || r.status === status) && (labelId === 0 || r.labelIds.includes(labelId as number)))
          .sort(sort);
    const page = pageOf(rows, p);
    return ok({
      total: page.total,
      list: page.list.map((r) =>
        r.topic.kind === 'binary' ? binaryMarketObject(wire, r.topic.market) : categoricalObject(wire, r.topic.parent, { inList: true, childStatus: status }),
      ),
    });
  });

  app.get('/market/categorical/:marketId', (c) => {
    const parent = ctx.universe.parentsById.get(Number(c.req.param('marketId')));
    return parent ? parentDetail(parent) : fail(ERRNO.topicNotFound, ERRMSG.topicNotFound);
  });

  app.get('/market/slug/:slug', (c) => {
    const topic = ctx.universe.bySlug.get(c.req.param('slug'));
    if (!topic) return fail(ERRNO.topicNotFound, ERRMSG.topicNotFound);
    return topic.kind === 'binary' ? ok({ data: binaryMarketObject(wire, topic.market) }) : parentDetail(topic.parent);
  });

  app.get('/market/:marketId', (c) => {
    const id = Number(c.req.param('marketId'));
    const market = ctx.universe.byId.get(id);
    if (market) return ok({ data: binaryMarketObject(wire, market) });
    // A categorical parent asked by id answers like its categorical detail (simulator choice, §10).
    const parent = ctx.universe.parentsById.get(id);
    return parent ? parentDetail(parent) : fail(ERRNO.topicNotFound, ERRMSG.topicNotFound);
  });

  app.get('/label', () => ok({ list: ctx.universe.labels.map((l) => ({ ...l, imageUrl: '', imageMobileUrl: '' })) }));

  app.get('/quoteToken', (c) => {
    const name = c.req.query('quoteTokenName');
    const chainId = c.req.query('chainId');
    const all = ctx.quoteTokens.filter(
      (q) => (!name || q.quoteTokenName.toLowerCase() === name.toLowerCase()) && (!chainId || q.chainId === chainId),
    );
    if (c.req.query('page') === undefined && c.req.query('limit') === undefined) return ok({ total: all.length, list: all });
    const p = paging(c);
    if (p instanceof Response) return p;
    return ok(pageOf(all, p));
  });

  return app;
}
