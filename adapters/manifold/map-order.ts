/**
 * Manifold bets ↔ normalized orders, fills, positions and balances (docs/venues/manifold.md
 * §Bets, §Placing, §Positions, §Account).
 *
 * A Manifold limit order buys one outcome with a mana budget (`orderAmount`) at `limitProb`, a
 * probability of YES. The normalized `Order` is priced in its outcome's own terms, so a YES order
 * at L is a buy of YES at L and a NO order at L is a buy of NO at 1 − L. Sizes are shares: what the
 * order holds (`shares`) plus what its remaining mana buys at its limit. Selling is buying the
 * other outcome: the venue nets YES+NO pairs into mana automatically.
 */
import {
  Decimal,
  formatId,
  InvalidOrder,
  type Balance,
  type Fill,
  type Order,
  type OrderStatus,
  type PlaceOrderRequest,
  type Position,
} from '../../src/core/index.js';
import { MIN_BET_MANA, OUTPUT_SCALE, TICK } from './map-market.js';
import { flooredSizes, gridParts } from './map-trade.js';
import type { WireBet, WireContractMetric, WireFill, WirePlacedBet, WireUser } from './wire.js';

const VENUE = 'manifold' as const;

function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

function shares(d: Decimal): string {
  return d.round(OUTPUT_SCALE, 'down').normalize().toString();
}

function price(d: Decimal): string {
  return d.round(OUTPUT_SCALE, 'half-even').normalize().toString();
}

/** `manifold:<contractId>` or `manifold:<contractId>:<answerId>`. */
export function marketIdOf(contractId: string, answerId?: string): string {
  return formatId(VENUE, answerId === undefined ? contractId : `${contractId}:${answerId}`);
}

type BetLike = Pick<WireBet, 'contractId' | 'answerId' | 'createdTime' | 'updatedTime' | 'amount' | 'shares' | 'outcome' | 'orderAmount' | 'limitProb' | 'isFilled' | 'isCancelled' | 'expiresAt' | 'fees'>;

function statusOf(bet: BetLike, now: number): OrderStatus {
  if (bet.isFilled) return 'filled';
  const expired = bet.expiresAt !== undefined && bet.expiresAt <= now;
  // The expiry sweep cancels expired orders; before it runs they still look open.
  if (bet.isCancelled) return expired ? 'expired' : 'canceled';
  return expired ? 'expired' : 'open';
}

export interface MapOrderOptions {
  now?: number;
  /** What the caller asked for when it placed the order (Manifold keeps neither). */
  clientOrderId?: string | null;
  postOnly?: boolean;
  timeInForce?: Order['timeInForce'];
}

/**
 * A limit order (any bet with `limitProb`) → `Order`; null for a market bet, a sale, a
 * redemption or a 2022 DPM bet (outcome other than YES/NO). Manifold orders are mana budgets:
 * `size` is the shares filled plus what the unspent mana buys at the limit (exactly the size asked
 * for while nothing has filled), `remaining` that second part while the order is open.
 */
export function mapLimitOrder(bet: BetLike & { id?: string; betId?: string }, options: MapOrderOptions = {}): Order | null {
  const id = bet.id ?? bet.betId;
  if (id === undefined || bet.limitProb === undefined || bet.orderAmount === undefined) return null;
  if (bet.outcome !== 'YES' && bet.outcome !== 'NO') return null;
  const now = options.now ?? Date.now();
  const limit = Decimal.parse(bet.limitProb);
  const outcomePrice = bet.outcome === 'YES' ? limit : Decimal.ONE.sub(limit);
  const status = statusOf(bet, now);
  const filled = Decimal.parse(bet.shares);
  const left = Decimal.parse(bet.orderAmount).sub(bet.amount);
  const unfilled = left.isPositive() ? left.div(outcomePrice, 18, 'down') : Decimal.ZERO;
  const remaining = status === 'open' ? unfilled : Decimal.ZERO;
  const fees = bet.fees ? Decimal.sum([bet.fees.creatorFee, bet.fees.platformFee, bet.fees.liquidityFee].map((f) => Decimal.parse(f))) : Decimal.ZERO;
  return {
    id,
    clientOrderId: options.clientOrderId ?? null,
    venue: VENUE,
    marketId: marketIdOf(bet.contractId, bet.answerId),
    side: 'buy',
    outcome: bet.outcome === 'YES' ? 'yes' : 'no',
    price: price(outcomePrice),
    size: shares(filled.add(unfilled)),
    filled: shares(filled),
    remaining: shares(remaining),
    averageFillPrice: filled.isPositive() ? price(Decimal.parse(bet.amount).div(filled, 18, 'half-even')) : null,
    fees: fees.normalize().toString(),
    timeInForce: options.timeInForce ?? (bet.expiresAt !== undefined ? 'gtd' : 'gtc'),
    postOnly: options.postOnly ?? false,
    status,
    createdAt: iso(bet.createdTime),
    updatedAt: iso(bet.updatedTime),
    expiresAt: iso(bet.expiresAt),
  };
}

/**
 * The fills of a bet → `Fill`s, priced in the outcome's terms (mana per share) on the 0.01 grid
 * (an AMM fill becomes the two grid parts around its average price, `gridParts`). Fills recorded
 * at placement are the bet's own (taker) fills; fills appended later come from takers that matched
 * this order (maker). A sale's fills are `sell`s. Redemption rows are not trades and give none.
 * Sizes are floored on the running total and end at the bet's own share count, so they add up to
 * the order's `filled`.
 */
export function mapFills(bet: Pick<WireBet, 'id' | 'contractId' | 'answerId' | 'createdTime' | 'outcome' | 'isRedemption' | 'fills' | 'shares'>): Fill[] {
  if (bet.isRedemption || (bet.outcome !== 'YES' && bet.outcome !== 'NO')) return [];
  const fills = (bet.fills ?? []).filter((f) => !Decimal.parse(f.shares).isZero());
  const sizes = flooredSizes(
    fills.map((f) => Decimal.parse(f.shares).abs()),
    Decimal.parse(bet.shares).abs(),
  );
  const out: Fill[] = [];
  fills.forEach((f: WireFill, i) => {
    const size = sizes[i] as Decimal;
    if (!size.isPositive()) return;
    const amount = Decimal.parse(f.amount).abs();
    const fee = f.fees ? Decimal.sum([f.fees.creatorFee, f.fees.platformFee, f.fees.liquidityFee].map((x) => Decimal.parse(x))) : Decimal.ZERO;
    const parts = gridParts(amount, Decimal.parse(f.shares).abs(), size);
    parts.forEach((part, j) => {
      out.push({
        id: parts.length === 1 ? `${bet.id}:${i}` : `${bet.id}:${i}:${j}`,
        orderId: bet.id,
        venue: VENUE,
        marketId: marketIdOf(bet.contractId, bet.answerId),
        side: f.isSale ? 'sell' : 'buy',
        outcome: bet.outcome === 'YES' ? 'yes' : 'no',
        price: part.price,
        size: part.size,
        // Fees are zero today (docs/venues/manifold.md §Rate limits); a historic one goes to the first part.
        fee: j === 0 ? fee.normalize().toString() : '0',
        liquidity: f.timestamp > bet.createdTime ? 'maker' : 'taker',
        timestamp: new Date(f.timestamp).toISOString(),
      });
    });
  });
  return out;
}

/**
 * `ContractMetric` rows → positions, one per outcome held. `isMultipleChoice` tells which
 * contracts are multiple choice: their per-answer rows map to `manifold:<contract>:<answer>` and
 * their summary rows (answerId null) are dropped.
 */
export function mapPositions(metrics: readonly WireContractMetric[], isMultipleChoice: (contractId: string) => boolean): Position[] {
  const out: Position[] = [];
  for (const m of metrics) {
    const multi = isMultipleChoice(m.contractId);
    if (multi === (m.answerId === null)) continue;
    for (const outcome of ['YES', 'NO'] as const) {
      const held = m.totalShares[outcome];
      if (held === undefined) continue;
      const size = Decimal.parse(held).round(OUTPUT_SCALE, 'down');
      if (!size.isPositive()) continue;
      const spent = m.totalSpent?.[outcome];
      out.push({
        venue: VENUE,
        marketId: marketIdOf(m.contractId, m.answerId ?? undefined),
        outcome: outcome === 'YES' ? 'yes' : 'no',
        size: size.normalize().toString(),
        averagePrice: spent !== undefined ? price(Decimal.parse(spent).div(Decimal.parse(held), 18, 'half-even')) : null,
        realizedPnl: null,
        currency: 'MANA',
      });
    }
  }
  return out;
}

/** `GET /me` → the mana balance. Nothing is reserved for resting orders on Manifold. */
export function mapBalance(user: Pick<WireUser, 'balance'>): Balance {
  const balance = Decimal.parse(user.balance).normalize().toString();
  return { venue: VENUE, currency: 'MANA', available: balance, total: balance };
}

/** The body of `POST /bet` (decimals as text; `betRequestJson` writes them as JSON numbers). */
export interface BetRequestBody {
  contractId: string;
  answerId?: string;
  outcome: 'YES' | 'NO';
  /** Mana. */
  amount: string;
  limitProb: string;
  expiresAt?: number;
}

/**
 * A normalized limit order → the Manifold bet that does the same thing. Buying YES at q is a YES
 * bet at q; buying NO at q (NO terms) is a NO bet at 1 − q; selling YES at q is buying NO at
 * 1 − q, i.e. a NO bet at q (the venue redeems the pairs); selling NO likewise. The mana is
 * size × the price paid per share. Refuses what Manifold cannot do: prices off the 0.01 grid or
 * outside 0.01–0.99, under Ṁ1, reduce-only, and fok (nothing fills all-or-none). Post-only and ioc
 * are the caller's to emulate (a check before, a cancel after: trading.ts): the bet is the same.
 */
export function buildBetRequest(req: PlaceOrderRequest, target: { contractId: string; answerId?: string }): BetRequestBody {
  const fail = (why: string) => new InvalidOrder(`manifold: ${why}`, { venue: VENUE });
  const tif = req.timeInForce ?? 'gtc';
  if (tif === 'fok') throw fail('time in force fok is not supported (a bet fills what it can and rests the rest)');
  if (req.reduceOnly) throw fail('reduce-only orders are not supported');
  const q = Decimal.parse(req.price);
  if (!q.isMultipleOf(TICK) || q.lt(TICK) || q.gt('0.99')) throw fail(`price ${req.price} is not on the 0.01 grid between 0.01 and 0.99`);
  const size = Decimal.parse(req.size);
  if (!size.isPositive()) throw fail('size must be positive');
  const buysYes = (req.side === 'buy') === (req.outcome === 'yes');
  // The YES probability of the bet, and the price per share of the outcome bought.
  const paid = req.side === 'buy' ? q : Decimal.ONE.sub(q);
  const limitProb = req.outcome === 'yes' ? q : Decimal.ONE.sub(q);
  const amount = size.mul(paid).normalize();
  if (amount.lt(MIN_BET_MANA)) throw fail(`the order costs Ṁ${amount.toString()}, under the Ṁ${MIN_BET_MANA} minimum`);
  let expiresAt: number | undefined;
  if (tif === 'gtd') {
    if (req.expiresAt === undefined) throw fail('gtd needs expiresAt');
    expiresAt = Date.parse(req.expiresAt);
  }
  return {
    contractId: target.contractId,
    ...(target.answerId !== undefined ? { answerId: target.answerId } : {}),
    outcome: buysYes ? 'YES' : 'NO',
    amount: amount.toString(),
    limitProb: limitProb.normalize().toString(),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  };
}

/** The JSON of a bet request with the decimals written as JSON numbers (no float conversion). */
export function betRequestJson(body: BetRequestBody): string {
  const parts = [`"contractId":${JSON.stringify(body.contractId)}`];
  if (body.answerId !== undefined) parts.push(`"answerId":${JSON.stringify(body.answerId)}`);
  parts.push(`"outcome":"${body.outcome}"`, `"amount":${Decimal.parse(body.amount).toString()}`, `"limitProb":${Decimal.parse(body.limitProb).toString()}`);
  if (body.expiresAt !== undefined) parts.push(`"expiresAt":${body.expiresAt}`);
  return `{${parts.join(',')}}`;
}

/**
 * Manifold has no client order ids. After a lost `POST /bet` reply, the bet is found among the
 * user's bets on the contract (`GET /bets?userId&contractId&after…`): the newest one created at or
 * after `sentAt − skewMs` with the same answer, outcome, limit price and order amount.
 */
export function findPlacedBet(bets: readonly WireBet[], body: BetRequestBody, sentAt: number, skewMs = 5_000): WireBet | undefined {
  const amount = Decimal.parse(body.amount);
  const limit = Decimal.parse(body.limitProb);
  const hits = bets.filter(
    (b) =>
      b.contractId === body.contractId &&
      (b.answerId ?? undefined) === body.answerId &&
      b.outcome === body.outcome &&
      b.limitProb !== undefined &&
      Decimal.parse(b.limitProb).eq(limit) &&
      b.orderAmount !== undefined &&
      Decimal.parse(b.orderAmount).eq(amount) &&
      b.createdTime >= sentAt - skewMs,
  );
  return hits.sort((a, b) => b.createdTime - a.createdTime)[0];
}

/** The `POST /bet` reply → the order it created (`betId`, no `id`). */
export function mapPlacedBet(placed: WirePlacedBet, options: MapOrderOptions = {}): Order | null {
  return mapLimitOrder({ ...placed, id: placed.betId }, options);
}
