import { leagueHint, sportOf, teamKeys } from './teams.js';
import { fold, words } from './text.js';

/**
 * A head-to-head game or match: the two sides, what YES backs (a side, a draw, over/under a total),
 * and whether the game can end level (then YES on one side is not NO on the other).
 */
export interface Game {
  /** Each side as keys that may name it (`team:mlb:hou`, or `side:<words>`). */
  sides: [string[], string[]];
  kind: 'moneyline' | 'spread' | 'total';
  /** What YES backs: a side (0, 1), a draw, over/under the total; null when the text does not say. */
  yes: 0 | 1 | 'draw' | 'over' | 'under' | null;
  sport: string | null;
  drawPossible: boolean;
  /** "Houston vs San Diego", for reasons. */
  label: string;
}

const DRAW_SPORTS = /\b(soccer|premier league|la liga|serie a|bundesliga|ligue 1|mls|champions league|europa league|world cup|fifa|epl|uefa|cricket|test match|chess|boxing|mma|ufc|bo2)\b/;
const NO_DRAW = /\b(baseball|basketball|hockey|mlb|nba|nhl|wnba|bo1|bo3|bo5|best of (?:1|3|5|one|three|five)|counter-strike|cs2|valorant|dota|league of legends|lol|esports|tennis)\b/;

const SIDE = "([A-Z0-9][\\w.'&-]*(?:\\s+[A-Za-z0-9][\\w.'&-]*){0,4}?)";
const STOP_AFTER = "(?=\\s*(?:[Ww]inner\\b|[Gg]ame\\b|[Mm]atch\\b|[Ss]eries\\b|[Ss]pread\\b|[Tt]otal\\b|on\\b|\\(|\\?|:|,|\\s[-–—]\\s|$))";
const VS_RE = new RegExp(`(?:^|[:|,]\\s*|\\s[-–—]\\s*|\\b)${SIDE}\\s+(?:vs\\.?|v\\.?|versus)\\s+${SIDE}${STOP_AFTER}`);
// "at"/"@" only between capitalized names ("Houston at Washington"), never "at their meeting".
const NAMED_SIDE = "([A-Z][A-Za-z.'&-]*(?:\\s+[A-Za-z][\\w.'&-]*){0,4}?)";
const AT_RE = new RegExp(`(?:^|[:|,]\\s*|\\s[-–—]\\s*)${NAMED_SIDE}\\s+(?:at|@)\\s+(?!the\\b|their\\b|a\\b|an\\b|least\\b|most\\b)${NAMED_SIDE}${STOP_AFTER}`);
const BEATS_RE = /(?:will\s+(?:the\s+)?)?([a-z0-9][a-z0-9 .'&]{1,40}?)\s+(?:beat|beats|defeat|defeats|win against|wins against)\s+(?:the\s+)?([a-z0-9][a-z0-9 .'&]{1,40}?)(?=\s*(?:\?|$|on\b|in\b|,|\())/i;

const CLUB_WORDS = new Set(['the', 'fc', 'cf', 'sc', 'afc', 'ac', 'club', 'team']);

function sideWords(phrase: string): string[] {
  return words(fold(phrase)).filter((w) => !CLUB_WORDS.has(w));
}

function sideKeys(phrase: string, league: string | null): string[] {
  const ws = sideWords(phrase);
  const keys = teamKeys(ws.join(' '), league);
  return keys.length > 0 ? keys : [`side:${ws.join(' ')}`];
}

/** Whether two key sets may name the same side (a shared team key, or one name's words inside the other's). */
export function sameSide(a: readonly string[], b: readonly string[]): boolean {
  if (a.some((k) => b.includes(k))) return true;
  const wordsOf = (keys: readonly string[]) => keys.filter((k) => k.startsWith('side:')).map((k) => k.slice(5).split(' ').filter(Boolean));
  for (const x of wordsOf(a)) for (const y of wordsOf(b)) {
    if (x.length === 0 || y.length === 0) continue;
    const [short, long] = x.length <= y.length ? [x, y] : [y, x];
    if (short.every((w) => long.includes(w))) return true;
  }
  return false;
}

/** Which side a text names (a label such as "Colorado wins by over 1.5 goals"), if exactly one. */
function sideNamed(text: string, sides: [string[], string[]], league: string | null): 0 | 1 | null {
  const ws = sideWords(text);
  const hits: (0 | 1)[] = [];
  for (const idx of [0, 1] as const) {
    let hit = false;
    for (let n = Math.min(4, ws.length); n >= 1 && !hit; n--) {
      for (let i = 0; i + n <= ws.length && !hit; i++) {
        if (sameSide(sideKeys(ws.slice(i, i + n).join(' '), league), sides[idx])) hit = true;
      }
    }
    if (hit) hits.push(idx);
  }
  return hits.length === 1 ? (hits[0] as 0 | 1) : null;
}

export function findGame(parts: readonly string[], yesLabel: string | null, rules: string, context: string): Game | null {
  let found: { a: string; b: string; yes: 0 | null } | null = null;
  for (const p of parts) {
    if (!p) continue;
    const vs = VS_RE.exec(p) ?? AT_RE.exec(p);
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
  const statement = fold(parts.join(' '));
  const label = yesLabel ? fold(yesLabel) : '';
  const kind: Game['kind'] = /\b(o\/u|over\/under|total|totals)\b/.test(`${statement} ${label}`) || /^(over|under)\b/.test(label)
    ? 'total'
    : /\b(spread|wins? by|by (?:over|more than))\b/.test(`${statement} ${label}`)
      ? 'spread'
      : 'moneyline';

  let yes: Game['yes'] = found.yes;
  if (kind === 'total') yes = /^under\b|\bunder\b/.test(label) ? 'under' : /\bover\b/.test(label) ? 'over' : null;
  else if (yesLabel && /^(draw|tie)$/i.test(yesLabel.trim())) yes = 'draw';
  else if (yesLabel) yes = sideNamed(yesLabel, sides, league) ?? yes;
  if (yes === null && kind !== 'total') {
    const r = fold(rules);
    const m = /resolve(?:s)? to "?yes"? if (?:the )?([a-z0-9 .'&]{2,40}?) (?:wins|win|beat|defeat)/.exec(r) ?? /if (?:the )?([a-z0-9 .'&]{2,40}?) (?:wins|win|beat|defeat)s? the/.exec(r);
    if (m) yes = sideNamed(m[1]!, sides, league);
  }
  const sport = sides.flat().map(sportOf).find((s) => s !== null) ?? (league ? ({ mlb: 'baseball', nba: 'basketball', nfl: 'football', nhl: 'hockey' } as Record<string, string>)[league] ?? null : null);
  let drawPossible: boolean;
  if (sport === 'football') drawPossible = true;
  else if (sport) drawPossible = false;
  else if (DRAW_SPORTS.test(ctx)) drawPossible = true;
  else if (NO_DRAW.test(ctx)) drawPossible = false;
  // Unknown sport: a level result cannot be ruled out.
  else drawPossible = true;
  return { sides, kind, yes, sport, drawPossible, label: `${found.a} vs ${found.b}` };
}
