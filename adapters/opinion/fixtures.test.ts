import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VenueFormatError } from '../../src/core/index.js';
import { parseEnvelope } from './wire.js';
import { LatestPriceSchema, MarketDetailSchema, MarketListSchema, OrderbookSchema, PriceHistorySchema, QuoteTokenSchema } from './wire-market.js';
import { BalanceSchema, CancelResultSchema, OrderDataSchema, OrderListSchema, PositionListSchema, TradeListSchema } from './wire-account.js';
import { parseWsFrame } from './wire-ws.js';

/** Every recorded payload in __fixtures__ parses with the schema of its endpoint. */
function raw(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

const CASES: [string, Parameters<typeof parseEnvelope>[0], string][] = [
  ['market-binary.json', MarketDetailSchema, 'GET /market/{marketId}'],
  ['market-binary-resolved-custom-labels.json', MarketDetailSchema, 'GET /market/{marketId}'],
  ['market-categorical.json', MarketDetailSchema, 'GET /market/categorical/{marketId}'],
  ['market-categorical-child.json', MarketDetailSchema, 'GET /market/{marketId}'],
  ['market-list.truncated.json', MarketListSchema, 'GET /market'],
  ['market-list-resolved.json', MarketListSchema, 'GET /market'],
  ['token-orderbook.json', OrderbookSchema, 'GET /token/orderbook'],
  ['token-orderbook-no.json', OrderbookSchema, 'GET /token/orderbook'],
  ['token-orderbook-one-sided.json', OrderbookSchema, 'GET /token/orderbook'],
  ['token-latest-price.json', LatestPriceSchema, 'GET /token/latest-price'],
  ['token-price-history-1h.json', PriceHistorySchema, 'GET /token/price-history'],
  ['token-price-history-1d.json', PriceHistorySchema, 'GET /token/price-history'],
  ['order-create.json', OrderDataSchema, 'POST /order'],
  ['order-list.json', OrderListSchema, 'GET /order'],
  ['order-cancel.json', CancelResultSchema, 'POST /order/cancel'],
  ['user-trades.json', TradeListSchema, 'GET /trade/user/{walletAddress}'],
  ['user-positions.json', PositionListSchema, 'GET /positions/user/{walletAddress}'],
  ['user-balance.json', BalanceSchema, 'GET /user/balance'],
];

describe('recorded Opinion payloads', () => {
  it('parse with the schemas of their endpoints', () => {
    for (const [file, schema, endpoint] of CASES) {
      const out = parseEnvelope(schema, JSON.parse(raw(file)), endpoint);
      expect(out.ok, file).toBe(true);
    }
  });

  it('reads the recorded error envelope as a venue error, not a format error', () => {
    expect(parseEnvelope(MarketDetailSchema, JSON.parse(raw('error-envelope-10200.json')), 'GET /market/{marketId}')).toEqual({
      ok: false,
      errno: 10200,
      errmsg: 'Topic ID does not exist',
    });
  });

  it('canonicalizes recorded decimals: 18-place amounts, float artefacts kept exact', () => {
    const list = parseEnvelope(OrderListSchema, JSON.parse(raw('order-list.json')), 'GET /order');
    expect(list.ok && list.result.list[0]).toMatchObject({ orderAmount: '2', filledAmount: '1.905668', filledShares: '68.54', price: '0.0278037350452291' });
    const book = parseEnvelope(OrderbookSchema, JSON.parse(raw('token-orderbook.json')), 'GET /token/orderbook');
    expect(book.ok && book.result.bids[1]).toEqual({ price: '0.65', size: '35.379999999999995' });
    const trades = parseEnvelope(TradeListSchema, JSON.parse(raw('user-trades.json')), 'GET /trade');
    expect(trades.ok && trades.result.list[1]).toMatchObject({ fee: '0.00116316638928', price: '0.027', side: 'buy', outcomeSide: 1 });
  });

  it('parses the one recorded quote-token entry with its exchange and decimals', () => {
    expect(QuoteTokenSchema.parse(JSON.parse(raw('quote-token-list-item.json')))).toMatchObject({ ctfExchangeAddress: '0x5f45344126d6488025b0b84a3a8189f2487a7246', decimal: 18 });
  });

  it('parses the documented WebSocket samples of every channel', () => {
    const frames = [...raw('ws-market-channels.docs-sample.ndjson').trim().split('\n'), ...raw('ws-user-channels.docs-sample.ndjson').trim().split('\n')].map(parseWsFrame);
    expect(frames.map((f) => (f.kind === 'data' ? f.frame.msgType : f.kind))).toEqual([
      'market.depth.diff',
      'market.last.price',
      'market.last.trade',
      'trade.order.update',
      'trade.record.new',
    ]);
  });

  it('names venue, endpoint and field when a recorded shape changes', () => {
    const body = JSON.parse(raw('token-orderbook.json'));
    body.result.bids[2].price = 0.64;
    expect(() => parseEnvelope(OrderbookSchema, body, 'GET /token/orderbook')).toThrow(VenueFormatError);
    expect(() => parseEnvelope(OrderbookSchema, body, 'GET /token/orderbook')).toThrow(/^opinion GET \/token\/orderbook: unexpected payload at result\.bids\[2\]\.price/);
    expect(() => parseEnvelope(OrderbookSchema, { code: 0, msg: '', result: {} }, 'GET /token/orderbook')).toThrow(/errno/);
  });
});
