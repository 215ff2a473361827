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
]);

function capitalizedWords(part: string): { word: string; initial: boolean }[] {
  const out: { word: string; initial: boolean }[] = [];
  const re = /[\p{L}][\p{L}\p{M}'.-]*|\d+/gu;
  let sentenceStart = true;
  let prevEnd = 0;
  for (const m of part.matchAll(re)) {
    const between = part.slice(prevEnd, m.index);
    if (/[.?!:;—–]\s*$/.test(between) || /\s[-|]\s*$/.test(between)) sentenceStart = true;
    const w = m[0].replace(/[.'-]+$/, '');
    if (/^\p{Lu}/u.test(w)) out.push({ word: w, initial: sentenceStart });
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
 * Name tokens (folded) in `parts`. `confirm` holds texts whose capitalization is trusted for
 * Title-Case parts (labels, rules).
 */
export function nameTokens(parts: readonly string[], confirm: readonly string[] = []): Set<string> {
  const confirmed = new Set<string>();
  for (const c of confirm) for (const { word, initial } of capitalizedWords(c)) if (!initial) confirmed.add(fold(word));
  const out = new Set<string>();
  for (const part of parts) {
    if (!part) continue;
    const titled = isTitleCase(part);
    const caps = capitalizedWords(part);
    for (const [i, { word, initial }] of caps.entries()) {
      const f = fold(word).replace(/'s$/, '');
      if (!keep(f)) continue;
      const next = caps[i + 1];
      // A capitalized first word counts when it starts a multi-word name ("Klaus Iohannis be…").
      if (initial && !(next && part.indexOf(next.word) - part.indexOf(word) <= word.length + 2)) continue;
      if (titled && !confirmed.has(f)) continue;
      out.add(stem(f));
    }
  }
  // Words the lexicon types (bitcoin, fed, republican…) are entities, not names.
  for (const w of [...out]) if (entityHits(words(w)).length > 0) out.delete(w);
  return out;
}

/** Whether a YES label names something (a candidate, a team, a bracket) rather than just "Yes". */
export function informativeLabel(label: string | null | undefined): boolean {
  if (!label) return false;
  return !/^(yes|no|true|false|up|down|over|under|higher|lower)$/i.test(label.trim());
}
