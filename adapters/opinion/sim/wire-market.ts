/**
 * Market objects as Opinion serves them (docs/venues/opinion.md §4), key sets as recorded:
 * binary detail (`market-binary.json`), a child fetched by id (`market-categorical-child.json`,
 * no labels), children nested in a parent (no cover/thumbnail/24h volume), and the categorical
 * parent, whose list row and detail disagree as recorded (§4.3): in the list the children's
 * `conditionId` and the parent's `questionId` are empty, the parent says status 2 and twice the
 * volume with 18 decimals; in the detail the parent says status 1 "Created", carries the first
 * child's `questionId`, and its volume is the children's sum.
 */
import { CHAIN_ID_TEXT } from './constants.js';
import { fmtWei, fmtWei18 } from './format.js';
import { childrenOf, STATUS_ENUM, type SimMarket, type SimParent, type TopicStatus, type Universe } from './generate.js';

export interface MarketWireContext {
  universe: Universe;
  /** USDT wei traded in the simulator, per market. */
  traded: Map<number, bigint>;
}

type Json = Record<string, unknown>;

interface Volumes {
  volume: bigint;
  volume24h: bigint;
  volume7d: bigint;
}

function volumesOf(ctx: MarketWireContext, m: SimMarket): Volumes {
  const live = ctx.traded.get(m.marketId) ?? 0n;
  return { volume: m.baseVolume + live, volume24h: m.baseVolume24h + live, volume7d: m.baseVolume7d + live };
}

function resolutionFields(m: SimMarket): Json {
  if (m.status !== 4) return {};
  return { resolution: { disputeDeadline: Math.max(0, m.resolvedAt - 60), phase: 'finalized', proposedTokenId: m.resultTokenId } };
}

/** Fields every binary market object carries, nested or not. */
function coreFields(m: SimMarket, v: Volumes, conditionId: string): Json {
  return {
    chainId: CHAIN_ID_TEXT,
    conditionId,
    createdAt: m.createdAt,
    cutoffAt: m.cutoffAt,
    ...(m.incentive ? { incentiveFactor: {} } : {}),
    isResolvableByAI: m.resolvableByAI,
    marketId: m.marketId,
    marketTitle: m.title,
    noLabel: m.noLabel,
    noTokenId: m.noTokenId,
    questionId: m.questionId,
    quoteToken: m.quoteToken,
    rebate: { maker: 0.5 },
    ...resolutionFields(m),
    resolvedAt: m.resolvedAt,
    resultTokenId: m.resultTokenId,
    rules: m.rules,
    slug: m.slug,
    status: m.status,
    statusEnum: STATUS_ENUM[m.status],
    volume: fmtWei(v.volume),
    yesLabel: m.yesLabel,
    yesTokenId: m.yesTokenId,
  };
}

/** `GET /market/{id}`, `/market/slug/{slug}` and list rows of standalone binaries. */
export function binaryMarketObject(ctx: MarketWireContext, m: SimMarket): Json {
  const v = volumesOf(ctx, m);
  return {
    ...coreFields(m, v, m.conditionId),
    childMarkets: null,
    coverUrl: '',
    ...(m.parentId === null ? { labelIds: m.labelIds, labels: m.labels } : {}),
    marketType: 0,
    thumbnailUrl: '',
    volume24h: fmtWei(v.volume24h),
    volume7d: fmtWei(v.volume7d),
  };
}

/** A child nested in its parent; the list blanks its `conditionId`. */
function nestedChild(ctx: MarketWireContext, m: SimMarket, inList: boolean): Json {
  return coreFields(m, volumesOf(ctx, m), inList ? '' : m.conditionId);
}

/** A parent is open while any child is; resolved once all are. */
export function parentStatus(children: SimMarket[]): TopicStatus {
  return children.some((c) => c.status === 2) ? 2 : 4;
}

export interface ParentOptions {
  inList: boolean;
  /** List filter `status=activated|resolved`: only children in that status are nested. */
  childStatus?: TopicStatus;
}

export function categoricalObject(ctx: MarketWireContext, p: SimParent, options: ParentOptions): Json {
  const all = childrenOf(ctx.universe, p);
  const children = options.childStatus ? all.filter((c) => c.status === options.childStatus) : all;
  const sum = (pick: (v: Volumes) => bigint) => all.reduce((acc, c) => acc + pick(volumesOf(ctx, c)), 0n);
  const volume = sum((v) => v.volume);
  const listed = parentStatus(all);
  const status: TopicStatus = options.inList ? listed : listed === 2 ? 1 : 4;
  // List rows print volumes with 18 decimals and the lifetime volume doubled, as recorded.
  const fmtVolume = (wei: bigint) => (options.inList ? fmtWei18(wei) : fmtWei(wei));
  return {
    chainId: CHAIN_ID_TEXT,
    childMarkets: children.map((c) => nestedChild(ctx, c, options.inList)),
    conditionId: '',
    coverUrl: '',
    createdAt: p.createdAt,
    cutoffAt: p.cutoffAt,
    ...(p.incentive ? { incentiveFactor: {} } : {}),
    isResolvableByAI: p.resolvableByAI,
    labelIds: p.labelIds,
    labels: p.labels,
    marketId: p.marketId,
    marketTitle: p.title,
    marketType: 1,
    noLabel: '',
    noTokenId: '',
    questionId: options.inList ? '' : (all[0]?.questionId ?? ''),
    quoteToken: p.quoteToken,
    rebate: { maker: 0.5 },
    resolvedAt: status === 4 ? Math.max(...all.map((c) => c.resolvedAt)) : 0,
    resultTokenId: '',
    rules: p.rules,
    slug: p.slug,
    status,
    statusEnum: STATUS_ENUM[status],
    thumbnailUrl: '',
    volume: fmtVolume(options.inList ? volume * 2n : volume),
    volume24h: fmtVolume(sum((v) => v.volume24h)),
    volume7d: fmtVolume(sum((v) => v.volume7d)),
    yesLabel: '',
    yesTokenId: '',
  };
}

/** Sort keys of a list row (`sortBy`, docs/venues/opinion.md §5.1). */
export function rowVolumes(ctx: MarketWireContext, m: SimMarket | SimMarket[]): Volumes {
  const list = Array.isArray(m) ? m : [m];
  const out: Volumes = { volume: 0n, volume24h: 0n, volume7d: 0n };
  for (const c of list) {
    const v = volumesOf(ctx, c);
    out.volume += v.volume;
    out.volume24h += v.volume24h;
    out.volume7d += v.volume7d;
  }
  return out;
}
