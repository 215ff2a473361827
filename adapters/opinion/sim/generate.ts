/**
 * Deterministic market universe of the Opinion simulator (docs/venues/opinion.md §4).
 *
 * Topics are either a standalone binary market (`marketType 0`) or a categorical parent
 * (`marketType 1`) whose children are full binary markets with their own ids and tokens. Ids are
 * allocated in generation order (a parent, then its children), so topic `i` is the same whatever
 * the requested count. Every value is derived from SHA-512 of (seed, kind, index). Some markets
 * are resolved, some binaries carry custom outcome labels (team names), some topics carry an
 * incentive factor, and children have `cutoffAt: 0` (their close is the parent's).
 */
import { createHash } from 'node:crypto';
import { USDT_ADDRESS, WEI } from './constants.js';

export type TopicStatus = 1 | 2 | 3 | 4 | 5 | 6;

export const STATUS_ENUM: Record<TopicStatus, string> = {
  1: 'Created',
  2: 'Activated',
  3: 'Resolving',
  4: 'Resolved',
  5: 'Failed',
  6: 'Deleted',
};

export interface SimLabel {
  labelId: number;
  labelName: string;
}

export interface SimMarket {
  marketId: number;
  /** The categorical parent (`rootMarketId`), or null for a standalone binary. */
  parentId: number | null;
  title: string;
  slug: string;
  rules: string;
  yesLabel: string;
  noLabel: string;
  yesTokenId: string;
  noTokenId: string;
  /** 64 hex digits without 0x. */
  conditionId: string;
  questionId: string;
  labelIds: number[];
  labels: string[];
  /** Unix seconds. */
  createdAt: number;
  /** Unix seconds; 0 = none (children close with their parent). */
  cutoffAt: number;
  status: TopicStatus;
  resolvedAt: number;
  resultTokenId: string;
  /** Lifetime, 7-day and 24-hour volume (USDT wei) before the simulator started. */
  baseVolume: bigint;
  baseVolume7d: bigint;
  baseVolume24h: bigint;
  /** Starting YES price, micro-dollars on the 0.01 grid. */
  initialMid: number;
  incentive: boolean;
  resolvableByAI: boolean;
  quoteToken: string;
}

export interface SimParent {
  marketId: number;
  title: string;
  slug: string;
  rules: string;
  labelIds: number[];
  labels: string[];
  childIds: number[];
  createdAt: number;
  cutoffAt: number;
  incentive: boolean;
  resolvableByAI: boolean;
  quoteToken: string;
}

export type Topic = { kind: 'binary'; market: SimMarket } | { kind: 'categorical'; parent: SimParent };

export interface Universe {
  /** Binary markets and categorical children, in id order. */
  markets: SimMarket[];
  parents: SimParent[];
  /** Rows of `GET /market`: standalone binaries and categorical parents, in id order. */
  topics: Topic[];
  byId: Map<number, SimMarket>;
  parentsById: Map<number, SimParent>;
  byToken: Map<string, { market: SimMarket; outcome: 'yes' | 'no' }>;
  bySlug: Map<string, Topic>;
  labels: SimLabel[];
}

export const LABELS: SimLabel[] = [
  { labelId: 1, labelName: 'Politics' },
  { labelId: 2, labelName: 'Crypto' },
  { labelId: 3, labelName: 'Economy' },
  { labelId: 4, labelName: 'Tech' },
  { labelId: 6, labelName: 'Business' },
  { labelId: 100012, labelName: 'Esports' },
];

/** Generation is anchored to a fixed instant, not the wall clock, so ids and dates are stable. */
const EPOCH_S = Math.floor(Date.UTC(2026, 0, 1) / 1000);
const DAY_S = 86_400;
const FIRST_ID = 1001;

const SUBJECTS = ['Bitcoin', 'Ethereum', 'BNB', 'the Fed', 'the ECB', 'OpenAI', 'Nvidia', 'Tesla', 'Japan', 'Brazil', 'India', 'gold'];
const PREDICATES = ['reach a new all-time high', 'cut rates', 'announce a merger', 'launch a new product', 'sign a trade deal', 'beat estimates'];
const CATEGORICAL = [
  { title: 'Which companies will be acquired before 2028?', options: ['Snap', 'Ubisoft', 'GitLab', 'Lovable', 'Perplexity AI', 'Nebius Group'] },
  { title: 'Fed rate decision in March?', options: ['50+ bps decrease', '25 bps decrease', 'No change', '25+ bps increase'] },
  { title: 'What price will Bitcoin hit in June?', options: ['↑ 150,000', '↑ 130,000', '↓ 80,000', '↓ 60,000', '↓ 50,000'] },
  { title: 'Who will win the 2027 French presidential election?', options: ['Alex Moreau', 'Bea Lindqvist', 'Chen Wei', 'Dara Okafor', 'Emil Novak'] },
];
const TEAMS = [['Turma do Pagode', 'TDP'], ['Galorys', 'GLS'], ['Nordic Wolves', 'NW'], ['Blue Harbor', 'BH'], ['Kite Esports', 'KITE'], ['Atlas Five', 'AT5']];

function digest(seed: number, kind: string, index: number): Buffer {
  return createHash('sha512').update(`opinion:${seed}:${kind}:${index}`).digest();
}

function hex64(bytes: Buffer): string {
  return bytes.subarray(0, 32).toString('hex');
}

function uint256(bytes: Buffer): string {
  return BigInt(`0x${bytes.subarray(0, 32).toString('hex')}`).toString();
}

function slugify(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** A random USDT amount in wei with up to four decimals, below `maxWhole` whole dollars. */
function wei(bytes: Buffer, at: number, maxWhole: number): bigint {
  const whole = BigInt(bytes.readUInt32BE(at) % maxWhole);
  const frac = BigInt(bytes.readUInt16BE(at + 4) % 10_000);
  return whole * WEI + frac * 10n ** 14n;
}

interface Volumes {
  baseVolume: bigint;
  baseVolume7d: bigint;
  baseVolume24h: bigint;
}

function volumes(bytes: Buffer, active: boolean): Volumes {
  const baseVolume = wei(bytes, 40, 5_000_000);
  const baseVolume7d = active ? baseVolume / BigInt(2 + (bytes[50]! % 20)) : 0n;
  const baseVolume24h = active ? baseVolume7d / BigInt(2 + (bytes[51]! % 7)) : 0n;
  return { baseVolume, baseVolume7d, baseVolume24h };
}

/** Resolution facts of a market; `winner` null keeps it open. */
function resolution(m: { createdAt: number; yesTokenId: string; noTokenId: string }, winner: 'yes' | 'no' | null, bytes: Buffer) {
  if (!winner) return { status: 2 as TopicStatus, resolvedAt: 0, resultTokenId: '' };
  return {
    status: 4 as TopicStatus,
    resolvedAt: m.createdAt + (5 + (bytes[52]! % 40)) * DAY_S,
    resultTokenId: winner === 'yes' ? m.yesTokenId : m.noTokenId,
  };
}

function binaryMarket(seed: number, id: number, topicIndex: number): SimMarket {
  const t = digest(seed, 'topic', topicIndex);
  const m = digest(seed, 'market', id);
  const label = LABELS[t[2]! % (LABELS.length - 1)]!;
  const createdAt = EPOCH_S - (t[3]! % 200) * DAY_S;
  const cutoffAt = EPOCH_S + (400 + t.readUInt16BE(4) % 1000) * DAY_S;
  const esports = t[6]! % 7 === 0;
  // Esports series end quickly: a third of them are already resolved (with team-name outcomes).
  const resolved = t[7]! % 10 === 0 || (esports && t[7]! % 3 === 0);
  let title: string;
  let yesLabel = 'YES';
  let noLabel = 'NO';
  let labels = [label.labelName];
  let labelIds = [label.labelId];
  if (esports) {
    const a = TEAMS[t[8]! % TEAMS.length]!;
    const b = TEAMS[(t[8]! + 1 + (t[9]! % (TEAMS.length - 1))) % TEAMS.length]!;
    title = `${a[0]} vs ${b[0]} (#${topicIndex})`;
    yesLabel = a[0]!;
    noLabel = b[0]!;
    labels = ['Esports'];
    labelIds = [100012];
  } else {
    const subject = SUBJECTS[t[8]! % SUBJECTS.length]!;
    const predicate = PREDICATES[t[9]! % PREDICATES.length]!;
    title = `Will ${subject} ${predicate} in 2027? (#${topicIndex})`;
  }
  const base = {
    yesTokenId: uint256(m),
    noTokenId: uint256(m.subarray(32)),
    createdAt,
  };
  const winner = resolved ? (t[10]! % 2 === 0 ? 'yes' : 'no') : null;
  return {
    marketId: id,
    parentId: null,
    title,
    slug: slugify(title),
    rules: `This market resolves to "${yesLabel}" if the stated outcome occurs before the cutoff; otherwise to "${noLabel}".`,
    yesLabel,
    noLabel,
    ...base,
    conditionId: hex64(digest(seed, 'condition', id)),
    questionId: hex64(digest(seed, 'question', id)),
    labelIds,
    labels,
    cutoffAt,
    ...resolution(base, winner, t),
    ...volumes(m, !resolved),
    initialMid: 50_000 + (m.readUInt32BE(36) % 90) * 10_000,
    incentive: t[11]! % 4 === 0,
    resolvableByAI: t[12]! % 2 === 0,
    quoteToken: USDT_ADDRESS,
  };
}

function categorical(seed: number, firstId: number, topicIndex: number, maxChildren: number): { parent: SimParent; children: SimMarket[] } {
  const t = digest(seed, 'topic', topicIndex);
  const shape = CATEGORICAL[t[13]! % CATEGORICAL.length]!;
  const count = Math.min(maxChildren, 3 + (t[14]! % (shape.options.length - 2)));
  const title = `${shape.title} (#${topicIndex})`;
  const label = LABELS[t[2]! % (LABELS.length - 1)]!;
  const createdAt = EPOCH_S - (t[3]! % 200) * DAY_S;
  const parentSlug = slugify(title);
  const parent: SimParent = {
    marketId: firstId,
    title,
    slug: parentSlug,
    rules: `Each option resolves "Yes" if it happens before the cutoff; otherwise "No". (#${topicIndex})`,
    labelIds: [label.labelId],
    labels: [label.labelName],
    childIds: [],
    createdAt,
    cutoffAt: EPOCH_S + (400 + t.readUInt16BE(4) % 1000) * DAY_S,
    incentive: t[11]! % 4 === 0,
    resolvableByAI: false,
    quoteToken: USDT_ADDRESS,
  };
  // Weights that sum to about 1 so the YES prices look like a multi-outcome topic.
  const weights = Array.from({ length: count }, (_, k) => 1 + (t[16 + k]! % 9));
  const total = weights.reduce((a, b) => a + b, 0);
  const children: SimMarket[] = [];
  for (let k = 0; k < count; k++) {
    const id = firstId + 1 + k;
    const m = digest(seed, 'market', id);
    const option = shape.options[k]!;
    const base = { yesTokenId: uint256(m), noTokenId: uint256(m.subarray(32)), createdAt: createdAt + k + 1 };
    // One child in eight resolves early while its siblings keep trading (as recorded).
    const winner = m[60]! % 8 === 0 ? (m[61]! % 2 === 0 ? 'yes' : 'no') : null;
    const mid = Math.floor((weights[k]! * 1_000_000) / total / 10_000) * 10_000;
    children.push({
      marketId: id,
      parentId: firstId,
      title: option,
      slug: `${parentSlug}-${slugify(option)}`,
      rules: '',
      yesLabel: 'YES',
      noLabel: 'NO',
      ...base,
      conditionId: hex64(digest(seed, 'condition', id)),
      questionId: hex64(digest(seed, 'question', id)),
      labelIds: [],
      labels: [],
      cutoffAt: 0,
      ...resolution(base, winner, m),
      ...volumes(m, winner === null),
      initialMid: Math.min(950_000, Math.max(20_000, mid)),
      incentive: parent.incentive,
      resolvableByAI: true,
      quoteToken: USDT_ADDRESS,
    });
    parent.childIds.push(id);
  }
  return { parent, children };
}

/** `count` binary markets (standalone and categorical children together) plus their parents. */
export function generateUniverse(seed: number, count: number): Universe {
  const markets: SimMarket[] = [];
  const parents: SimParent[] = [];
  const topics: Topic[] = [];
  let nextId = FIRST_ID;
  for (let topicIndex = 0; markets.length < count; topicIndex++) {
    const t = digest(seed, 'topic', topicIndex);
    const left = count - markets.length;
    if (t[0]! % 4 === 0 && left >= 3) {
      const { parent, children } = categorical(seed, nextId, topicIndex, left);
      nextId += 1 + children.length;
      parents.push(parent);
      markets.push(...children);
      topics.push({ kind: 'categorical', parent });
    } else {
      const market = binaryMarket(seed, nextId, topicIndex);
      nextId += 1;
      markets.push(market);
      topics.push({ kind: 'binary', market });
    }
  }
  const byId = new Map(markets.map((m) => [m.marketId, m] as const));
  const parentsById = new Map(parents.map((p) => [p.marketId, p] as const));
  const byToken = new Map<string, { market: SimMarket; outcome: 'yes' | 'no' }>();
  for (const m of markets) {
    byToken.set(m.yesTokenId, { market: m, outcome: 'yes' });
    byToken.set(m.noTokenId, { market: m, outcome: 'no' });
  }
  const bySlug = new Map<string, Topic>();
  for (const topic of topics) bySlug.set(topic.kind === 'binary' ? topic.market.slug : topic.parent.slug, topic);
  for (const m of markets) if (m.parentId !== null) bySlug.set(m.slug, { kind: 'binary', market: m });
  return { markets, parents, topics, byId, parentsById, byToken, bySlug, labels: LABELS };
}

/** Children of a parent, in id order. */
export function childrenOf(universe: Universe, parent: SimParent): SimMarket[] {
  return parent.childIds.map((id) => universe.byId.get(id)!);
}
