import type { VenueId } from '../../core/index.js';
import { topicFromEntities, topicGroup, type TopicGroup } from './category.js';
import { findGame, type Game } from './game.js';
import { entityHits } from './lexicon.js';
import { informativeLabel, scanNames } from './names.js';
import { findNumbers, findThresholds, type Threshold } from './numbers.js';
import { findRateChange, type RateChange } from './rate.js';
import { fiftyFifty, resolutionSource } from './source.js';
import { contentTokens, fold, words } from './text.js';
import { timeSpecFromInstant, timeSpecOf, withoutDates, type TimeSpec } from './time-spec.js';

/**
 * What matching needs of a market. A normalized `Market` fits; so does the CLI's partial input.
 * `eventTitle` is the title of the market's event when the caller knows it (some venues' markets
 * often put the subject there and only the outcome in the market's own label).
 */
export interface MatchableMarket {
  id: string;
  venue: VenueId;
  title: string;
  question?: string | null;
  yesLabel?: string | null;
  noLabel?: string | null;
  rules?: string | null;
  closeTime?: string | null;
  expectedResolutionTime?: string | null;
  category?: string | null;
  tags?: readonly string[];
  eventTitle?: string | null;
  eventId?: string | null;
}

export type Predicate = 'compare' | 'reach' | 'updown' | 'win' | 'nomination' | 'rate-change' | 'occurs';

/** A market read into structured fields; the raw texts are kept for reasons and for other judges. */
export interface Canonical {
  id: string;
  venue: VenueId;
  title: string;
  eventId: string | null;
  /** Folded title, question, labels and event title. */
  statement: string;
  rules: string;
  tokens: Set<string>;
  /** Typed entities (`asset:btc`, `org:fed`, `party:rep`…). */
  entities: Set<string>;
  /** Proper-name tokens of the statement. */
  names: Set<string>;
  /** The statement's names as written, multi-word names kept together. */
  nameSpans: string[][];
  /** Names identifying what YES is about (a candidate, a company); empty when the statement names none. */
  subjects: Set<string>;
  /** The same names grouped as written ("klaus iohannis", "gta vi"). */
  subjectSpans: string[][];
  predicate: Predicate;
  /** For reach / up-down: which way YES goes. */
  direction: 'up' | 'down' | null;
  threshold: Threshold | null;
  rate: RateChange | null;
  game: Game | null;
  time: TimeSpec | null;
  /** False when `time` is only the market's resolution timestamp. */
  timeFromText: boolean;
  resolveAt: number | null;
  source: string | null;
  fiftyFifty: boolean;
  /** What exactly is measured: yoy, mom, core, high, low, close… */
  qualifiers: Set<string>;
  /** For office-holding questions: whether YES means staying in (`in`) or leaving (`out`). */
  stance: 'in' | 'out' | null;
  /** The question is asked in the negative ("Will X not…", "…fail to…"). */
  negated: boolean;
  topic: TopicGroup | null;
}

const QUALIFIERS: [string, RegExp][] = [
  ['yoy', /\b(yoy|year-over-year|year over year|annual(?:ized)? (?:rate|inflation|change)|12-month)\b/],
  ['mom', /\b(mom|month-over-month|month over month|monthly (?:rate|inflation|change))\b/],
  ['core', /\bcore\b/],
  ['high', /\b(high|highest|maximum|max)\b(?! (?:school|court))/],
  ['low', /\b(low|lowest|minimum|min)\b/],
  ['close', /\b(close|closing|settle|settlement price)\b/],
  ['popular-vote', /\bpopular vote\b/],
  ['electoral', /\belectoral (?:college|votes?)\b/],
  ['seats', /\bseats?\b/],
  ['margin', /\bmargin\b|\bspread\b|\bby more than\b|\bwins? by\b/],
  ['first-half', /\b(first half|1st half|1h|halftime|half-time)\b/],
  ['second-half', /\b(second half|2nd half|2h)\b/],
  ['quarter', /\b(first quarter|1st quarter|1q|q1 of the game)\b/],
  ['period-1', /\b(first period|1st period|p1)\b/],
  ['map-1', /\bmap (?:1|one)\b/],
  ['set-1', /\b(first set|set 1)\b/],
  ['inning-1', /\b(first inning|1st inning|first 5 innings|first five innings|f5)\b/],
];

function uniqueParts(m: MatchableMarket): string[] {
  const parts = [m.eventTitle, m.question, m.title, informativeLabel(m.yesLabel) ? m.yesLabel : null].filter((p): p is string => !!p && p.trim() !== '');
  return [...new Set(parts.map((p) => p.trim()))];
}

const ARROW = /^\s*([\u2191\u2193])\s*\$?\s*(\d[\d,.]*\s*[kmb]?)/i;

function thresholdIn(text: string | null | undefined, yesLabel: string | null): Threshold | null {
  if (!text) return null;
  const arrow = ARROW.exec(text);
  if (arrow) {
    const t = findThresholds(`at least ${fold(arrow[2]!)}`)[0];
    if (t) return { ...t, cmp: arrow[1] === '\u2191' ? '>=' : '<=', text: text.trim() };
  }
  const folded = fold(text);
  // "Flames vs. Ducks: O/U 4.5" with YES = Over / Under.
  const ou = /\bo\/u\s*(\d+(?:\.\d+)?)\b/.exec(folded);
  if (ou && yesLabel && /^(over|under)$/i.test(yesLabel.trim())) {
    const value = findThresholds(`above ${ou[1]}`)[0];
    if (value) return { ...value, cmp: /^over$/i.test(yesLabel.trim()) ? '>' : '<', noun: 'total', text: `${yesLabel} ${ou[1]}` };
  }
  const found = findThresholds(withoutDates(folded));
  return found.find((t) => t.unit !== null || t.cmp !== '=') ?? null;
}

/** Bare numbers of the statement (dates blanked), to tell which rule thresholds the title refers to. */
function statementNumbers(statement: string): Set<string> {
  return new Set(findNumbers(withoutDates(statement)).map((n) => n.value.toString()));
}

const OUT = /\b(out|leaves?|leaving|ceases? to be|removed|resigns?|ousted|no longer|steps? down|exits?|impeached|deposed)\b/;
const IN = /\b(remains?|still|stays?|continues? (?:as|to be)|finish(?:es)? [a-z0-9 ]{0,30}? as)\b/;

export function canonicalize(m: MatchableMarket): Canonical {
  const parts = uniqueParts(m);
  const statement = fold(parts.join(' . '));
  const rulesRaw = m.rules ?? '';
  const rules = fold(rulesRaw);
  const ws = words(statement);
  const entities = new Set(entityHits(ws).map((h) => h.key));
  const tokens = new Set(contentTokens(statement));
  const { tokens: names, spans: nameSpans } = scanNames(parts, [rulesRaw, m.yesLabel ?? '']);
  const label = informativeLabel(m.yesLabel) ? (m.yesLabel as string) : null;
  const resolveAtText = m.expectedResolutionTime ?? m.closeTime ?? null;
  const resolveAt = resolveAtText ? Date.parse(resolveAtText) : null;

  const game = findGame([m.eventTitle ?? '', m.question ?? '', m.title], m.yesLabel ?? null, rulesRaw, `${statement} ${rules} ${m.category ?? ''} ${(m.tags ?? []).join(' ')}`);

  let threshold = thresholdIn(label, label);
  const labelThreshold = threshold !== null;
  if (!threshold) threshold = thresholdIn(m.title, m.yesLabel ?? null) ?? thresholdIn(m.question, m.yesLabel ?? null) ?? thresholdIn(m.eventTitle, null);
  // A threshold only the rules state counts when the statement shows the same number ("(50%)").
  if (!threshold && rulesRaw) {
    const fromRules = thresholdIn(rulesRaw.slice(0, 600), null);
    if (fromRules && statementNumbers(statement).has(fromRules.value.toString())) threshold = fromRules;
  }

  // Rate decisions: a known central bank, or the vocabulary of one ("holds rates", "25 bps decrease").
  const centralBank = [...entities].some((e) => /^org:(fed|ecb|boj|boe|boc)$/.test(e)) || /\b(bps|basis points?|interest rates?|(?:holds?|cuts?|hikes?|raises?|lowers?) rates|central bank|reserve|monetary policy|rate decision)\b/.test(statement);
  const rate = centralBank ? (label ? findRateChange(fold(label)) : null) ?? findRateChange(fold(m.question ?? m.title)) : null;
  const level = /\b(upper bound|lower bound|target (?:rate|range)|federal funds rate|fed funds rate|interest rate be)\b/.test(statement) && threshold?.unit === '%';

  let predicate: Predicate;
  let direction: Canonical['direction'] = null;
  const arrow = [label, m.title, m.question].map((t) => (t ? /^\s*([\u2191\u2193])/.exec(t) : null)).find((x) => x) ?? null;
  if (game) predicate = 'win';
  else if (rate && !level) predicate = 'rate-change';
  else if (/\bup or down\b/.test(statement)) {
    predicate = 'updown';
    direction = /^down$/i.test(m.yesLabel?.trim() ?? '') ? 'down' : 'up';
  } else if (arrow || /\b(reach|reaches|hit|hits|touch|touches|dip to|dips to|fall to|falls to|drop to|drops to|all[- ]time high|ath)\b/.test(statement)) {
    predicate = 'reach';
    direction = arrow ? (arrow[1] === '\u2193' ? 'down' : 'up') : /\b(dip|dips|fall|falls|drop|drops|below|low)\b/.test(statement) ? 'down' : 'up';
  } else if (threshold) predicate = 'compare';
  else if (tokens.has('nomination') || /\bprimary\b/.test(statement)) predicate = 'nomination';
  else if (tokens.has('win') || tokens.has('champion') || tokens.has('election')) predicate = 'win';
  else predicate = 'occurs';

  const periodic = predicate === 'rate-change' || [...entities].some((e) => e.startsWith('ind:'));
  const observed = (predicate === 'compare' || predicate === 'updown') && !periodic;
  let time = timeSpecOf({ statement, rules, reference: resolveAt, observed, periodic });
  const timeFromText = time !== null;
  if (!time && resolveAt !== null) time = timeSpecFromInstant(resolveAt);

  // What YES is about: the label's names when the label names something other than a number.
  let subjects: Set<string>;
  let subjectSpans: string[][];
  if (game) {
    subjects = new Set();
    subjectSpans = [];
  } else if (label && !labelThreshold && !(rate && findRateChange(fold(label)))) {
    ({ tokens: subjects, spans: subjectSpans } = scanNames([label], [label]));
    if (subjects.size === 0) {
      subjects = new Set(contentTokens(fold(label)));
      subjectSpans = subjects.size > 0 ? [[...subjects]] : [];
    }
  } else ({ tokens: subjects, spans: subjectSpans } = scanNames([m.question ?? '', m.title], [rulesRaw, m.yesLabel ?? '']));

  const stance: Canonical['stance'] = OUT.test(statement) && !IN.test(statement) ? 'out' : IN.test(statement) && !OUT.test(statement) ? 'in' : null;
  const qualifiers = new Set<string>();
  for (const [q, re] of QUALIFIERS) if (re.test(statement)) qualifiers.add(q);

  const topic = topicGroup(m.category, m.tags ?? []) ?? topicFromEntities(entities, game !== null);

  return {
    id: m.id,
    venue: m.venue,
    title: m.title,
    eventId: m.eventId ?? null,
    statement,
    rules: rulesRaw,
    tokens,
    entities,
    names,
    nameSpans,
    subjects,
    subjectSpans,
    predicate,
    direction,
    threshold,
    rate,
    game,
    time,
    timeFromText,
    resolveAt,
    source: resolutionSource(rules, statement),
    fiftyFifty: fiftyFifty(rules),
    qualifiers,
    stance,
    negated: /\b(not|won't|will not|never|fail(?:s)? to)\b/.test(withoutDates(statement).replace(/\bno(?:t)? later than\b|\bnot according to\b/g, ' ')),
    topic,
  };
}
