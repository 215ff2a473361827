import type { Decimal } from '../../core/index.js';
import type { Canonical } from './canonical.js';
import { sameSide, type Game } from './game.js';
import { formatInterval, fromComparator, gridEquivalent, relate, type Interval, type SetRelation } from './intervals.js';
import { inUnit, type Threshold } from './numbers.js';
import { onQuarterPointGrid, type RateChange } from './rate.js';
import type { Difference } from './types.js';

/**
 * One aspect of two propositions compared: how the sets of worlds where each says YES relate on
 * that aspect, and how sure the reading is (1 = both texts state it plainly).
 */
export interface Axis {
  field: string;
  rel: SetRelation;
  certainty: number;
  reason: string;
  difference: Difference | null;
}

export function axis(field: string, rel: SetRelation, certainty: number, reason: string, difference: Omit<Difference, 'field'> | null = null): Axis {
  return { field, rel, certainty, reason, difference: difference ? { field, ...difference } : null };
}

function unitText(t: Threshold): (v: Decimal) => string {
  return (v) => (t.unit === '$' ? `$${v.toString()}` : t.unit === '%' ? `${v.toString()}%` : t.unit === 'bps' ? `${v.toString()} bps` : t.unit === 'deg' ? `${v.toString()}°` : v.toString());
}

function thresholdInterval(t: Threshold, unit: Threshold['unit']): Interval | null {
  const v = inUnit(t.value, t.unit, unit);
  const u = t.upper ? inUnit(t.upper, t.unit, unit) : null;
  if (!v) return null;
  return fromComparator(t.cmp, v, u);
}

/** Values and comparators: "above 4.25" vs "4.50 or above", "≥" vs ">", ranges. */
export function compareThresholds(a: Canonical, b: Canonical): Axis | null {
  const ta = a.threshold;
  const tb = b.threshold;
  if (!ta && !tb) return null;
  if (!ta || !tb) {
    const [has, side] = ta ? [ta, 'A'] : [tb as Threshold, 'B'];
    const other = ta ? b : a;
    const stated = other.statement.includes(has.value.toString());
    return axis('threshold', 'equal', stated ? 0.8 : 0.6, `threshold ${formatInterval(fromComparator(has.cmp, has.value, has.upper), unitText(has))} stated on ${side} only`, {
      a: ta ? formatInterval(fromComparator(ta.cmp, ta.value, ta.upper), unitText(ta)) : 'not stated',
      b: tb ? formatInterval(fromComparator(tb.cmp, tb.value, tb.upper), unitText(tb)) : 'not stated',
      critical: false,
      note: `threshold stated on ${side} only`,
    });
  }
  const unit = ta.unit ?? tb.unit;
  const ia = thresholdInterval(ta, unit);
  const ib = thresholdInterval(tb, unit);
  const fa = formatInterval(fromComparator(ta.cmp, ta.value, ta.upper), unitText(ta));
  const fb = formatInterval(fromComparator(tb.cmp, tb.value, tb.upper), unitText(tb));
  if (!ia || !ib || (ta.unit && tb.unit && ta.unit !== tb.unit && inUnit(ta.value, ta.unit, tb.unit) === null)) {
    return axis('threshold', 'disjoint', 0.9, `different measures: ${fa} vs ${fb}`, { a: fa, b: fb, critical: true, note: `unit ${fa} vs ${fb}` });
  }
  if (ta.noun && tb.noun && ta.noun !== tb.noun && !(COUNT_NOUNS.has(ta.noun) && tb.noun === 'total') && !(COUNT_NOUNS.has(tb.noun) && ta.noun === 'total')) {
    return axis('measure', 'disjoint', 0.9, `different measures: ${ta.noun} vs ${tb.noun}`, { a: ta.noun, b: tb.noun, critical: true, note: `measure ${ta.noun} vs ${tb.noun}` });
  }
  let rel = relate(ia, ib);
  if (rel === 'equal') return axis('threshold', 'equal', ta.unit === tb.unit ? 1 : 0.95, `same threshold ${fa}`);
  // Counts (goals, points, seats…) are whole: "> 4.5" and "≥ 5" are the same set.
  if ((countLike(ta) || countLike(tb)) && ta.unit === null && tb.unit === null) {
    const snapped = relate(toWhole(ia), toWhole(ib));
    if (snapped === 'equal') return axis('threshold', 'equal', 0.95, `${fa} and ${fb} are the same on whole numbers`, { a: fa, b: fb, critical: false, note: `${fa} vs ${fb}: equal on whole numbers` });
    rel = snapped;
  }
  if (gridEquivalent(ia, ib)) {
    return axis('threshold', 'equal', 0.95, `${fa} and ${fb} are the same on a cent grid`, { a: fa, b: fb, critical: false, note: `${fa} vs ${fb}: equal at cent precision` });
  }
  const sameValue = ta.value.eq(tb.value) && (ta.upper?.toString() ?? '') === (tb.upper?.toString() ?? '');
  const field = sameValue ? 'comparator' : 'threshold';
  const note = sameValue ? `${fa} vs ${fb}` : `threshold ${fa} vs ${fb}`;
  return axis(field, rel, 1, note, { a: fa, b: fb, critical: true, note });
}

const COUNT_NOUNS = new Set(['goal', 'goals', 'point', 'points', 'run', 'runs', 'seat', 'seats', 'vote', 'votes', 'time', 'times', 'cut', 'cuts', 'touchdown', 'touchdowns', 'game', 'games', 'win', 'wins', 'total', 'assists', 'rebounds', 'hits', 'strikeouts', 'yards']);

function countLike(t: Threshold): boolean {
  if (t.unit === '$' || t.unit === '%' || t.unit === 'bps') return false;
  return (t.noun !== null && COUNT_NOUNS.has(t.noun)) || t.value.sub(t.value.round(0, 'floor')).eq('0.5');
}

/** The same set restricted to whole numbers, written with closed integer bounds. */
function toWhole(i: Interval): Interval {
  const lo = i.lo === null ? null : i.loOpen && i.lo.isMultipleOf('1') ? i.lo.add('1') : i.lo.round(0, 'ceil');
  const hi = i.hi === null ? null : i.hiOpen && i.hi.isMultipleOf('1') ? i.hi.sub('1') : i.hi.round(0, 'floor');
  return { lo, hi, loOpen: false, hiOpen: false };
}

function rateInterval(r: RateChange): Interval {
  return { lo: r.lo, hi: r.hi, loOpen: r.loOpen, hiOpen: r.hiOpen };
}

/** Central-bank decisions as changes in bps ("cut 25", "50+ bps decrease", "no change"). */
export function compareRates(a: Canonical, b: Canonical): Axis | null {
  if (!a.rate || !b.rate) return null;
  const raw = relate(rateInterval(a.rate), rateInterval(b.rate));
  const la = a.rate.label;
  const lb = b.rate.label;
  if (raw === 'equal') return axis('decision', 'equal', 1, `same decision: ${la}`);
  const snapped = relate(rateInterval(onQuarterPointGrid(a.rate)), rateInterval(onQuarterPointGrid(b.rate)));
  if (snapped === 'equal') {
    return axis('decision', 'equal', 0.92, `${la} and ${lb} are the same in 25 bp steps`, { a: la, b: lb, critical: false, note: `${la} vs ${lb}: equal in 25 bp steps` });
  }
  return axis('decision', snapped, 1, `decision ${la} vs ${lb}`, { a: la, b: lb, critical: true, note: `decision ${la} vs ${lb}` });
}

/** What the proposition is about: the named subject (a candidate, a company), typed entities. */
export function compareSubjects(a: Canonical, b: Canonical): Axis | null {
  if (a.game || b.game) return null;
  const kinds = /^(asset|index|commodity|ind|org|event):/;
  const ka = [...a.entities].filter((e) => kinds.test(e));
  const kb = [...b.entities].filter((e) => kinds.test(e));
  const shared = ka.filter((e) => kb.includes(e));
  const classOf = (e: string) => e.split(':')[0];
  for (const e of ka) {
    // Two different assets (or indicators) of the same class and nothing shared: different things.
    if (!shared.length && kb.some((f) => classOf(f) === classOf(e) && f !== e) && ['asset', 'index', 'commodity', 'ind', 'org'].includes(classOf(e) ?? '')) {
      const f = kb.find((x) => classOf(x) === classOf(e)) as string;
      return axis('subject', 'disjoint', 0.95, `subject ${e.split(':')[1]} vs ${f.split(':')[1]}`, { a: e, b: f, critical: true, note: `subject ${e.split(':')[1]} vs ${f.split(':')[1]}` });
    }
  }
  const sa = a.subjects;
  const sb = b.subjects;
  const partyA = [...a.entities].find((e) => e.startsWith('party:'));
  const partyB = [...b.entities].find((e) => e.startsWith('party:'));
  const officesA = [...a.entities].filter((e) => /^(office|body):/.test(e));
  const officesB = [...b.entities].filter((e) => /^(office|body):/.test(e));
  if (officesA.length > 0 && officesB.length > 0 && !officesA.some((o) => officesB.includes(o))) {
    const oa = officesA.map((o) => o.split(':')[1]).join(', ');
    const ob = officesB.map((o) => o.split(':')[1]).join(', ');
    return axis('subject', 'disjoint', 0.9, `office ${oa} vs ${ob}`, { a: oa, b: ob, critical: true, note: `office ${oa} vs ${ob}` });
  }
  if (a.subjectSpans.length > 0 && b.subjectSpans.length > 0) {
    // A name counts as mentioned when the other side writes it or a part of it ("Mamdani" for
    // "Zohran Mamdani"), not when it only shares a word with another name ("Eric Trump").
    const mentioned = (span: string[], other: Canonical) => {
      const spans = [...other.subjectSpans, ...other.nameSpans];
      const related = spans.filter((x) => x.some((t) => span.includes(t)));
      // The same name, or one written as the other's last part ("Mamdani" of "Zohran Mamdani"); a
      // shared first word ("Oslo" of "Oslo Moreau Reserve") is not the same name.
      const tail = (long: string[], short: string[]) => short.length <= long.length && short.every((t, i) => long[long.length - short.length + i] === t);
      if (related.length > 0) {
        // Another full name sharing a word ("Priya Petrov" against "Warsaw Petrov") rules it out.
        if (related.some((x) => x.length >= span.length && x.length > 1 && !tail(x, span) && !tail(span, x))) return false;
        return related.some((x) => tail(x, span) || tail(span, x));
      }
      return span.every((t) => other.tokens.has(t) || other.names.has(t) || other.subjects.has(t));
    };
    const onlyA = a.subjectSpans.filter((span) => !mentioned(span, b));
    const onlyB = b.subjectSpans.filter((span) => !mentioned(span, a));
    // Each side names someone the other never mentions (Rihanna vs Playboi Carti, both "before GTA VI").
    if (onlyA.length > 0 && onlyB.length > 0) {
      const ta = onlyA.map((x) => x.join(' ')).join(', ');
      const tb = onlyB.map((x) => x.join(' ')).join(', ');
      return axis('subject', 'disjoint', 0.95, `subject ${ta} vs ${tb}`, { a: ta, b: tb, critical: true, note: `subject ${ta} vs ${tb}` });
    }
    const shared = a.subjectSpans.filter((span) => mentioned(span, b)).map((x) => x.join(' '));
    if (onlyA.length === 0 && onlyB.length === 0) return axis('subject', 'equal', 1, `same subject: ${shared.join(', ')}`);
    // One side names someone the other never mentions: possibly the same subject, not confirmed.
    const [side, extra] = onlyA.length > 0 ? ['A', onlyA] : ['B', onlyB];
    const words = extra.map((x) => x.join(' ')).join(', ');
    return axis('subject', 'equal', 0.85, `same subject: ${shared.join(', ')}; ${words} named on ${side} only`, { a: side === 'A' ? words : '—', b: side === 'B' ? words : '—', critical: false, note: `${words} named on ${side} only` });
  }
  if (partyA && partyB && partyA !== partyB && sa.size === 0 && sb.size === 0) {
    const pa = partyA.split(':')[1];
    const pb = partyB.split(':')[1];
    return axis('subject', 'complement', 0.75, `${pa} vs ${pb}: opposite parties of one contest (inverse only if no other party can win)`, {
      a: pa ?? '',
      b: pb ?? '',
      critical: false,
      note: `party ${pa} vs ${pb}: a third party or a tie would pay neither`,
    });
  }
  if (partyA !== partyB && (partyA || partyB) && (sa.size > 0 || sb.size > 0)) {
    const person = sa.size > 0 ? [...sa].join(' ') : [...sb].join(' ');
    const party = (partyA ?? partyB) as string;
    return axis('subject', 'overlap', 0.8, `candidate ${person} vs party ${party.split(':')[1]}`, {
      a: sa.size > 0 ? person : party,
      b: sb.size > 0 ? person : party,
      critical: true,
      note: `candidate vs party (${person} vs ${party.split(':')[1]})`,
    });
  }
  if (sa.size > 0 || sb.size > 0) {
    const [s, other] = sa.size > 0 ? [sa, b] : [sb, a];
    const found = [...s].filter((x) => other.names.has(x) || other.tokens.has(x));
    if (found.length === s.size) return axis('subject', 'equal', 0.95, `subject ${found.join(' ')} named on both`);
    if (found.length > 0) return axis('subject', 'equal', 0.85, `subject partly named on both: ${found.join(' ')}`);
    const missing = [...s].join(' ');
    return axis('subject', 'overlap', 0.7, `subject ${missing} not named on the other market`, { a: sa.size ? missing : '—', b: sb.size ? missing : '—', critical: true, note: `subject ${missing} named on one side only` });
  }
  return null;
}

/** Head-to-head games: same two sides, and what YES backs (a side, a margin, a draw, a total). */
export function compareGames(a: Canonical, b: Canonical): Axis | null {
  if (!a.game && !b.game) return null;
  if (!a.game || !b.game) {
    return axis('event', 'overlap', 0.8, 'a single game on one side only', { a: a.game?.label ?? 'not a game', b: b.game?.label ?? 'not a game', critical: true, note: 'game vs season or other event' });
  }
  const ga = a.game;
  const gb = b.game;
  const straight = sameSide(ga.sides[0], gb.sides[0]) && sameSide(ga.sides[1], gb.sides[1]);
  const crossed = sameSide(ga.sides[0], gb.sides[1]) && sameSide(ga.sides[1], gb.sides[0]);
  if (!straight && !crossed) return axis('event', 'disjoint', 0.9, `different games: ${ga.label} vs ${gb.label}`, { a: ga.label, b: gb.label, critical: true, note: `game ${ga.label} vs ${gb.label}` });
  const name = (g: Game, side: 0 | 1) => {
    const k = g.sides[side].find((x) => !x.startsWith('side:')) ?? g.sides[side][0] ?? '';
    return k.replace(/^team:\w+:|^side:/, '');
  };
  const what = (g: Game) => (g.yes === null ? 'unclear' : typeof g.yes === 'number' ? `${name(g, g.yes)}${g.kind === 'spread' ? ' by a margin' : ''}` : g.yes);
  if (ga.kind === 'total' || gb.kind === 'total') {
    if (ga.kind !== gb.kind) return axis('outcome', 'overlap', 0.85, `a total vs a ${ga.kind === 'total' ? gb.kind : ga.kind} in ${ga.label}`, { a: ga.kind, b: gb.kind, critical: true, note: `market type ${ga.kind} vs ${gb.kind}` });
    if (ga.yes === null || gb.yes === null) return axis('outcome', 'equal', 0.6, `same game total, over/under side unclear`, { a: what(ga), b: what(gb), critical: false, note: 'over/under side not stated' });
    if (ga.yes === gb.yes) return axis('outcome', 'equal', 1, `both ${ga.yes} the total in ${ga.label}`);
    return axis('outcome', 'complement', 1, `over vs under the total in ${ga.label}`);
  }
  if (ga.yes === null || gb.yes === null) return axis('outcome', 'equal', 0.5, `same game ${ga.label}, but what YES backs is unclear`, { a: what(ga), b: what(gb), critical: false, note: 'YES side not stated' });
  if (ga.yes === 'draw' || gb.yes === 'draw') {
    if (ga.yes === gb.yes) return axis('outcome', 'equal', 1, `both back a draw in ${ga.label}`);
    return axis('outcome', 'disjoint', 0.95, `a draw vs ${what(ga.yes === 'draw' ? gb : ga)}`, { a: what(ga), b: what(gb), critical: true, note: `YES backs ${what(ga)} vs ${what(gb)}` });
  }
  const bYes = crossed && !straight ? ((1 - (gb.yes as number)) as 0 | 1) : (gb.yes as 0 | 1);
  const same = bYes === ga.yes;
  if (ga.kind !== gb.kind) {
    // A win by a margin is a narrower way to win; the other side winning by a margin excludes it.
    if (!same) return axis('outcome', 'disjoint', 0.95, `${what(ga)} vs ${what(gb)}: cannot both happen`, { a: what(ga), b: what(gb), critical: true, note: `YES backs ${what(ga)} vs ${what(gb)}` });
    const narrowA = ga.kind === 'spread';
    return axis('outcome', narrowA ? 'a-in-b' : 'b-in-a', 0.9, `winning by a margin implies winning (${what(narrowA ? ga : gb)})`, { a: what(ga), b: what(gb), critical: true, note: 'margin vs moneyline' });
  }
  if (same) return axis('outcome', 'equal', 1, `both back ${what(ga)} in ${ga.label}`);
  if (ga.drawPossible || gb.drawPossible || ga.kind === 'spread') {
    return axis('outcome', 'disjoint', 0.9, `opposite sides of ${ga.label}, and a draw or tie is possible`, { a: what(ga), b: what(gb), critical: true, note: `YES backs ${what(ga)} vs ${what(gb)}; a draw would pay neither` });
  }
  return axis('outcome', 'complement', 1, `opposite sides of ${ga.label} (${what(ga)} vs ${what(gb)}), no draw possible`);
}

/** Resolution sources, when stated. */
export function compareSources(a: Canonical, b: Canonical, priceLike: boolean): Axis | null {
  if (!a.source && !b.source) return null;
  if (a.source && b.source) {
    if (a.source === b.source) return axis('source', 'equal', 1, `same resolution source ${a.source}`);
    const note = `resolution source ${a.source} vs ${b.source}`;
    return axis('source', 'overlap', priceLike ? 1 : 0.9, note, { a: a.source, b: b.source, critical: true, note });
  }
  const known = (a.source ?? b.source) as string;
  const side = a.source ? 'A' : 'B';
  return axis('source', 'equal', priceLike ? 0.85 : 0.97, `resolution source ${known} stated on ${side} only`, {
    a: a.source ?? 'not stated',
    b: b.source ?? 'not stated',
    critical: false,
    note: `source stated on ${side} only`,
  });
}

/** What exactly is measured (year-over-year vs month-over-month, high vs low, core vs headline). */
export function compareQualifiers(a: Canonical, b: Canonical, games = false): Axis | null {
  const exclusive: [string, string][] = [
    ['yoy', 'mom'],
    ['high', 'low'],
    ['popular-vote', 'electoral'],
  ];
  for (const [x, y] of exclusive) {
    if ((a.qualifiers.has(x) && b.qualifiers.has(y)) || (a.qualifiers.has(y) && b.qualifiers.has(x))) {
      const qa = a.qualifiers.has(x) ? x : y;
      const qb = b.qualifiers.has(x) ? x : y;
      return axis('measure', 'disjoint', 0.9, `measure ${qa} vs ${qb}`, { a: qa, b: qb, critical: true, note: `measure ${qa} vs ${qb}` });
    }
  }
  // In games a margin is read by the game axis; what part of the game counts is read here.
  const skip = (q: string) => q === 'close' || (games && (q === 'margin' || q === 'seats' || q === 'high' || q === 'low'));
  const onlyA = [...a.qualifiers].filter((q) => !b.qualifiers.has(q) && !skip(q));
  const onlyB = [...b.qualifiers].filter((q) => !a.qualifiers.has(q) && !skip(q));
  if (onlyA.length + onlyB.length === 0) return null;
  const diff = [...onlyA, ...onlyB].join(', ');
  const core = [...onlyA, ...onlyB].some((q) => q === 'core' || q === 'margin' || q === 'popular-vote' || q === 'electoral' || /-|quarter/.test(q));
  return axis('measure', core ? 'overlap' : 'equal', core ? 0.9 : 0.8, `measure qualifier stated on one side only: ${diff}`, {
    a: onlyA.join(', ') || '—',
    b: onlyB.join(', ') || '—',
    critical: core,
    note: `measure qualifier ${diff} on one side only`,
  });
}

/** Words that say what happens, beyond who and when ("announce a new CEO" vs "announce a recall"). */
export function compareWording(a: Canonical, b: Canonical): Axis | null {
  const residual = (c: Canonical) => {
    const out = new Set<string>();
    for (const t of c.tokens) if (!c.names.has(t) && !c.subjects.has(t) && t.length > 2) out.add(t);
    return out;
  };
  const ra = residual(a);
  const rb = residual(b);
  const onlyA = [...ra].filter((t) => !rb.has(t) && !b.names.has(t));
  const onlyB = [...rb].filter((t) => !ra.has(t) && !a.names.has(t));
  if (onlyA.length === 0 || onlyB.length === 0) return null;
  const common = [...ra].filter((t) => rb.has(t)).length;
  const union = new Set([...ra, ...rb]).size;
  const jaccard = union === 0 ? 1 : common / union;
  const wa = onlyA.slice(0, 4).join(' ');
  const wb = onlyB.slice(0, 4).join(' ');
  return axis('wording', 'equal', Math.min(0.85, 0.6 + 0.35 * jaccard), `wording differs: ${wa} vs ${wb}`, { a: wa, b: wb, critical: false, note: `wording differs: ${wa} vs ${wb}` });
}
