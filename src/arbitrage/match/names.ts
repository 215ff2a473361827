import { entityHits } from './lexicon.js';
import { STOPWORDS, fold, isMonthWord, stem, words } from './text.js';

/**
 * Proper-name tokens (people, places, teams, organisations the lexicon does not know), read from
 * capitalization in the original text. A part written in Title Case tells nothing by its capitals;
 * its words count as names only when another part (a label, the rules) capitalizes them too.
 */

const QUESTION_WORDS = new Set(['will', 'who', 'what', 'which', 'when', 'how', 'does', 'do', 'is', 'are', 'can', 'did', 'if', 'the', 'a', 'an', 'this', 'yes', 'no']);

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
  for (const c of confirm) for (const { word, initial } of capitalizedWords(c)) if (!initial) confirmed.add(fold(word));
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
      const ok = keep(f) && !(cap.initial && !startsName && !confirmed.has(f)) && !(titled && !confirmed.has(f)) && entityHits(words(f)).length === 0;
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
