/**
 * Text folding and tokens for matching. Everything downstream works on folded text: lower case,
 * accents stripped, typographic quotes and dashes made plain, `&` spelled out.
 */

export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\u2265/g, ' >= ')
    .replace(/\u2264/g, ' <= ')
    .replace(/&/g, ' and ')
    .toLowerCase();
}

/** Words and numbers of folded text (`74,300` and `4.25` stay whole; `$`, `%` are separate). */
export function words(folded: string): string[] {
  return folded.match(/\d[\d,]*(?:\.\d+)?|[a-z][a-z0-9']*|[$%]/g) ?? [];
}

/**
 * Words that carry no subject: grammar, market boilerplate and generic verbs. Domain words that do
 * distinguish propositions (above, below, cut, win…) are not here: the structured fields read them.
 */
export const STOPWORDS = new Set(
  (
    'a an the of in on at to for by from with without and or not no yes nor be is are was were been being will would ' +
    'shall should can could may might do does did has have had it its this that these those there their they them he ' +
    'she his her who whom whose which what when where why how than then as if else any all each every some such into ' +
    'onto over under about after before between during until up down out off again further once more most other own ' +
    'same so too very just also only market markets resolve resolves resolved resolution question contract contracts ' +
    "price prices official officially according per via vs versus v 's s st nd rd th et pt ct utc gmt edt est pdt pst " +
    'am pm today tomorrow yesterday happen happens occur occurs take takes place'
  ).split(' '),
);

const MONTH_WORDS = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
]);

/** Light normalization so that "wins", "winner" and "win" meet, and "mayoral" meets "mayor". */
const STEMS: Record<string, string> = {
  wins: 'win', won: 'win', winner: 'win', winning: 'win', winners: 'win', beat: 'win', beats: 'win', defeat: 'win', defeats: 'win',
  mayoral: 'mayor', presidential: 'president', presidency: 'president', gubernatorial: 'governor',
  race: 'election', elections: 'election', elected: 'election',
  nominee: 'nomination', nominated: 'nomination', nominates: 'nomination', nominate: 'nomination',
  decreases: 'cut', decrease: 'cut', cuts: 'cut', lowers: 'cut', reduce: 'cut', reduces: 'cut',
  increases: 'hike', increase: 'hike', hikes: 'hike', raise: 'hike', raises: 'hike',
  rates: 'rate', interest: 'rate', champions: 'champion', championship: 'champion',
  reaches: 'reach', hits: 'reach', hit: 'reach', touches: 'reach', touch: 'reach',
  ceasefires: 'ceasefire', 'cease-fire': 'ceasefire', truce: 'ceasefire',
  acquires: 'acquire', acquired: 'acquire', acquisition: 'acquire',
  released: 'release', releases: 'release', launch: 'release', launches: 'release',
};

export function stem(word: string): string {
  const s = STEMS[word];
  if (s) return s;
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}

/** Content tokens: stemmed words that are neither stopwords, months nor bare numbers. */
export function contentTokens(folded: string): string[] {
  const out: string[] = [];
  for (const w of words(folded)) {
    if (/^[\d$%]/.test(w) || STOPWORDS.has(w) || MONTH_WORDS.has(w) || w.length < 2) continue;
    out.push(stem(w.replace(/'s$/, '')));
  }
  return out;
}

export function isMonthWord(word: string): boolean {
  return MONTH_WORDS.has(word);
}
