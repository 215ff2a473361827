/**
 * Deterministic catalog for the Manifold simulator: creators, topics and a mix of contracts shaped
 * like the 2026 captures (docs/venues/manifold.md §Mechanisms): mostly BINARY cpmm-1 markets with
 * assorted `p`, MULTIPLE_CHOICE cpmm-multi-1 markets with and without `shouldAnswersSumToOne`, and
 * the types an adapter must skip (PSEUDO_NUMERIC, STONK, POLL, BOUNTIED_QUESTION, NUMBER,
 * MULTI_NUMERIC, DATE). Some markets are closed or resolved (YES, NO, MKT, CANCEL). Pools are chosen
 * directly (no powers needed), so generating thousands of markets is cheap.
 */
import { createRng, type Rng } from '../../../src/sim/rng.js';
import { HALF, ONE, ZERO, div, mul, type Fx } from './fx.js';
import type { Mechanism, OutcomeType, SimAnswer, SimContract, SimUser } from './model.js';

const DAY = 86_400_000;
const ID_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export const TOPICS = ['politics-default', 'technology-default', 'ai', 'sports-default', 'economics-default', 'science-default', 'culture-default'] as const;

const NAMES = ['Austin', 'Ada', 'Bruno', 'Chen', 'Dana', 'Eli', 'Farah', 'Gus', 'Hana', 'Ivo', 'Jun', 'Kira', 'Lev', 'Mina', 'Noor', 'Omar', 'Pia', 'Quinn', 'Rosa', 'Sami'];

const BINARY_QUESTIONS = [
  'Will the {x} bill pass the Senate before {y}?',
  'Will {x} announce a new model before {y}?',
  'Will the {x} win the championship in {y}?',
  'Will US CPI inflation exceed 3% in {y}?',
  'Will {x} be the most downloaded app on {y}?',
  'Will a crewed mission land on the Moon before {y}?',
  'Will {x} stock close above its all-time high by {y}?',
  'Will it snow in {x} on {y}?',
  'Will {x} release a sequel before {y}?',
  'Will the Fed cut rates at the {y} meeting?',
];
const FILL_X = ['Infrastructure', 'OpenAI', 'Anthropic', 'Lakers', 'Celtics', 'Duolingo', 'NVIDIA', 'London', 'Paris', 'Nintendo', 'Climate', 'Tesla'];
const FILL_Y = ['June 2027', 'December 2026', 'March 2027', 'the end of 2026', 'July 4, 2027', 'September 2027'];
const MC_QUESTIONS: { q: string; answers: string[] }[] = [
  { q: 'Who will win the {y} election?', answers: ['Alice Moreau', 'Bram Visser', 'Carla Ruiz', 'Dev Patel', 'Eun-ji Park', 'Other'] },
  { q: 'Which company will release the best-rated model in {y}?', answers: ['OpenAI', 'Anthropic', 'Google DeepMind', 'Meta', 'xAI'] },
  { q: 'Which team wins the {y} final?', answers: ['Red', 'Blue', 'Green', 'Gold'] },
  { q: 'Which of these will happen by {y}?', answers: ['Fusion net gain repeated', 'Room-temperature superconductor confirmed', 'Mars sample return launched', 'Quantum advantage in chemistry'] },
  { q: 'What will the top film of {y} be?', answers: ['Sequel A', 'Original B', 'Adaptation C', 'Animated D', 'Other'] },
];

export interface Catalog {
  creators: SimUser[];
  contracts: SimContract[];
  /** Group id → topic slug. */
  groups: Map<string, string>;
}

function id(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ID_CHARS[rng.int(0, ID_CHARS.length - 1)];
  return out;
}

function fxRatio(n: number, d: number): Fx {
  return (BigInt(n) * ONE) / BigInt(d);
}

function slugOf(question: string, suffix: string): string {
  return `${question
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 35)
    .replace(/-$/, '')}-${suffix}`;
}

function fill(template: string, rng: Rng): string {
  return template.replace('{x}', rng.pick(FILL_X)).replace('{y}', rng.pick(FILL_Y));
}

type Kind = { outcomeType: OutcomeType; mechanism: Mechanism };

/** The first contracts of every catalog: one of each kind, so that even a small catalog has them all. */
const FIRST_KINDS: Kind[] = [
  { outcomeType: 'BINARY', mechanism: 'cpmm-1' },
  { outcomeType: 'MULTIPLE_CHOICE', mechanism: 'cpmm-multi-1' },
  { outcomeType: 'PSEUDO_NUMERIC', mechanism: 'cpmm-1' },
  { outcomeType: 'POLL', mechanism: 'none' },
  { outcomeType: 'BOUNTIED_QUESTION', mechanism: 'none' },
  { outcomeType: 'MULTI_NUMERIC', mechanism: 'cpmm-multi-1' },
  { outcomeType: 'DATE', mechanism: 'cpmm-multi-1' },
  { outcomeType: 'NUMBER', mechanism: 'cpmm-multi-1' },
  { outcomeType: 'STONK', mechanism: 'cpmm-1' },
];

function pickKind(rng: Rng, index: number): Kind {
  const r = rng.next();
  const first = FIRST_KINDS[index];
  if (first) return first;
  if (r < 0.55) return { outcomeType: 'BINARY', mechanism: 'cpmm-1' };
  if (r < 0.8) return { outcomeType: 'MULTIPLE_CHOICE', mechanism: 'cpmm-multi-1' };
  if (r < 0.85) return { outcomeType: 'PSEUDO_NUMERIC', mechanism: 'cpmm-1' };
  if (r < 0.9) return { outcomeType: 'POLL', mechanism: 'none' };
  if (r < 0.93) return { outcomeType: 'BOUNTIED_QUESTION', mechanism: 'none' };
  if (r < 0.96) return { outcomeType: 'MULTI_NUMERIC', mechanism: 'cpmm-multi-1' };
  if (r < 0.98) return { outcomeType: 'DATE', mechanism: 'cpmm-multi-1' };
  if (r < 0.99) return { outcomeType: 'NUMBER', mechanism: 'cpmm-multi-1' };
  return { outcomeType: 'STONK', mechanism: 'cpmm-1' };
}

/** A binary pool: sides from a liquidity and two factors, p from the seed; prob follows. */
function binaryPool(rng: Rng): { pool: { YES: Fx; NO: Fx }; p: Fx; liquidity: Fx } {
  const liquidity = BigInt(rng.int(50, 20_000)) * ONE;
  const p = rng.chance(0.4) ? HALF : fxRatio(rng.int(5, 95), 100);
  const yes = mul(liquidity, fxRatio(rng.int(25, 400), 100));
  const no = mul(liquidity, fxRatio(rng.int(25, 400), 100));
  return { pool: { YES: yes, NO: no }, p, liquidity };
}

function answers(rng: Rng, contractId: string, creatorId: string, createdTime: number, texts: string[], sumsToOne: boolean): SimAnswer[] {
  const liquidity = BigInt(rng.int(50, 2_000)) * ONE;
  const weights = texts.map(() => rng.int(1, 100));
  const total = weights.reduce((a, b) => a + b, 0);
  let assigned = ZERO;
  return texts.map((text, index) => {
    let q: Fx;
    if (!sumsToOne) q = fxRatio(rng.int(5, 95), 100);
    else if (index === texts.length - 1) q = ONE - assigned;
    else q = fxRatio(weights[index] as number, total);
    assigned += q;
    // p = 0.5: prob = poolNo / (poolYes + poolNo)
    return {
      id: id(rng, 10),
      index,
      contractId,
      userId: creatorId,
      text,
      createdTime: createdTime + index,
      poolYes: mul(liquidity, ONE - q),
      poolNo: mul(liquidity, q),
      totalLiquidity: liquidity,
      subsidyPool: ZERO,
      volume: BigInt(rng.int(0, 5_000)) * ONE,
      isOther: text === 'Other',
    };
  });
}

function rangeAnswers(kind: OutcomeType, rng: Rng): string[] {
  const n = rng.int(4, 6);
  if (kind === 'DATE') return Array.from({ length: n }, (_, i) => `Q${(i % 4) + 1} ${2027 + Math.floor(i / 4)}`);
  const start = rng.int(0, 50) * 10;
  const step = rng.pick([5, 10, 25, 100]);
  return Array.from({ length: n }, (_, i) => `${start + i * step}-${start + (i + 1) * step}`);
}

export function generateCatalog(seed: number | string, count: number, now: number): Catalog {
  const rng = createRng(`manifold:${seed}:catalog`);
  const creators: SimUser[] = NAMES.map((name, i) => ({
    id: id(rng, 28),
    username: i === 0 ? name : `${name}${rng.int(1, 99)}`,
    name,
    createdTime: now - rng.int(400, 1500) * DAY,
    balance: BigInt(rng.int(500, 50_000)) * ONE,
    totalDeposits: BigInt(rng.int(500, 20_000)) * ONE,
    isBot: false,
  }));
  const groups = new Map<string, string>(TOPICS.map((slug) => [id(rng, 20), slug]));
  const contracts: SimContract[] = [];
  for (let i = 0; i < count; i++) {
    const kind = pickKind(rng, i);
    const creator = rng.pick(creators);
    const contractId = id(rng, 10);
    // Strictly decreasing creation times, so the `before` cursor of GET /markets never skips ties.
    const createdTime = now - 60_000 - i * 7_919_000 - rng.int(0, 7_000_000);
    const roll = rng.next();
    const resolved = roll < 0.08;
    const closed = !resolved && roll < 0.12;
    const closeTime = resolved || closed ? now - rng.int(1, 30) * DAY : now + rng.int(1, 400) * DAY;
    const volume = BigInt(rng.int(0, 60_000)) * ONE + fxRatio(rng.int(0, 99), 100);
    const mc = MC_QUESTIONS[rng.int(0, MC_QUESTIONS.length - 1)] as (typeof MC_QUESTIONS)[number];
    const question = kind.outcomeType === 'MULTIPLE_CHOICE' ? fill(mc.q, rng) : kind.outcomeType === 'POLL' ? `Poll: ${fill(rng.pick(BINARY_QUESTIONS), rng)}` : fill(rng.pick(BINARY_QUESTIONS), rng);
    const c: SimContract = {
      id: contractId,
      slug: slugOf(question, id(rng, 4).toLowerCase()),
      question,
      description: `Resolves according to the creator's reading of credible reports. ${question}`,
      creatorId: creator.id,
      createdTime,
      closeTime,
      outcomeType: kind.outcomeType,
      mechanism: kind.mechanism,
      volume,
      volume24hBase: volume / 40n,
      isResolved: false,
      bettors: new Set(),
      // Never in the future: the venue stamps changes when they happen.
      lastUpdatedTime: Math.min(now - 1_000, createdTime + rng.int(1_000, 5_000_000)),
      groupSlugs: [...new Set([rng.pick(TOPICS), rng.pick(TOPICS)])],
      visibility: rng.chance(0.01) ? 'unlisted' : 'public',
    };
    if (rng.chance(0.7)) c.lastBetTime = c.lastUpdatedTime;
    if (rng.chance(0.3)) c.lastCommentTime = c.lastUpdatedTime - rng.int(0, 1000);
    if (kind.mechanism === 'cpmm-1') {
      const b = binaryPool(rng);
      c.pool = b.pool;
      c.p = kind.outcomeType === 'STONK' ? HALF : b.p;
      c.totalLiquidity = b.liquidity;
      if (kind.outcomeType === 'PSEUDO_NUMERIC') {
        c.min = rng.int(0, 100);
        c.max = c.min + rng.int(10, 10_000);
        c.isLogScale = false;
      }
    } else if (kind.mechanism === 'cpmm-multi-1') {
      const sumsToOne = kind.outcomeType !== 'MULTIPLE_CHOICE' || rng.chance(0.6);
      const texts = kind.outcomeType === 'MULTIPLE_CHOICE' ? mc.answers.slice(0, rng.int(3, mc.answers.length)) : rangeAnswers(kind.outcomeType, rng);
      c.answers = answers(rng, contractId, creator.id, createdTime, texts, sumsToOne);
      c.shouldAnswersSumToOne = sumsToOne;
      c.addAnswersMode = sumsToOne ? 'DISABLED' : 'ANYONE';
      c.totalLiquidity = c.answers.reduce((s, a) => s + a.totalLiquidity, ZERO);
    } else if (kind.outcomeType === 'POLL') {
      c.options = ['Yes', 'No', 'Unsure'].map((text) => ({ text, votes: rng.int(0, 40) }));
    } else {
      c.totalBounty = BigInt(rng.int(100, 5_000)) * ONE;
      c.bountyLeft = div(mul(c.totalBounty, fxRatio(rng.int(0, 100), 100)), ONE);
    }
    if (resolved && kind.mechanism !== 'none') resolveGenerated(c, rng, closeTime + rng.int(1, 3_600_000));
    contracts.push(c);
  }
  return { creators, contracts, groups };
}

function resolveGenerated(c: SimContract, rng: Rng, at: number): void {
  c.isResolved = true;
  c.resolutionTime = at;
  c.resolverId = c.creatorId;
  if (c.mechanism === 'cpmm-1') {
    const r = rng.pick(['YES', 'NO', 'YES', 'NO', 'MKT', 'CANCEL'] as const);
    c.resolution = r;
    if (r === 'MKT') c.resolutionProbability = fxRatio(rng.int(1, 99), 100);
    return;
  }
  const winner = rng.pick(c.answers ?? []);
  c.resolution = winner.id;
  for (const a of c.answers ?? []) {
    a.resolution = a.id === winner.id ? 'YES' : 'NO';
    a.resolutionTime = at;
    a.resolverId = c.creatorId;
  }
}
