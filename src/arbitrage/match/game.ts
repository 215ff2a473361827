import { leagueHint, sportOf, teamKeys } from './teams.js';
import { fold, words } from './text.js';

/**
 * A head-to-head game or match: the two sides, which side YES backs, and whether it can end
 * level (then YES on one side is not NO on the other).
 */
export interface Game {
  /** Each side as a set of keys that may name it (`team:mlb:hou`, or `side:<words>`). */
  sides: [string[], string[]];
  /** The side YES backs (0 or 1), or null when the text does not say. */
  yes: 0 | 1 | null;
  sport: string | null;
  drawPossible: boolean;
  /** "Houston vs San Diego", for reasons. */
  label: string;
}

const DRAW_SPORTS = /\b(soccer|premier league|la liga|serie a|bundesliga|ligue 1|mls|champions league|europa league|world cup|fifa|epl|uefa|cricket|test match|chess|boxing|mma|ufc|bo2)\b/;
const NO_DRAW = /\b(baseball|basketball|hockey|mlb|nba|nhl|wnba|bo1|bo3|bo5|best of (?:1|3|5|one|three|five)|counter-strike|cs2|valorant|dota|league of legends|lol|esports|tennis)\b/;

const VS_RE = /(?:^|[:|\-–—,]\s*|\b)([^:|?,()\-–—]{2,60}?)\s+(?:vs\.?|v\.?|versus|@|at)\s+([^:|?,()\-–—]{2,60}?)(?=\s*(?:winner\b|game\b|match\b|series\b|on\b|\(|\?|:|,|-|–|—|$))/i;
const BEATS_RE = /(?:will\s+(?:the\s+)?)?([a-z0-9][a-z0-9 .'&]{1,40}?)\s+(?:beat|beats|defeat|defeats|win against|wins against|win vs\.?|wins vs\.?)\s+(?:the\s+)?([a-z0-9][a-z0-9 .'&]{1,40}?)(?=\s*(?:\?|$|on\b|in\b|,|\())/i;

function sideKeys(phrase: string, league: string | null): string[] {
  const cleaned = words(fold(phrase)).filter((w) => w !== 'the').join(' ');
  const keys = teamKeys(cleaned, league);
  return keys.length > 0 ? keys : [`side:${cleaned}`];
}

function sameSide(a: readonly string[], b: readonly string[]): boolean {
  return a.some((k) => b.includes(k));
}

export function findGame(parts: readonly string[], yesLabel: string | null, rules: string, context: string): Game | null {
  let found: { a: string; b: string; yes: 0 | null } | null = null;
  for (const p of parts) {
    if (!p) continue;
    const vs = VS_RE.exec(p);
    if (vs) {
      found = { a: vs[1]!.trim(), b: vs[2]!.trim(), yes: null };
      break;
    }
    const beats = BEATS_RE.exec(fold(p));
    if (beats) {
      found = { a: beats[1]!.trim(), b: beats[2]!.trim(), yes: 0 };
      break;
    }
  }
  if (!found) return null;
  const ctx = fold(context);
  const league = leagueHint(words(ctx));
  const sides: [string[], string[]] = [sideKeys(found.a, league), sideKeys(found.b, league)];
  let yes: 0 | 1 | null = found.yes;
  if (yesLabel) {
    const label = sideKeys(yesLabel, league);
    if (sameSide(label, sides[0])) yes = 0;
    else if (sameSide(label, sides[1])) yes = 1;
  }
  if (yes === null) {
    const r = fold(rules);
    const m = /resolve(?:s)? to "?yes"? if (?:the )?([a-z0-9 .'&]{2,40}?) (?:wins|win|beat|defeat)/.exec(r) ?? /if (?:the )?([a-z0-9 .'&]{2,40}?) (?:wins|win|beat|defeat)s? the/.exec(r);
    if (m) {
      const k = sideKeys(m[1]!, league);
      if (sameSide(k, sides[0])) yes = 0;
      else if (sameSide(k, sides[1])) yes = 1;
    }
  }
  const sport = sides.flat().map(sportOf).find((s) => s !== null) ?? (league ? { mlb: 'baseball', nba: 'basketball', nfl: 'football', nhl: 'hockey' }[league] ?? null : null);
  let drawPossible: boolean;
  if (sport === 'football') drawPossible = true;
  else if (sport) drawPossible = false;
  else if (DRAW_SPORTS.test(ctx)) drawPossible = true;
  else if (NO_DRAW.test(ctx)) drawPossible = false;
  // Unknown sport: a level result cannot be ruled out.
  else drawPossible = true;
  return { sides, yes, sport, drawPossible, label: `${found.a} vs ${found.b}` };
}
