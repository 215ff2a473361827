import { fold, words } from './text.js';

/**
 * General-knowledge aliases: different names of the same underlying thing map to one typed key
 * (`asset:btc`, `org:fed`, `party:rep`…). Nothing here is specific to any market's wording.
 */
const ENTITIES: Record<string, string> = {
  'asset:btc': 'bitcoin|btc|xbt|brti|bitcoin real-time index',
  'asset:eth': 'ethereum|eth|ether',
  'asset:sol': 'solana|sol',
  'asset:xrp': 'xrp|ripple',
  'asset:doge': 'dogecoin|doge',
  'asset:ada': 'cardano|ada',
  'asset:bnb': 'bnb|binance coin',
  'asset:ltc': 'litecoin|ltc',
  'asset:hype': 'hyperliquid|hype',
  'index:spx': 's and p 500|s and p|sp500|sp 500|spx|spy|s p 500',
  'index:ndx': 'nasdaq|nasdaq 100|nasdaq-100|ndx|qqq',
  'index:dji': 'dow jones|djia|dow',
  'index:rut': 'russell 2000',
  'index:vix': 'vix',
  'commodity:gold': 'gold|xau',
  'commodity:silver': 'silver|xag',
  'commodity:wti': 'wti|crude oil|crude|oil',
  'commodity:brent': 'brent',
  'commodity:natgas': 'natural gas',
  'org:fed': 'fed|federal reserve|fomc|federal open market committee|federal funds|fed funds|powell',
  'org:ecb': 'ecb|european central bank',
  'org:boj': 'boj|bank of japan',
  'org:boe': 'boe|bank of england',
  'org:boc': 'bank of canada',
  'org:nato': 'nato',
  'org:un': 'united nations',
  'ind:cpi': 'cpi|consumer price index|inflation',
  'ind:core-cpi': 'core cpi|core inflation',
  'ind:pce': 'pce',
  'ind:gdp': 'gdp|gross domestic product',
  'ind:unemployment': 'unemployment|unemployment rate|jobless rate',
  'ind:payrolls': 'nonfarm payrolls|non-farm payrolls|payrolls|jobs report|nfp',
  'ind:claims': 'jobless claims|initial claims',
  'ind:recession': 'recession',
  'party:rep': 'republican|republicans|gop|republican party',
  'party:dem': 'democrat|democrats|democratic|democratic party',
  'body:house': 'house|house of representatives',
  'body:senate': 'senate',
  'office:president': 'president|presidential|presidency|white house',
  'office:pm': 'prime minister|premier',
  'office:governor': 'governor|gubernatorial',
  'office:mayor': 'mayor|mayoral',
  'country:us': 'us|u s|usa|united states|america',
  'country:uk': 'uk|u k|united kingdom|britain|great britain',
  'country:cn': 'china|prc',
  'country:ru': 'russia',
  'country:ua': 'ukraine',
  'country:il': 'israel',
  'country:ir': 'iran',
  'country:tw': 'taiwan',
  'country:jp': 'japan',
  'country:in': 'india',
  'country:ve': 'venezuela',
  'place:nyc': 'nyc|new york city',
  'event:superbowl': 'super bowl',
  'event:worldseries': 'world series',
  'event:nbafinals': 'nba finals|nba champion|nba championship',
  'event:stanleycup': 'stanley cup',
  'event:worldcup': 'world cup|fifa world cup',
  'event:oscars': 'oscars|academy awards|academy award',
  'event:grammys': 'grammys|grammy',
  'event:eurovision': 'eurovision',
  'league:nfl': 'nfl',
  'league:nba': 'nba',
  'league:mlb': 'mlb',
  'league:nhl': 'nhl',
  'league:epl': 'premier league|epl',
  'league:ucl': 'champions league|ucl',
  'league:f1': 'f1|formula 1|formula one',
  'league:ufc': 'ufc',
};

/** Resolution sources (what a market is settled on). */
const SOURCES: Record<string, string> = {
  'cf-benchmarks': 'cf benchmarks|brti|real time index|cme cf',
  binance: 'binance',
  coinbase: 'coinbase',
  chainlink: 'chainlink',
  kraken: 'kraken',
  pyth: 'pyth',
  bls: 'bureau of labor statistics|bls',
  bea: 'bureau of economic analysis|bea',
  'fed-board': 'federalreserve gov|federal reserve board|fomc statement|fomc s statement',
  ap: 'associated press|ap news',
  nws: 'national weather service|nws|climatological report',
  'google-finance': 'google finance',
  'yahoo-finance': 'yahoo finance',
  uma: 'uma',
  'imf-portwatch': 'imf portwatch|portwatch',
  hltv: 'hltv',
};

interface Trie {
  phrases: Map<string, string>;
  maxLen: number;
}

function build(table: Record<string, string>): Trie {
  const phrases = new Map<string, string>();
  let maxLen = 1;
  for (const [key, alts] of Object.entries(table)) {
    for (const alt of alts.split('|')) {
      const w = words(fold(alt));
      phrases.set(w.join(' '), key);
      maxLen = Math.max(maxLen, w.length);
    }
  }
  return { phrases, maxLen };
}

const ENTITY_TRIE = build(ENTITIES);
const SOURCE_TRIE = build(SOURCES);

export interface Hit {
  key: string;
  /** Word index where the phrase starts, and how many words it covers. */
  at: number;
  length: number;
}

/** Longest-first phrase matches over a word list. */
function scan(ws: readonly string[], trie: Trie): Hit[] {
  const hits: Hit[] = [];
  for (let i = 0; i < ws.length; ) {
    let found: Hit | null = null;
    for (let n = Math.min(trie.maxLen, ws.length - i); n >= 1; n--) {
      const key = trie.phrases.get(ws.slice(i, i + n).join(' '));
      if (key) {
        found = { key, at: i, length: n };
        break;
      }
    }
    if (found) {
      hits.push(found);
      i += found.length;
    } else i += 1;
  }
  return hits;
}

export function entityHits(ws: readonly string[]): Hit[] {
  return scan(ws, ENTITY_TRIE);
}

export function sourceHits(ws: readonly string[]): Hit[] {
  return scan(ws, SOURCE_TRIE);
}

/** Phrases the entity table knows (so that name extraction does not read them as person names). */
export function isKnownPhrase(folded: string): boolean {
  return ENTITY_TRIE.phrases.has(folded);
}
