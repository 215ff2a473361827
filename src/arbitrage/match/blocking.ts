import type { Canonical } from './canonical.js';
import { compatibleGroups } from './category.js';

/**
 * Candidate generation. Every market is filed under blocking keys: what it is about (typed
 * entities, names, teams), combined with a coarse time bucket, plus sharper keys (entity + exact
 * day, entity + threshold). A market's candidates are the other venues' markets sharing keys with
 * it, scored by the keys' weights; over-full keys (a name every market shares) are skipped. Only
 * candidates are judged, so matching N × M markets costs about N × (candidates per market), not
 * N × M.
 */
export interface BlockingConfig {
  /** Width of a time bucket in days; neighbouring buckets are searched too. */
  bucketDays: number;
  /** Keys shared by more markets than this are too common to say anything. */
  maxPosting: number;
  /** Candidates kept per market, best first. */
  maxCandidates: number;
  /** Minimum summed key weight for a candidate. */
  minScore: number;
}

export const DEFAULT_BLOCKING: BlockingConfig = { bucketDays: 14, maxPosting: 500, maxCandidates: 24, minScore: 2.5 };

const DAY = 86_400_000;

interface Entry {
  id: string;
  venue: string;
  canonical: Canonical;
  keys: string[];
}

function numberKey(v: string): string {
  const n = Number(v);
  return Number.isFinite(n) && n !== 0 ? n.toPrecision(4) : v;
}

/** Blocking keys with their weights; time-bucketed keys carry a `@bucket` suffix. */
export function blockingKeys(c: Canonical): { key: string; weight: number; bucketed: boolean }[] {
  const out: { key: string; weight: number; bucketed: boolean }[] = [];
  const anchors: [string, number][] = [];
  for (const e of c.entities) {
    if (e.startsWith('country:')) anchors.push([e, 1]);
    else if (/^(office|body|league|party):/.test(e)) anchors.push([e, 1.5]);
    else anchors.push([e, 3]);
  }
  for (const n of c.names) anchors.push([`n:${n}`, 2.5]);
  if (c.game) for (const side of c.game.sides) for (const k of side) anchors.push([k, 4]);
  const t = c.time ?? null;
  const at = t ? t.end : c.resolveAt;
  for (const [a, w] of anchors) out.push({ key: a, weight: w, bucketed: true });
  const primary = anchors.filter(([, w]) => w >= 2.5).map(([a]) => a);
  if (t && at !== null) {
    const day = new Date(at).toISOString().slice(0, 10);
    for (const a of primary) out.push({ key: `${a}#${day}`, weight: 2, bucketed: false });
  }
  if (c.threshold) for (const a of primary) out.push({ key: `${a}=${numberKey(c.threshold.value.toString())}`, weight: 3, bucketed: true });
  return out;
}

export class CandidateIndex {
  private readonly postings = new Map<string, Set<Entry>>();
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly config: BlockingConfig = DEFAULT_BLOCKING) {}

  get size(): number {
    return this.entries.size;
  }

  private bucketOf(c: Canonical): number | null {
    const at = c.time?.end ?? c.resolveAt;
    return at === null || !Number.isFinite(at) ? null : Math.floor(at / (this.config.bucketDays * DAY));
  }

  private keysOf(c: Canonical, spread: boolean): { key: string; weight: number }[] {
    const bucket = this.bucketOf(c);
    const buckets = bucket === null ? ['x'] : spread ? [bucket - 1, bucket, bucket + 1, 'x'] : [bucket];
    const out: { key: string; weight: number }[] = [];
    for (const k of blockingKeys(c)) {
      if (!k.bucketed) out.push({ key: k.key, weight: k.weight });
      else for (const b of buckets) out.push({ key: `${k.key}@${b}`, weight: k.weight });
    }
    return out;
  }

  add(c: Canonical): void {
    this.remove(c.id);
    const keys = this.keysOf(c, false).map((k) => k.key);
    const entry: Entry = { id: c.id, venue: c.venue, canonical: c, keys };
    this.entries.set(c.id, entry);
    for (const k of keys) {
      let s = this.postings.get(k);
      if (!s) this.postings.set(k, (s = new Set()));
      s.add(entry);
    }
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    for (const k of entry.keys) {
      const s = this.postings.get(k);
      if (!s) continue;
      s.delete(entry);
      if (s.size === 0) this.postings.delete(k);
    }
  }

  get(id: string): Canonical | undefined {
    return this.entries.get(id)?.canonical;
  }

  /** Other venues' markets worth judging against `c`, best first. */
  candidates(c: Canonical): Canonical[] {
    const scores = new Map<Entry, number>();
    for (const { key, weight } of this.keysOf(c, true)) {
      const s = this.postings.get(key);
      if (!s || s.size > this.config.maxPosting) continue;
      for (const e of s) {
        if (e.venue === c.venue || e.id === c.id) continue;
        scores.set(e, (scores.get(e) ?? 0) + weight);
      }
    }
    const ranked: [Entry, number][] = [];
    for (const [e, score] of scores) {
      if (score < this.config.minScore || !compatibleGroups(c.topic, e.canonical.topic)) continue;
      ranked.push([e, score]);
    }
    ranked.sort((x, y) => y[1] - x[1] || (x[0].id < y[0].id ? -1 : 1));
    return ranked.slice(0, this.config.maxCandidates).map(([e]) => e.canonical);
  }
}
