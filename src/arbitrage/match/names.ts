import { isKnownPhrase } from './lexicon.js';
import { STOPWORDS, fold, isMonthWord, stem } from './text.js';

/**
 * Proper-name tokens (people, places, teams, organisations the lexicon does not know), read from
 * capitalization in the original text. A part written in Title Case tells nothing by its capitals;
 * its words count as names only when another part (a label, the rules) capitalizes them too.
 */

const QUESTION_WORDS = new Set(['will', 'who', 'what', 'which', 'when', 'how', 'does', 'do', 'is', 'are', 'can', 'did', 'if', 'the', 'a', 'an', 'this', 'yes', 'no', 'would', 'could', 'should', 'has', 'have', 'was', 'were', 'there']);

/** Words that commonly open a title without naming anyone ("Highest temperature…", "New album…"). */
const OPENERS = new Set([
  'highest', 'lowest', 'new', 'next', 'largest', 'biggest', 'smallest', 'most', 'least', 'first', 'last', 'best', 'worst', 'any',
  'number', 'how', 'many', 'much', 'average', 'daily', 'weekly', 'monthly', 'annual', 'yearly', 'total', 'another', 'more', 'less',
  'longest', 'shortest', 'top', 'over', 'under', 'above', 'below', 'up', 'down', 'at', 'in', 'on', 'by', 'before', 'after', 'between',
]);

/** Words that are capitalized for grammar or market style, never names. */
const GENERIC = new Set([
  'winner', 'win', 'game', 'match', 'series', 'price', 'rate', 'rates', 'election', 'mayor', 'governor', 'president', 'senate',
  'house', 'cup', 'league', 'championship', 'champion', 'final', 'finals', 'round', 'playoffs', 'playoff', 'semifinal', 'quarterfinal',
  'above', 'below', 'or', 'up', 'down', 'over', 'under', 'more', 'less', 'than', 'between', 'before', 'after', 'by', 'on', 'in',
  'market', 'markets', 'rules', 'official', 'announcement', 'meeting', 'decision', 'cut', 'hike', 'hold', 'change', 'increase',
  'decrease', 'bps', 'basis', 'points', 'target', 'range', 'upper', 'lower', 'bound', 'federal', 'reserve', 'index', 'daily',
  'weekly', 'monthly', 'annual', 'yearly', 'high', 'low', 'close', 'open', 'next', 'first', 'last', 'new', 'total', 'count',
  'other', 'none', 'any', 'all', 'top', 'best', 'most', 'et', 'utc', 'est', 'edt', 'am', 'pm', 'noon', 'q1', 'q2', 'q3', 'q4',
  // Offices and roles: the same role with different holders is not the same subject.
  'secretary', 'general', 'minister', 'prime', 'chair', 'chairman', 'chairwoman', 'ceo', 'senator', 'speaker', 'leader', 'pope',
  'king', 'queen', 'director', 'attorney', 'justice', 'judge', 'ambassador', 'commissioner', 'chancellor', 'vice', 'deputy',
  'nominee', 'candidate', 'party', 'people', 'team', 'club', 'player', 'coach', 'mvp', 'award', 'prize',
  'midterm', 'midterms', 'elections', 'general', 'primary', 'spread', 'total', 'goals', 'points', 'draw', 'winning', 'region',
]);

interface Cap {
  word: string;
  initial: boolean;
  at: number;
  end: number;
}

function capitalizedWords(part: string): Cap[] {
  const out: Cap[] = [];
  const re = /[\p{L}][\p{L}\p{M}'.-]*|\d+/gu;
  let sentenceStart = true;
  let prevEnd = 0;
  for (const m of part.matchAll(re)) {
    const between = part.slice(prevEnd, m.index);
    if (/[.?!:;—–]\s*$/.test(between) || /\s[-|]\s*$/.test(between)) sentenceStart = true;
    const w = m[0].replace(/[.'-]+$/, '');
    if (/^\p{Lu}/u.test(w)) out.push({ word: w, initial: sentenceStart, at: m.index, end: m.index + w.length });
    sentenceStart = false;
    prevEnd = m.index + m[0].length;
  }
  return out;
}

function isTitleCase(part: string): boolean {
  const ws = part.match(/[\p{L}][\p{L}'-]*/gu) ?? [];
  if (ws.length < 4) return false;
  const caps = ws.filter((w) => /^\p{Lu}/u.test(w)).length;
  return caps / ws.length >= 0.7;
}

function keep(folded: string): boolean {
  return folded.length >= 2 && !STOPWORDS.has(folded) && !GENERIC.has(folded) && !QUESTION_WORDS.has(folded) && !isMonthWord(folded) && !/^\d/.test(folded);
}

/**
 * Proper names in `parts`: tokens (folded, stemmed) and the multi-word names they form ("Klaus
 * Iohannis", "GTA VI"). `confirm` holds texts whose capitalization is trusted for Title-Case parts
 * (labels, rules).
 */
export function scanNames(parts: readonly string[], confirm: readonly string[] = []): { tokens: Set<string>; spans: string[][] } {
  const confirmed = new Set<string>();
  for (const c of confirm) {
    // A short text (an outcome label such as "Priya Petrov") is a name as a whole, first word included.
    const short = (c.match(/[\p{L}][\p{L}'-]*/gu) ?? []).length <= 4;
    for (const { word, initial } of capitalizedWords(c)) if (!initial || short) confirmed.add(fold(word));
  }
  const tokens = new Set<string>();
  const spans: string[][] = [];
  for (const part of parts) {
    if (!part) continue;
    const titled = isTitleCase(part);
    const caps = capitalizedWords(part);
    let span: string[] = [];
    let lastEnd = -10;
    const close = () => {
      if (span.length > 0) spans.push(span);
      span = [];
    };
    for (const [i, cap] of caps.entries()) {
      const f = fold(cap.word).replace(/'s$/, '');
      const next = caps[i + 1];
      // A capitalized first word counts when it starts a multi-word name ("Klaus Iohannis be…").
      const startsName = next !== undefined && next.at - cap.end <= 2;
      // A capitalized word opening a sentence is a name unless it is a common opener: "Juniper
      // announces…" names Juniper; "Highest temperature…" names nobody.
      const opener = cap.initial && !startsName && OPENERS.has(f);
      const ok = keep(f) && !opener && !(titled && !confirmed.has(f)) && !isKnownPhrase(f.replace(/[^a-z0-9]+/g, ' ').trim());
      if (!ok) {
        close();
        continue;
      }
      if (cap.at - lastEnd > 2) close();
      const t = stem(f);
      tokens.add(t);
      span.push(t);
      lastEnd = cap.end;
    }
    close();
  }
  const seen = new Set<string>();
  return { tokens, spans: spans.filter((x) => !seen.has(x.join(' ')) && seen.add(x.join(' '))) };
}

export function nameTokens(parts: readonly string[], confirm: readonly string[] = []): Set<string> {
  return scanNames(parts, confirm).tokens;
}

/** Whether a YES label names something (a candidate, a team, a bracket) rather than just "Yes". */
export function informativeLabel(label: string | null | undefined): boolean {
  if (!label) return false;
  return !/^(yes|no|true|false|up|down|over|under|higher|lower)$/i.test(label.trim());
}
