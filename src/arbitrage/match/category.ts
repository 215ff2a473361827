import { fold } from './text.js';

/**
 * Broad topic groups. Venues name categories differently ("Economics", "economics_fees",
 * "Finance", none at all); matching only uses the group, and only to keep unrelated topics apart.
 */
export type TopicGroup = 'sports' | 'politics' | 'economics' | 'crypto' | 'weather' | 'culture' | 'science' | 'finance';

const GROUPS: [TopicGroup, RegExp][] = [
  ['crypto', /crypto|bitcoin|ethereum|solana|\bbtc\b|\beth\b/],
  ['sports', /sport|\bnba\b|\bnfl\b|\bmlb\b|\bnhl\b|soccer|football|baseball|basketball|hockey|tennis|golf|esport|\bmma\b|\bufc\b|\bf1\b|cricket|boxing|olympic/],
  ['weather', /weather|climate|temperature|hurricane|snow|rain/],
  ['economics', /econom|inflation|\bfed\b|interest rate|macro|\bcpi\b|\bgdp\b|jobs|employment/],
  ['finance', /financ|stock|equit|commodit|business|compan|earnings|ipo/],
  ['politics', /politic|election|government|geopolit|world|congress|senate|president/],
  ['culture', /culture|entertain|movie|music|award|celebrit|pop|tv|media|mention/],
  ['science', /science|tech|\bai\b|space|climate/],
];

export function topicGroup(category: string | null | undefined, tags: readonly string[] = []): TopicGroup | null {
  const text = fold([category ?? '', ...tags].join(' '));
  if (!text.trim()) return null;
  for (const [group, re] of GROUPS) if (re.test(text)) return group;
  return null;
}

/** The group implied by what a market is about, when its category says nothing. */
export function topicFromEntities(entities: ReadonlySet<string>, hasGame: boolean): TopicGroup | null {
  if (hasGame) return 'sports';
  for (const e of entities) {
    if (e.startsWith('asset:')) return 'crypto';
    if (e.startsWith('league:') || e.startsWith('event:superbowl') || e.startsWith('event:worldseries') || e.startsWith('event:nbafinals') || e.startsWith('event:stanleycup') || e.startsWith('event:worldcup')) return 'sports';
    if (e.startsWith('org:fed') || e.startsWith('org:ecb') || e.startsWith('org:boj') || e.startsWith('org:boe') || e.startsWith('ind:')) return 'economics';
    if (e.startsWith('party:') || e.startsWith('office:') || e.startsWith('body:')) return 'politics';
    if (e.startsWith('index:') || e.startsWith('commodity:')) return 'finance';
  }
  return null;
}

/** Groups that may hold the same proposition under different venue labels. */
export function compatibleGroups(a: TopicGroup | null, b: TopicGroup | null): boolean {
  if (!a || !b || a === b) return true;
  const soft: TopicGroup[][] = [
    ['economics', 'finance', 'politics'],
    ['politics', 'culture', 'science'],
    ['crypto', 'finance'],
    ['weather', 'science'],
  ];
  return soft.some((g) => g.includes(a) && g.includes(b));
}
