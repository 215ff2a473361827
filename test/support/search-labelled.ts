/**
 * A small labelled search set: realistic market titles and questions, and for each query the ids
 * a person judged relevant. `q` precision (relevant answers / answers) and recall (relevant
 * answers / relevant markets) are computed over it by the catalog benchmark and a test.
 */
import type { Market } from '../../src/core/index.js';
import { makeMarket } from './memory-fixtures.js';

const M = (id: string, title: string, question: string): Market => makeMarket('kalshi', id, { title, question });

export const LABELLED_MARKETS: Market[] = [
  M('FED-MAR', 'Fed cuts rates in March?', 'Will the Federal Reserve cut the federal funds rate at its March meeting?'),
  M('FED-HOLD', 'Fed holds rates in June', 'Will the FOMC hold the target rate in June?'),
  M('FED-CHAIR', 'Next Fed chair', 'Who will be nominated as the next Fed chair?'),
  M('ECB-CUT', 'ECB rate cut in April', 'Will the European Central Bank cut its deposit rate in April?'),
  M('CPI-MAY', 'CPI above 3% in May', 'Will US CPI inflation be above 3% year over year in May?'),
  M('GDP-Q2', 'US GDP growth Q2', 'Will US real GDP grow more than 2% in Q2?'),
  M('BTC-100K', 'Bitcoin above $100k by December', 'Will Bitcoin trade above $100,000 before December 31?'),
  M('BTC-ETF', 'Bitcoin ETF inflows record', 'Will spot Bitcoin ETFs see record weekly inflows?'),
  M('ETH-5K', 'Ethereum above $5k', 'Will Ether trade above $5,000 this year?'),
  M('SOL-FLIP', 'Solana flips Ethereum', 'Will Solana pass Ethereum in market cap?'),
  M('PRES-2028', 'Presidential election 2028 winner', 'Who will win the 2028 US presidential election?'),
  M('SEN-CTRL', 'Senate control after midterms', 'Which party will control the Senate after the midterm election?'),
  M('UK-ELEC', 'UK general election called', 'Will a UK general election be called this year?'),
  M('NYC-MAYOR', 'NYC mayoral race', 'Who will win the New York City mayoral election?'),
  M('SB-WIN', 'Super Bowl winner', 'Which team will win the Super Bowl?'),
  M('NBA-FIN', 'NBA Finals champion', 'Which team will win the NBA Finals?'),
  M('WC-GOAL', 'World Cup top scorer', 'Who will be the top scorer of the World Cup?'),
  M('HURR-FL', 'Hurricane landfall in Florida', 'Will a major hurricane make landfall in Florida this season?'),
  M('SNOW-NYC', 'Snow in New York on Christmas', 'Will it snow in New York City on Christmas Day?'),
  M('HEAT-REC', 'Hottest year on record', 'Will this year be the hottest on record globally?'),
  M('OIL-100', 'Oil above $100', 'Will Brent crude oil trade above $100 a barrel?'),
  M('GOLD-3K', 'Gold above $3,000', 'Will gold trade above $3,000 an ounce?'),
  M('AI-GPT', 'New GPT model release', 'Will OpenAI release a new GPT model before July?'),
  M('SPACEX', 'Starship orbital launch', 'Will SpaceX Starship reach orbit this quarter?'),
  M('APPLE-AR', 'Apple AR glasses launch', 'Will Apple launch AR glasses this year?'),
];

export interface LabelledQuery {
  q: string;
  relevant: string[];
}

export const LABELLED_QUERIES: LabelledQuery[] = [
  { q: 'fed', relevant: ['kalshi:FED-MAR', 'kalshi:FED-HOLD', 'kalshi:FED-CHAIR'] },
  { q: 'rate cut', relevant: ['kalshi:FED-MAR', 'kalshi:ECB-CUT'] },
  { q: 'bitcoin', relevant: ['kalshi:BTC-100K', 'kalshi:BTC-ETF'] },
  { q: 'ethereum', relevant: ['kalshi:ETH-5K', 'kalshi:SOL-FLIP'] },
  { q: 'election', relevant: ['kalshi:PRES-2028', 'kalshi:SEN-CTRL', 'kalshi:UK-ELEC', 'kalshi:NYC-MAYOR'] },
  { q: 'senate', relevant: ['kalshi:SEN-CTRL'] },
  { q: 'inflation', relevant: ['kalshi:CPI-MAY'] },
  { q: 'hurricane florida', relevant: ['kalshi:HURR-FL'] },
  { q: 'snow', relevant: ['kalshi:SNOW-NYC'] },
  { q: 'oil', relevant: ['kalshi:OIL-100'] },
  { q: 'gold', relevant: ['kalshi:GOLD-3K'] },
  { q: 'super bowl', relevant: ['kalshi:SB-WIN'] },
  { q: 'world cup', relevant: ['kalshi:WC-GOAL'] },
  { q: 'launch', relevant: ['kalshi:SPACEX', 'kalshi:APPLE-AR'] },
  { q: 'GPT', relevant: ['kalshi:AI-GPT'] },
  // Relevant markets that share no word with the query: whole-word matching misses them.
  { q: 'rates', relevant: ['kalshi:FED-MAR', 'kalshi:FED-HOLD', 'kalshi:ECB-CUT'] },
  { q: 'crypto', relevant: ['kalshi:BTC-100K', 'kalshi:BTC-ETF', 'kalshi:ETH-5K', 'kalshi:SOL-FLIP'] },
];

/** Precision and recall of `search` (ids answered for a q) over the labelled set (micro-averaged). */
export function searchQuality(search: (q: string) => string[]): { precision: number; recall: number; answered: number } {
  let answered = 0;
  let hits = 0;
  let relevant = 0;
  for (const { q, relevant: want } of LABELLED_QUERIES) {
    const got = search(q);
    answered += got.length;
    hits += got.filter((id) => want.includes(id)).length;
    relevant += want.length;
  }
  return { precision: answered === 0 ? 0 : hits / answered, recall: hits / relevant, answered };
}
