import { sourceHits } from './lexicon.js';
import { words } from './text.js';

/**
 * The resolution source a market names, read from its rules: the source cited after "resolution
 * source", "according to", "based on"… wins; sources mentioned as examples or as not counting
 * ("a source like Coinbase may help", "not according to other sources") lose.
 */
export function resolutionSource(foldedRules: string, foldedStatement: string): string | null {
  const text = `${foldedStatement} . ${foldedRules}`;
  const ws = words(text);
  const hits = sourceHits(ws);
  if (hits.length === 0) return null;
  // Re-locate hits in characters: rebuild offsets of each word.
  const offsets: number[] = [];
  let at = 0;
  for (const w of ws) {
    const i = text.indexOf(w, at);
    offsets.push(i);
    at = i + w.length;
  }
  let best: { key: string; score: number; order: number } | null = null;
  for (const [order, h] of hits.entries()) {
    if (h.key === 'uma') continue;
    const start = offsets[h.at] ?? 0;
    const before = text.slice(Math.max(0, start - 80), start);
    let score = 0;
    if (/(resolution source|source for this market|according to|based on|determined by|as reported by|published by|data from|settle[sd]? (?:on|using|by)|price used|sourced from|specifically)[^.]*$/.test(before)) score += 2;
    if (/(like|such as|e\.?g\.?|for example|other sources|other exchanges|instead of|rather than|not according to|may help|not)\s+(?:[a-z]+\s+){0,3}$/.test(before)) score -= 3;
    if (!best || score > best.score) best = { key: h.key, score, order };
  }
  return best && best.score >= 0 ? best.key : null;
}

/** Whether the rules settle a cancelled or tied event at 50-50. */
export function fiftyFifty(foldedRules: string): boolean {
  return /\b(50-50|50\/50|fifty-fifty)\b/.test(foldedRules);
}
