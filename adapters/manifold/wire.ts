/**
 * zod schemas of the Manifold payloads the adapter reads (docs/venues/manifold.md §Market
 * objects, §Bets, §Account, §Positions, §WebSocket). Unknown fields are dropped; the fields we
 * read are validated. Manifold sends amounts, shares and probabilities as JSON numbers: every one
 * is turned into the exact decimal text of that number here, so no float leaves this module.
 * Times are epoch milliseconds.
 */
import { z, type ZodType } from 'zod';
import { VenueFormatError } from '../../src/core/errors.js';
import { decimalText } from '../../src/venue/decimal-text.js';
import { parseVenuePayload } from '../../src/venue/validate.js';

const VENUE = 'manifold' as const;

/** A JSON number → its decimal text. */
export const Num = z.number().transform(decimalText);
/** Epoch milliseconds. */
export const Ms = z.number().int();

const Pool = z.object({ YES: Num, NO: Num });
/**
 * A contract's pool: `{YES, NO}` on cpmm-1 (checked below); 2022-era DPM contracts key theirs by
 * answer index (`{"0": …, "1": …}`), which is kept but never read.
 */
const ContractPool = z.record(z.string(), Num);

/**
 * An answer of a cpmm-multi-1 market: in full markets with `pool` and `probability` (p = 0.5);
 * in `search-markets?includeLiteAnswers=true` only id, text and probability.
 */
export const AnswerSchema = z.object({
  id: z.string(),
  text: z.string(),
  probability: Num,
  pool: Pool.optional(),
  index: z.number().int().optional(),
  contractId: z.string().optional(),
  createdTime: Ms.optional(),
  volume: Num.optional(),
  isOther: z.boolean().optional(),
  resolution: z.string().optional(),
  resolutionTime: Ms.optional(),
  resolutionProbability: Num.optional(),
});
export type WireAnswer = z.infer<typeof AnswerSchema>;

/** The stored Answer (`GET /market/:id/answers`, WebSocket): `poolYes`, `poolNo`, `prob`. */
export const RawAnswerSchema = z.object({
  id: z.string(),
  contractId: z.string().optional(),
  text: z.string().optional(),
  index: z.number().int().optional(),
  poolYes: Num.optional(),
  poolNo: Num.optional(),
  prob: Num.optional(),
  volume: Num.optional(),
  resolution: z.string().optional(),
  resolutionTime: Ms.optional(),
  resolutionProbability: Num.optional(),
});
export type WireRawAnswer = z.infer<typeof RawAnswerSchema>;

/** `LiteMarket` (`/markets`, `/search-markets`, `/market/:id?lite=true`). */
const LiteMarketObject = z.object({
  id: z.string(),
  creatorId: z.string().optional(),
  creatorUsername: z.string(),
  creatorName: z.string().optional(),
  createdTime: Ms,
  closeTime: Ms.optional(),
  question: z.string(),
  /** Absent from 2022 payloads. */
  slug: z.string().optional(),
  url: z.string(),
  outcomeType: z.string(),
  mechanism: z.string(),
  pool: ContractPool.optional(),
  probability: Num.optional(),
  p: Num.optional(),
  totalLiquidity: Num.optional(),
  volume: Num,
  volume24Hours: Num.optional(),
  isResolved: z.boolean(),
  resolution: z.string().optional(),
  resolutionTime: Ms.optional(),
  resolutionProbability: Num.optional(),
  uniqueBettorCount: z.number().int().optional(),
  lastUpdatedTime: Ms.optional(),
  lastBetTime: Ms.optional(),
  /** `MANA` or `CASH`; the 2026 `/markets` rows omit it (MANA). */
  token: z.string().optional(),
  answers: z.array(AnswerSchema).optional(),
});
export type LiteMarket = z.infer<typeof LiteMarketObject>;

function checkCpmmPool(m: { mechanism: string; pool?: Record<string, string> | undefined }, ctx: z.RefinementCtx): void {
  if (m.mechanism !== 'cpmm-1' || m.pool === undefined) return;
  for (const side of ['YES', 'NO']) if (m.pool[side] === undefined) ctx.addIssue({ code: 'custom', path: ['pool', side], message: 'a cpmm-1 pool has YES and NO' });
}

/** `FullMarket` (`GET /market/:id`, `GET /slug/:slug`). */
const FullMarketObject = LiteMarketObject.extend({
  shouldAnswersSumToOne: z.boolean().optional(),
  addAnswersMode: z.string().optional(),
  /** Rich-text document or, in old payloads, plain text; recorded 2026 captures omit it. */
  description: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  textDescription: z.string().optional(),
  groupSlugs: z.array(z.string()).optional(),
  coverImageUrl: z.string().optional(),
});
export const FullMarketSchema = FullMarketObject.superRefine(checkCpmmPool);
export type FullMarket = z.infer<typeof FullMarketSchema>;
export type WireMarket = LiteMarket | FullMarket;

export const LiteMarketSchema = LiteMarketObject.superRefine(checkCpmmPool);
export const LiteMarketListSchema = z.array(LiteMarketSchema);

const Fees = z.object({ creatorFee: Num, platformFee: Num, liquidityFee: Num });

export const FillSchema = z.object({
  /** null: the AMM; otherwise the other side's bet (a maker order, or on a maker the taker bet). */
  matchedBetId: z.string().nullable(),
  amount: Num,
  shares: Num,
  timestamp: Ms,
  isSale: z.boolean().optional(),
  fees: Fees.optional(),
});
export type WireFill = z.infer<typeof FillSchema>;

const BetFields = {
  contractId: z.string(),
  answerId: z.string().optional(),
  createdTime: Ms,
  updatedTime: Ms.optional(),
  /** Mana filled so far (negative for sales). */
  amount: Num,
  shares: Num,
  /** `YES` / `NO` (2022 DPM bets carry an answer index such as `"0"`). */
  outcome: z.string(),
  probBefore: Num.optional(),
  probAfter: Num.optional(),
  loanAmount: Num.optional(),
  fees: Fees.optional(),
  isApi: z.boolean().optional(),
  isRedemption: z.boolean().optional(),
  betGroupId: z.string().optional(),
  orderAmount: Num.optional(),
  limitProb: Num.optional(),
  isFilled: z.boolean().optional(),
  isCancelled: z.boolean().optional(),
  fills: z.array(FillSchema).optional(),
  expiresAt: Ms.optional(),
};

/** A stored bet (`GET /bets`, `POST /bet/cancel/:id`, WebSocket). */
export const BetSchema = z.object({ id: z.string(), userId: z.string(), ...BetFields });
export type WireBet = z.infer<typeof BetSchema>;
export const BetListSchema = z.array(BetSchema);

/** `POST /bet` and `POST /market/:id/sell`: the bet without `id` / `userId`, plus `betId`. */
export const PlacedBetSchema = z.object({ betId: z.string(), ...BetFields });
export type WirePlacedBet = z.infer<typeof PlacedBetSchema>;

/** `FullUser` (`GET /me`, `GET /user/:username`). */
export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string().optional(),
  createdTime: Ms.optional(),
  balance: Num,
  totalDeposits: Num.optional(),
  isBot: z.boolean().optional(),
});
export type WireUser = z.infer<typeof UserSchema>;

/** `ContractMetric` (`GET /market/:id/positions`, `get-user-contract-metrics-with-contracts`). */
export const ContractMetricSchema = z.object({
  userId: z.string(),
  contractId: z.string(),
  /** null: a binary market, or the summary row of a multiple-choice market. */
  answerId: z.string().nullable(),
  totalShares: z.record(z.string(), Num),
  totalSpent: z.record(z.string(), Num).optional(),
  hasShares: z.boolean().optional(),
  invested: Num.optional(),
  payout: Num.optional(),
  profit: Num.optional(),
  lastBetTime: Ms.optional(),
});
export type WireContractMetric = z.infer<typeof ContractMetricSchema>;
export const ContractMetricListSchema = z.array(ContractMetricSchema);
export const UserMetricsSchema = z.object({
  metricsByContract: z.record(z.string(), z.array(ContractMetricSchema)),
  contracts: z.array(LiteMarketSchema),
});

/** The venue's error body: `{"message", "details"?}`. */
export const ErrorBodySchema = z.object({ message: z.string(), details: z.unknown().optional() });

/** WebSocket: every server frame is an ack or a broadcast of one topic. */
export const WsAckSchema = z.object({ type: z.literal('ack'), txid: z.number().int().optional(), success: z.boolean(), error: z.string().optional() });
export const WsBroadcastSchema = z.object({ type: z.literal('broadcast'), topic: z.string(), data: z.record(z.string(), z.unknown()) });
export const WsFrameSchema = z.discriminatedUnion('type', [WsAckSchema, WsBroadcastSchema]);
export type WsFrame = z.infer<typeof WsFrameSchema>;

/** `contract/{id}`: raw Contract fields that changed (`prob`, not `probability`). */
export const WsContractDataSchema = z.object({
  contract: z.object({
    id: z.string(),
    pool: Pool.optional(),
    p: Num.optional(),
    prob: Num.optional(),
    volume: Num.optional(),
    lastBetTime: Ms.optional(),
    lastUpdatedTime: Ms.optional(),
    uniqueBettorCount: z.number().int().optional(),
    isResolved: z.boolean().optional(),
    resolution: z.string().optional(),
    resolutionTime: Ms.optional(),
    resolutionProbability: Num.optional(),
    closeTime: Ms.optional(),
    answers: z.array(RawAnswerSchema).optional(),
  }),
});
/** `contract/{id}/new-bet` and `contract/{id}/orders`. */
export const WsBetsDataSchema = z.object({ bets: z.array(BetSchema) });
/** `contract/{id}/updated-answers`. */
export const WsAnswersDataSchema = z.object({ answers: z.array(RawAnswerSchema) });
/** `user/{id}`. */
export const WsUserDataSchema = z.object({ user: z.object({ id: z.string(), balance: Num.optional() }) });

export type WsEvent =
  | { kind: 'contract'; contractId: string; data: z.infer<typeof WsContractDataSchema> }
  | { kind: 'new-bet' | 'orders'; contractId: string; bets: WireBet[] }
  | { kind: 'updated-answers'; contractId: string; answers: WireRawAnswer[] }
  | { kind: 'user'; userId: string; user: z.infer<typeof WsUserDataSchema>['user'] }
  | { kind: 'user-orders'; userId: string; bets: WireBet[] }
  | { kind: 'ack'; txid: number | undefined; success: boolean; error?: string }
  | { kind: 'other'; topic: string };

export function parseWire<T>(schema: ZodType<T>, data: unknown, endpoint: string): T {
  return parseVenuePayload(schema, data, { venue: VENUE, endpoint });
}

/**
 * One WebSocket text frame → a typed event. Topics the adapter does not read come back as
 * `other`; a frame that is not JSON or does not match its topic's shape throws `VenueFormatError`.
 */
export function parseWsFrame(text: string): WsEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new VenueFormatError(`${VENUE} ws frame: not JSON`, { venue: VENUE, endpoint: 'ws frame', cause: err });
  }
  const frame = parseWire(WsFrameSchema, raw, 'ws frame');
  if (frame.type === 'ack') return { kind: 'ack', txid: frame.txid, success: frame.success, ...(frame.error !== undefined ? { error: frame.error } : {}) };
  const m = /^(contract|user)\/([^/]+)(?:\/(new-bet|orders|updated-answers))?$/.exec(frame.topic);
  if (!m) return { kind: 'other', topic: frame.topic };
  const id = m[2] as string;
  const endpoint = `ws ${frame.topic.replace(id, m[1] === 'user' ? '{userId}' : '{contractId}')}`;
  if (m[1] === 'user') {
    if (m[3] === undefined) return { kind: 'user', userId: id, user: parseWire(WsUserDataSchema, frame.data, endpoint).user };
    if (m[3] === 'orders') return { kind: 'user-orders', userId: id, bets: parseWire(WsBetsDataSchema, frame.data, endpoint).bets };
    return { kind: 'other', topic: frame.topic };
  }
  switch (m[3]) {
    case undefined:
      return { kind: 'contract', contractId: id, data: parseWire(WsContractDataSchema, frame.data, endpoint) };
    case 'new-bet':
    case 'orders':
      return { kind: m[3], contractId: id, bets: parseWire(WsBetsDataSchema, frame.data, endpoint).bets };
    default:
      return { kind: 'updated-answers', contractId: id, answers: parseWire(WsAnswersDataSchema, frame.data, endpoint).answers };
  }
}
