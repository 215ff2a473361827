/**
 * Schemas of the arbitrage routes: query parameters (validated, each failure a 400 naming it) and
 * the response components, built from the arbitrage module's own zod schemas.
 */
import { z } from '@hono/zod-openapi';
import { LegSchema, MatchRecordSchema, OpportunitySchema, RelationSchema, type Relation } from '../arbitrage/index.js';
import { Decimal } from '../core/index.js';
import { idPathParam, intSchema, venueParam } from './params.js';
import { VenueIdComponent } from './schemas.js';

function decimalParam(name: string, description: string) {
  return z
    .string()
    .max(40)
    .transform((s, ctx) => {
      const d = Decimal.tryParse(s.trim());
      if (d === null || d.isNegative()) {
        ctx.addIssue({ code: 'custom', message: 'must be a non-negative decimal such as 0.01' });
        return z.NEVER;
      }
      return d;
    })
    .optional()
    .openapi({ param: { name, in: 'query' }, description, type: 'string', example: '0.01' });
}

function fractionParam(name: string, description: string) {
  return z
    .string()
    .max(20)
    .regex(/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/, 'must be a number between 0 and 1')
    .transform(Number)
    .optional()
    .openapi({ param: { name, in: 'query' }, description, type: 'number', minimum: 0, maximum: 1, example: 0.9 });
}

function boolParam(name: string, description: string) {
  return z
    .enum(['true', 'false', '1', '0'])
    .transform((s) => s === 'true' || s === '1')
    .optional()
    .openapi({ param: { name, in: 'query' }, description, type: 'boolean' });
}

const ARBITRAGE_LIMIT = 500;

export const ArbitrageQuerySchema = z.strictObject({
  venues: venueParam.openapi({ param: { name: 'venues', in: 'query' }, description: '`all` (default) or a comma list: every leg on one of these venues' }),
  minEdge: decimalParam('minEdge', 'Minimum guaranteed profit per set after fees'),
  minSize: decimalParam('minSize', 'Minimum executable size (sets)'),
  minConfidence: fractionParam('minConfidence', 'Minimum match confidence'),
  actionable: boolParam('actionable', 'Only actionable opportunities (`true`)'),
  includeCandidates: boolParam('includeCandidates', 'Also list matched pairs that do not feed arbitrage, with their reasons'),
  limit: intSchema(1, ARBITRAGE_LIMIT)
    .optional()
    .default(100)
    .openapi({ param: { name: 'limit', in: 'query' }, type: 'integer', minimum: 1, maximum: ARBITRAGE_LIMIT, default: 100 }),
});

const RelationComponent = RelationSchema.clone().openapi('MatchRelation');

export const MatchesQuerySchema = z.strictObject({
  market: idPathParam('Only pairs that include this market').optional().openapi({ param: { name: 'market', in: 'query' } }),
  relation: z
    .string()
    .max(100)
    .transform((s, ctx) => {
      const out: Relation[] = [];
      for (const name of s.split(',').map((x) => x.trim()).filter((x) => x !== '')) {
        const r = RelationSchema.safeParse(name);
        if (!r.success) {
          ctx.addIssue({ code: 'custom', message: `unknown relation "${name.slice(0, 30)}" (known: ${RelationSchema.options.join(', ')})` });
          return z.NEVER;
        }
        out.push(r.data);
      }
      return out.length > 0 ? out : undefined;
    })
    .optional()
    .openapi({ param: { name: 'relation', in: 'query' }, type: 'string', description: `Comma list of ${RelationSchema.options.join(', ')}` }),
  minConfidence: fractionParam('minConfidence', 'Minimum confidence'),
  tradable: boolParam('tradable', 'Only pairs that feed arbitrage (`true`) or only candidates (`false`)'),
  limit: intSchema(1, 1000)
    .optional()
    .default(100)
    .openapi({ param: { name: 'limit', in: 'query' }, type: 'integer', minimum: 1, maximum: 1000, default: 100 }),
});

export const MatchPathSchema = z.object({
  a: idPathParam('One market of the pair').openapi({ param: { name: 'a', in: 'path' } }),
  b: idPathParam('The other market of the pair').openapi({ param: { name: 'b', in: 'path' } }),
});

export const MatchDecisionSchema = z
  .strictObject({
    decision: z.enum(['confirm', 'reject']).openapi({ description: '`confirm`: the pair feeds arbitrage with `relation`; `reject`: it never does' }),
    relation: RelationComponent.optional().openapi({
      description: 'The relation to record. A confirmation must say `identical` or `inverse` unless the matcher already judged the pair one of them',
    }),
    narrower: z.string().max(250).optional().openapi({ description: 'For `subset`: the market whose YES implies the other' }),
    note: z.string().max(1000).optional(),
  })
  .openapi('MatchDecision');

const LegComponent = LegSchema.extend({ venue: VenueIdComponent }).openapi('ArbitrageLeg');
export const OpportunityComponent = OpportunitySchema.extend({ legs: z.array(LegComponent) }).openapi('Opportunity');
export const MatchComponent = MatchRecordSchema.extend({ relation: RelationComponent }).openapi('Match');

export const ArbitragePageSchema = z
  .object({
    data: z.array(OpportunityComponent),
    candidates: z.array(MatchComponent).optional().openapi({ description: 'With `includeCandidates=true`: pairs shown for review, not traded' }),
    meta: z.object({
      evaluatedAt: z.string(),
      lastScanAt: z.string().nullable().openapi({ description: 'When the catalog was last matched' }),
      markets: z.number().int(),
      pairs: z.number().int().openapi({ description: 'Pairs feeding arbitrage' }),
      watched: z.number().int().openapi({ description: 'Markets whose books are watched' }),
      total: z.number().int().openapi({ description: 'Opportunities before the filters' }),
    }),
  })
  .openapi('ArbitragePage');

export const PairComparisonSchema = MatchRecordSchema.extend({
  relation: RelationComponent,
  recorded: z.boolean().openapi({
    description:
      'Whether the matcher keeps this pair (it came up as a candidate and was judged related, or a human decided it). ' +
      '`false`: judged now on request and not kept, so it feeds nothing (`tradable` is false)',
  }),
}).openapi('PairComparison');

export const MatchListSchema = z.object({ data: z.array(MatchComponent) }).openapi('MatchList');
