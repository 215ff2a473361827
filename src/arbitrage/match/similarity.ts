import type { Canonical } from './canonical.js';

/**
 * Topical closeness of two statements in [0, 1]: shared typed entities and names weigh most,
 * other content words least. Half overlap coefficient (forgiving of one side being wordier), half
 * Dice (penalizing one side saying much more).
 */
export function similarity(a: Canonical, b: Canonical): number {
  const wa = weights(a);
  const wb = weights(b);
  let shared = 0;
  let sumA = 0;
  let sumB = 0;
  for (const [f, w] of wa) {
    sumA += w;
    const o = wb.get(f);
    if (o !== undefined) shared += Math.min(w, o);
  }
  for (const w of wb.values()) sumB += w;
  if (sumA === 0 || sumB === 0) return 0;
  const overlap = shared / Math.min(sumA, sumB);
  const dice = (2 * shared) / (sumA + sumB);
  return 0.5 * overlap + 0.5 * dice;
}

const weightCache = new WeakMap<Canonical, Map<string, number>>();

function weights(c: Canonical): Map<string, number> {
  const hit = weightCache.get(c);
  if (hit) return hit;
  const w = new Map<string, number>();
  for (const t of c.tokens) w.set(`t:${t}`, 1);
  for (const n of c.names) w.set(`t:${n}`, 2.5);
  for (const e of c.entities) w.set(`e:${e}`, 3);
  if (c.game) for (const side of c.game.sides) for (const k of side) w.set(`e:${k}`, 3);
  weightCache.set(c, w);
  return w;
}

/** Whether two markets share something that identifies a subject (an entity, a name, a team). */
export function sharesAnchor(a: Canonical, b: Canonical): boolean {
  for (const e of a.entities) if (b.entities.has(e) && !e.startsWith('country:')) return true;
  for (const n of a.names) if (b.names.has(n) || b.tokens.has(n)) return true;
  if (a.game && b.game) {
    const ka = a.game.sides.flat();
    if (b.game.sides.flat().some((k) => ka.includes(k))) return true;
  }
  return false;
}
