import { z } from 'zod';
import type { VenueId } from '../../core/index.js';
import type { MatchableMarket } from './canonical.js';

/**
 * A market as the offline evaluation input gives it: `venue` and `title` at least; every other
 * field is optional and takes a neutral default (no rules, no dates, a YES/NO label pair).
 */
export const PartialMarketSchema = z.object({
  venue: z.string().min(1),
  title: z.string().min(1),
  nativeId: z.string().optional(),
  question: z.string().nullish(),
  yesLabel: z.string().nullish(),
  noLabel: z.string().nullish(),
  rules: z.string().nullish(),
  closeTime: z.string().datetime({ offset: true }).nullish(),
  expectedResolutionTime: z.string().datetime({ offset: true }).nullish(),
  category: z.string().nullish(),
  eventTitle: z.string().nullish(),
});
export type PartialMarket = z.infer<typeof PartialMarketSchema>;

export const PairLineSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  a: PartialMarketSchema,
  b: PartialMarketSchema,
});
export type PairLine = z.infer<typeof PairLineSchema>;

export function toMatchable(m: PartialMarket, fallbackId: string): MatchableMarket {
  return {
    // The venue is only a label here; the judge never looks at it.
    id: `${m.venue}:${m.nativeId ?? fallbackId}`,
    venue: m.venue as VenueId,
    title: m.title,
    question: m.question ?? m.title,
    yesLabel: m.yesLabel ?? 'Yes',
    noLabel: m.noLabel ?? 'No',
    rules: m.rules ?? null,
    closeTime: m.closeTime ?? null,
    expectedResolutionTime: m.expectedResolutionTime ?? null,
    category: m.category ?? null,
    eventTitle: m.eventTitle ?? null,
  };
}
