/**
 * Orders, trades, positions and balances as Opinion serves them (docs/venues/opinion.md §6.7,
 * §8), key sets and number forms as recorded (`order-create.json`, `order-list.json`,
 * `user-trades.json`, `user-positions.json`, `user-balance.json`): REST `side` is 1 Buy / 2 Sell;
 * filled amounts print 18 decimals; a market buy's `price` is its average fill price and its
 * `orderShares` the amount divided by that price; a trade's `usdAmount` is its amount × 10¹⁸;
 * trades carry `fee` as a string and the `feeFormatted` the official SDK reads.
 */
import { Decimal } from '../../../src/core/decimal.js';
import { ownPrice, priceAt, type MarketBook } from './books.js';
import { CHAIN_ID_TEXT, USDT_DECIMALS, WEI } from './constants.js';
import { fmtMicro, fmtWei, fmtWei18, seconds } from './format.js';
import { STATUS_ENUM, type SimMarket, type Universe } from './generate.js';
import type { Ledger } from './ledger.js';
import { ORDER_STATUS_ENUM, type SimOrder, type TradeRow } from './records.js';

type Json = Record<string, unknown>;

const AVG_DECIMALS = 16;

function dec(wei: bigint): Decimal {
  return Decimal.fromUnits(wei, 18);
}

function ratio(num: bigint, den: bigint): string {
  if (den === 0n) return '0';
  return dec(num).div(dec(den), AVG_DECIMALS, 'half-even').normalize().toString();
}

function zeroOr18(wei: bigint): string {
  return wei === 0n ? '0' : fmtWei18(wei);
}

export function rootFields(universe: Universe, m: SimMarket): { rootMarketId: number; rootMarketTitle: string } {
  const parent = m.parentId === null ? undefined : universe.parentsById.get(m.parentId);
  return { rootMarketId: parent?.marketId ?? 0, rootMarketTitle: parent?.title ?? '' };
}

function outcomeFields(m: SimMarket, outcome: 'yes' | 'no') {
  return {
    outcome: outcome === 'yes' ? m.yesLabel : m.noLabel,
    outcomeSide: outcome === 'yes' ? 1 : 2,
    outcomeSideEnum: outcome === 'yes' ? 'Yes' : 'No',
  };
}

/** `orderShares`, `orderAmount` and `price` of an order. */
export function orderSizes(o: SimOrder): { price: string; orderShares: string; orderAmount: string } {
  if (o.method === 'limit') {
    return { price: fmtMicro(o.priceMicro), orderShares: fmtWei(o.sharesWei), orderAmount: fmtWei(o.usdtWei) };
  }
  const price = ratio(o.filledAmount, o.filledShares);
  if (o.side === 'buy') {
    const shares = o.filledShares === 0n ? '0' : dec(o.usdtWei).div(Decimal.parse(price), 15, 'down').normalize().toString();
    return { price, orderShares: shares, orderAmount: fmtWei18(o.usdtWei) };
  }
  return { price, orderShares: fmtWei(o.sharesWei), orderAmount: zeroOr18(o.filledAmount) };
}

export function tradeObject(universe: Universe, t: TradeRow): Json {
  return {
    amount: fmtWei(t.amountWei),
    chainId: CHAIN_ID_TEXT,
    createdAt: t.createdAtS,
    fee: fmtWei18(t.feeWei),
    feeFormatted: fmtWei(t.feeWei),
    marketId: t.market.marketId,
    marketTitle: t.market.title,
    orderNo: t.orderId,
    ...outcomeFields(t.market, t.outcome),
    price: fmtWei18(BigInt(t.priceMicro) * 1_000_000_000_000n),
    profit: fmtWei18(0n),
    quoteToken: t.market.quoteToken,
    quoteTokenUsdPrice: fmtWei18(WEI),
    ...rootFields(universe, t.market),
    shares: fmtWei(t.sharesWei),
    side: t.side,
    status: 2,
    statusEnum: 'Finished',
    tokenId: t.tokenId,
    tradeNo: t.tradeNo,
    txHash: t.txHash,
    usdAmount: `${t.amountWei}.000000000000000000`,
  };
}

export function orderObject(universe: Universe, o: SimOrder, trades: TradeRow[] | null): Json {
  const sizes = orderSizes(o);
  return {
    createdAt: seconds(o.createdAtMs),
    expiresAt: o.expiresAtS,
    filledAmount: zeroOr18(o.filledAmount),
    filledShares: zeroOr18(o.filledShares),
    marketId: o.market.marketId,
    marketTitle: o.market.title,
    orderAmount: sizes.orderAmount,
    orderId: o.orderId,
    orderShares: sizes.orderShares,
    ...outcomeFields(o.market, o.outcome),
    postOnly: o.postOnly,
    price: sizes.price,
    profit: '0',
    quoteToken: o.market.quoteToken,
    ...rootFields(universe, o.market),
    side: o.side === 'buy' ? 1 : 2,
    sideEnum: o.side === 'buy' ? 'Buy' : 'Sell',
    status: o.status,
    statusEnum: ORDER_STATUS_ENUM[o.status],
    trades: trades ? trades.map((t) => tradeObject(universe, t)) : [],
    tradingMethod: o.method === 'market' ? 1 : 2,
    tradingMethodEnum: o.method === 'market' ? 'Market' : 'Limit',
    tradingUnit: o.side === 'buy' ? 1 : 2,
    tradingUnitEnum: o.side === 'buy' ? 'quote' : 'base',
    transNo: o.orderId,
  };
}

export interface PositionContext {
  universe: Universe;
  book(market: SimMarket): MarketBook | undefined;
  markPrice(mb: MarketBook): number | undefined;
  nowS: number;
}

export function positionObject(ctx: PositionContext, p: { tokenId: string; shares: bigint; frozen: bigint; cost: bigint }): Json | undefined {
  const hit = ctx.universe.byToken.get(p.tokenId);
  if (!hit) return undefined;
  const { market: m, outcome } = hit;
  const mb = ctx.book(m);
  const resolved = m.status === 4;
  const yesMark = resolved ? (m.resultTokenId === m.yesTokenId ? 1_000_000 : 0) : mb ? ctx.markPrice(mb) : undefined;
  const mark = yesMark === undefined ? (mb ? priceAt(mb, outcome, ctx.nowS) ?? 0 : 0) : ownPrice(yesMark, outcome);
  const value = (p.shares * BigInt(mark)) / 1_000_000n;
  const pnl = value - p.cost;
  const parent = m.parentId === null ? undefined : ctx.universe.parentsById.get(m.parentId);
  const won = resolved && m.resultTokenId === p.tokenId;
  return {
    avgEntryPrice: ratio(p.cost, p.shares),
    claimStatus: won ? 1 : 0,
    claimStatusEnum: won ? 'WaitClaim' : 'CanNotClaim',
    conditionId: m.conditionId,
    currentValueInQuoteToken: fmtWei(value),
    dailyPnlChange: '',
    dailyPnlChangePercent: '',
    marketCutoffAt: m.cutoffAt || parent?.cutoffAt || 0,
    marketId: m.marketId,
    marketStatus: m.status,
    marketStatusEnum: STATUS_ENUM[m.status],
    marketTitle: m.title,
    ...outcomeFields(m, outcome),
    quoteToken: m.quoteToken,
    ...rootFields(ctx.universe, m),
    sharesFrozen: fmtWei(p.frozen),
    sharesOwned: fmtWei(p.shares),
    tokenId: p.tokenId,
    unrealizedPnl: fmtWei(pnl),
    unrealizedPnlPercent: ratio(pnl, p.cost),
  };
}

export function balanceObject(ledger: Ledger, account: { eoa: string; safe: string }, wallet: string, quoteToken: string): Json {
  const w = ledger.wallet(wallet);
  return {
    balances: [
      {
        availableBalance: fmtWei(w.usdt - w.frozenUsdt),
        frozenBalance: fmtWei(w.frozenUsdt),
        quoteToken: quoteToken.toLowerCase(),
        tokenDecimals: USDT_DECIMALS,
        totalBalance: fmtWei(w.usdt),
      },
    ],
    chainId: CHAIN_ID_TEXT,
    multiSignAddress: account.safe,
    walletAddress: account.eoa,
  };
}
