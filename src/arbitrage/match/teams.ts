import { fold, words } from './text.js';

/**
 * Teams of the four North American major leagues, so that a game written with city names
 * ("Houston vs San Diego") meets the same game written with nicknames ("Astros vs. Padres").
 * Rows: abbreviation, city (and city aliases), nickname (and nickname aliases).
 */

type Row = [abbr: string, cities: string, nicknames: string];

const LEAGUES: Record<string, { sport: string; rows: Row[] }> = {
  mlb: {
    sport: 'baseball',
    rows: [
      ['ari', 'arizona', 'diamondbacks|d-backs|dbacks'], ['atl', 'atlanta', 'braves'], ['bal', 'baltimore', 'orioles'],
      ['bos', 'boston', 'red sox'], ['chc', 'chicago c|chicago cubs', 'cubs'], ['cws', 'chicago ws|chicago white sox', 'white sox'],
      ['cin', 'cincinnati', 'reds'], ['cle', 'cleveland', 'guardians'], ['col', 'colorado', 'rockies'], ['det', 'detroit', 'tigers'],
      ['hou', 'houston', 'astros'], ['kc', 'kansas city', 'royals'], ['laa', 'los angeles a|la angels', 'angels'],
      ['lad', 'los angeles d|la dodgers', 'dodgers'], ['mia', 'miami', 'marlins'], ['mil', 'milwaukee', 'brewers'],
      ['min', 'minnesota', 'twins'], ['nym', 'new york m|ny mets', 'mets'], ['nyy', 'new york y|ny yankees', 'yankees'],
      ['ath', 'oakland|sacramento', 'athletics|a\'s'], ['phi', 'philadelphia', 'phillies'], ['pit', 'pittsburgh', 'pirates'],
      ['sd', 'san diego', 'padres'], ['sf', 'san francisco', 'giants'], ['sea', 'seattle', 'mariners'],
      ['stl', 'st louis|st. louis|saint louis', 'cardinals'], ['tb', 'tampa bay|tampa', 'rays'], ['tex', 'texas', 'rangers'],
      ['tor', 'toronto', 'blue jays|jays'], ['wsh', 'washington', 'nationals|nats'],
    ],
  },
  nba: {
    sport: 'basketball',
    rows: [
      ['atl', 'atlanta', 'hawks'], ['bos', 'boston', 'celtics'], ['bkn', 'brooklyn', 'nets'], ['cha', 'charlotte', 'hornets'],
      ['chi', 'chicago', 'bulls'], ['cle', 'cleveland', 'cavaliers|cavs'], ['dal', 'dallas', 'mavericks|mavs'],
      ['den', 'denver', 'nuggets'], ['det', 'detroit', 'pistons'], ['gsw', 'golden state', 'warriors'], ['hou', 'houston', 'rockets'],
      ['ind', 'indiana', 'pacers'], ['lac', 'los angeles c|la clippers', 'clippers'], ['lal', 'los angeles l|la lakers', 'lakers'],
      ['mem', 'memphis', 'grizzlies'], ['mia', 'miami', 'heat'], ['mil', 'milwaukee', 'bucks'], ['min', 'minnesota', 'timberwolves|wolves'],
      ['nop', 'new orleans', 'pelicans'], ['nyk', 'new york', 'knicks'], ['okc', 'oklahoma city|oklahoma', 'thunder'],
      ['orl', 'orlando', 'magic'], ['phi', 'philadelphia', '76ers|sixers'], ['phx', 'phoenix', 'suns'],
      ['por', 'portland', 'trail blazers|blazers'], ['sac', 'sacramento', 'kings'], ['sas', 'san antonio', 'spurs'],
      ['tor', 'toronto', 'raptors'], ['uta', 'utah', 'jazz'], ['was', 'washington', 'wizards'],
    ],
  },
  nfl: {
    sport: 'football',
    rows: [
      ['ari', 'arizona', 'cardinals'], ['atl', 'atlanta', 'falcons'], ['bal', 'baltimore', 'ravens'], ['buf', 'buffalo', 'bills'],
      ['car', 'carolina', 'panthers'], ['chi', 'chicago', 'bears'], ['cin', 'cincinnati', 'bengals'], ['cle', 'cleveland', 'browns'],
      ['dal', 'dallas', 'cowboys'], ['den', 'denver', 'broncos'], ['det', 'detroit', 'lions'], ['gb', 'green bay', 'packers'],
      ['hou', 'houston', 'texans'], ['ind', 'indianapolis', 'colts'], ['jax', 'jacksonville', 'jaguars|jags'], ['kc', 'kansas city', 'chiefs'],
      ['lv', 'las vegas', 'raiders'], ['lac', 'los angeles c|la chargers', 'chargers'], ['lar', 'los angeles r|la rams', 'rams'],
      ['mia', 'miami', 'dolphins'], ['min', 'minnesota', 'vikings'], ['ne', 'new england', 'patriots|pats'], ['no', 'new orleans', 'saints'],
      ['nyg', 'new york g|ny giants', 'giants'], ['nyj', 'new york j|ny jets', 'jets'], ['phi', 'philadelphia', 'eagles'],
      ['pit', 'pittsburgh', 'steelers'], ['sf', 'san francisco', '49ers|niners'], ['sea', 'seattle', 'seahawks'],
      ['tb', 'tampa bay', 'buccaneers|bucs'], ['ten', 'tennessee', 'titans'], ['was', 'washington', 'commanders'],
    ],
  },
  nhl: {
    sport: 'hockey',
    rows: [
      ['ana', 'anaheim', 'ducks'], ['bos', 'boston', 'bruins'], ['buf', 'buffalo', 'sabres'], ['cgy', 'calgary', 'flames'],
      ['car', 'carolina', 'hurricanes|canes'], ['chi', 'chicago', 'blackhawks'], ['col', 'colorado', 'avalanche|avs'],
      ['cbj', 'columbus', 'blue jackets'], ['dal', 'dallas', 'stars'], ['det', 'detroit', 'red wings'], ['edm', 'edmonton', 'oilers'],
      ['fla', 'florida', 'panthers'], ['lak', 'los angeles|la kings', 'kings'], ['min', 'minnesota', 'wild'], ['mtl', 'montreal', 'canadiens|habs'],
      ['nsh', 'nashville', 'predators|preds'], ['njd', 'new jersey', 'devils'], ['nyi', 'new york i|ny islanders', 'islanders'],
      ['nyr', 'new york r|ny rangers', 'rangers'], ['ott', 'ottawa', 'senators'], ['phi', 'philadelphia', 'flyers'],
      ['pit', 'pittsburgh', 'penguins'], ['sjs', 'san jose', 'sharks'], ['sea', 'seattle', 'kraken'], ['stl', 'st louis|st. louis', 'blues'],
      ['tbl', 'tampa bay', 'lightning'], ['tor', 'toronto', 'maple leafs|leafs'], ['uta', 'utah', 'mammoth|hockey club'],
      ['van', 'vancouver', 'canucks'], ['vgk', 'vegas', 'golden knights'], ['wsh', 'washington', 'capitals|caps'], ['wpg', 'winnipeg', 'jets'],
    ],
  },
};

/** Folded phrase → team keys (`team:<league>:<abbr>`) it may name. */
const PHRASES = new Map<string, Set<string>>();
const SPORT_OF = new Map<string, string>();

function add(phrase: string, key: string): void {
  const p = words(fold(phrase)).join(' ');
  let s = PHRASES.get(p);
  if (!s) PHRASES.set(p, (s = new Set()));
  s.add(key);
}

for (const [league, { sport, rows }] of Object.entries(LEAGUES)) {
  for (const [abbr, cities, nicknames] of rows) {
    const key = `team:${league}:${abbr}`;
    SPORT_OF.set(key, sport);
    const nicks = nicknames.split('|');
    for (const nick of nicks) add(nick, key);
    for (const city of cities.split('|')) {
      add(city, key);
      for (const nick of nicks) add(`${city} ${nick}`, key);
    }
  }
}

const LEAGUE_WORDS: Record<string, string> = {
  mlb: 'mlb', baseball: 'mlb', nba: 'nba', basketball: 'nba', nfl: 'nfl', nhl: 'nhl', hockey: 'nhl',
};

/** The league a text speaks of, if it says (`professional baseball game` → mlb). */
export function leagueHint(tokens: readonly string[]): string | null {
  for (const t of tokens) {
    const l = LEAGUE_WORDS[t];
    if (l) return l;
  }
  if (tokens.includes('football') && !tokens.includes('soccer')) return 'nfl';
  return null;
}

/**
 * Team keys a phrase may name, narrowed to a league when one is known. Empty when the phrase is
 * not a known team.
 */
export function teamKeys(phrase: string, league: string | null): string[] {
  const keys = PHRASES.get(words(fold(phrase)).join(' '));
  if (!keys) return [];
  const all = [...keys];
  if (!league) return all;
  const narrowed = all.filter((k) => k.startsWith(`team:${league}:`));
  return narrowed.length > 0 ? narrowed : all;
}

export function sportOf(teamKey: string): string | null {
  return SPORT_OF.get(teamKey) ?? null;
}
