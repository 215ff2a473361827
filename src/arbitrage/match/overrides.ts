import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Cache } from '../../cache/types.js';
import { RelationSchema } from './types.js';

/**
 * Human decisions about pairs. They always win over the judge: `confirm` makes a pair feed
 * arbitrage with the stated relation, `reject` keeps it out. Two origins: a curated overrides file
 * (loaded at start) and decisions set at runtime, persisted through the `Cache` contract (memory
 * or Redis) so that they survive restarts and are shared by instances. A runtime decision wins over
 * the file's for the same pair.
 */
export const OverrideDecisionSchema = z.object({
  /** Market ids, in any order. */
  a: z.string().min(1),
  b: z.string().min(1),
  decision: z.enum(['confirm', 'reject']),
  /** The relation to record; for `confirm` of a non-tradable judgement it must be given. */
  relation: RelationSchema.optional(),
  /** Which market is narrower, for `subset`. */
  narrower: z.string().optional(),
  note: z.string().optional(),
  by: z.string().optional(),
  /** ISO-8601; set when stored. */
  at: z.string().optional(),
});
export type OverrideDecision = z.infer<typeof OverrideDecisionSchema>;

export interface StoredOverride extends OverrideDecision {
  origin: 'file' | 'runtime';
}

/** The pair's id: both market ids in a fixed order. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

const PREFIX = 'arbitrage:override:';

export class OverrideStore {
  private readonly file = new Map<string, StoredOverride>();
  private readonly runtime = new Map<string, StoredOverride>();

  constructor(
    private readonly cache: Cache,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Reads every persisted decision (and the curated file's, if given) into memory. */
  async load(fileDecisions: readonly OverrideDecision[] = []): Promise<void> {
    this.file.clear();
    for (const d of fileDecisions) this.file.set(pairKey(d.a, d.b), { ...d, origin: 'file' });
    this.runtime.clear();
    for await (const batch of this.cache.scan(PREFIX, 500)) {
      const values = await this.cache.getMany<unknown>(batch);
      for (const v of values) {
        const parsed = OverrideDecisionSchema.safeParse(v);
        if (parsed.success) this.runtime.set(pairKey(parsed.data.a, parsed.data.b), { ...parsed.data, origin: 'runtime' });
      }
    }
  }

  get(a: string, b: string): StoredOverride | undefined {
    const key = pairKey(a, b);
    return this.runtime.get(key) ?? this.file.get(key);
  }

  list(): StoredOverride[] {
    const merged = new Map(this.file);
    for (const [k, v] of this.runtime) merged.set(k, v);
    return [...merged.values()];
  }

  async set(decision: OverrideDecision): Promise<StoredOverride> {
    const parsed = OverrideDecisionSchema.parse(decision);
    if (parsed.a === parsed.b) throw new RangeError('an override needs two different markets');
    const stored: StoredOverride = { ...parsed, at: parsed.at ?? this.now().toISOString(), origin: 'runtime' };
    const { origin: _origin, ...value } = stored;
    await this.cache.set(PREFIX + encodeURIComponent(pairKey(parsed.a, parsed.b)), value);
    this.runtime.set(pairKey(parsed.a, parsed.b), stored);
    return stored;
  }

  /** Removes a runtime decision (the file's, if any, applies again). */
  async delete(a: string, b: string): Promise<void> {
    await this.cache.delete(PREFIX + encodeURIComponent(pairKey(a, b)));
    this.runtime.delete(pairKey(a, b));
  }
}

/** A curated overrides file: a JSON array or JSON lines of decisions. */
export async function readOverridesFile(path: string): Promise<OverrideDecision[]> {
  const text = await readFile(path, 'utf8');
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const items: unknown[] = trimmed.startsWith('[') ? (JSON.parse(trimmed) as unknown[]) : trimmed.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
  return items.map((item, i) => {
    const parsed = OverrideDecisionSchema.safeParse(item);
    if (!parsed.success) throw new Error(`${path}: entry ${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    return parsed.data;
  });
}
