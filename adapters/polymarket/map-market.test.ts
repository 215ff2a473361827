import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapGammaEvent, mapGammaMarketOrNull, statusOf, tradingInfoFromClob } from './map-market.js';
import { ClobMarketSchema } from './wire-clob.js';
import { numberToDecimalString } from './wire-common.js';
import { GammaEventListSchema, GammaMarketListSchema, GammaMarketSchema } from './wire-gamma.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as unknown;
const NOW = () => new Date('2026-09-01T00:00:00Z');

describe('Gamma market → Market', () => {
  const basket = GammaMarketListSchema.parse(fixture('gamma-markets-gta-vi-basket.json'));

  it('parses the JSON-encoded string fields', () => {
    const m = basket[0];
    expect(m?.outcomes).toEqual(['Yes', 'No']);
    expect(m?.outcomePrices).toEqual(['0.51', '0.49']);
    expect(m?.clobTokenIds).toEqual([
      '98022490269692409998126496127597032490334070080325855126491859374983463996227',
      '53831553061883006530739877284105938919721408776239639687877978808906551086026',
    ]);
  });

  it('normalizes a binary market from its YES token with the NO token linked', () => {
    const market = mapGammaMarketOrNull(basket[0] as NonNullable<(typeof basket)[0]>, { now: NOW });
    expect(market).toMatchObject({
      id: 'polymarket:0x1fad72fae204143ff1c3035e99e7c0f65ea8d5cd9bd1070987bd1a3316f772be',
      venue: 'polymarket',
      nativeId: '0x1fad72fae204143ff1c3035e99e7c0f65ea8d5cd9bd1070987bd1a3316f772be',
      eventId: 'polymarket:23784',
      yesLabel: 'Yes',
      noLabel: 'No',
      status: 'open',
      currency: 'pUSD',
      realMoney: true,
      bestBid: '0.5',
      bestAsk: '0.52',
      lastPrice: '0.5',
      tickSize: '0.01',
      tickRanges: [{ start: '0', end: '1', step: '0.01' }],
      minOrderSize: '5',
      closeTime: '2026-07-31T12:00:00.000Z',
      // Gamma reports dollar notional only: contracts unknown, notional kept separately.
      volume: null,
      volume24h: null,
      volumeNotional: '832995.125818007',
      volume24hNotional: '2502.2865490000004',
      url: 'https://polymarket.com/event/what-will-happen-before-gta-vi',
    });
    expect(market?.extra).toMatchObject({
      yesTokenId: '98022490269692409998126496127597032490334070080325855126491859374983463996227',
      noTokenId: '53831553061883006530739877284105938919721408776239639687877978808906551086026',
      negRisk: false,
      protocolVersion: 'v1',
      feeRate: '0.05',
      feeTakerOnly: true,
    });
  });

  it('surfaces neg-risk markets and their 0.001 tick', () => {
    const [m] = GammaMarketListSchema.parse(fixture('gamma-markets.json'));
    const market = mapGammaMarketOrNull(m as NonNullable<typeof m>, { now: NOW });
    expect(market?.extra.negRisk).toBe(true);
    expect(market?.extra.negRiskMarketId).toBe('0x55ab76d092f682bf5cbb7e14f13ee12f8410ce7cc1b7906f23b8fb56c11f6500');
    expect(market?.tickSize).toBe('0.001');
    expect(market?.eventId).toBe('polymarket:411239');
  });

  it('maps a settled sports market as resolved YES with its named outcomes and Postgres-style closedTime', () => {
    const m = GammaMarketSchema.parse(fixture('gamma-market-sports-moneyline.json'));
    expect(statusOf(m)).toEqual({ status: 'resolved', result: 'yes' });
    const market = mapGammaMarketOrNull(m, { now: NOW });
    expect(market).toMatchObject({ yesLabel: 'FaZe', noLabel: 'illwill', status: 'resolved', result: 'yes', bestAsk: null });
  });

  it('maps Protocol-V2 markets from positionIds and marks them for ExchangeV3', () => {
    const raw = { ...(fixture('gamma-market-crypto-updown-5m.json') as Record<string, unknown>), version: 'v2', positionIds: ['111', '222'] };
    const market = mapGammaMarketOrNull(GammaMarketSchema.parse(raw), { now: NOW });
    expect(market?.extra).toMatchObject({ yesTokenId: '111', noTokenId: '222', protocolVersion: 'v2' });
    expect(market?.yesLabel).toBe('Up');
  });

  it('skips undeployed markets (empty conditionId) and keeps the raw payload only on request', () => {
    const events = GammaEventListSchema.parse(fixture('gamma-events.json'));
    const kraken = events[0]?.markets?.find((m) => m.id === '1642124');
    expect(kraken?.conditionId).toBe('');
    expect(mapGammaMarketOrNull(kraken as NonNullable<typeof kraken>)).toBeNull();
    const m = basket[1] as NonNullable<(typeof basket)[1]>;
    expect(mapGammaMarketOrNull(m)?.raw).toBeUndefined();
    expect(mapGammaMarketOrNull(m, { includeRaw: true })?.raw).toBe(m);
  });
});

describe('Gamma event → Event', () => {
  it('groups markets, drops undeployed ones and flags neg-risk events as mutually exclusive', () => {
    const [kraken] = GammaEventListSchema.parse(fixture('gamma-events.json'));
    const ev = mapGammaEvent(kraken as NonNullable<typeof kraken>, { now: NOW });
    expect(ev).toMatchObject({ id: 'polymarket:16183', title: 'Kraken IPO by ___ ?', mutuallyExclusive: false, category: 'Crypto' });
    expect(ev.marketIds).toHaveLength(3);
    expect(ev.markets?.every((m) => m.eventId === 'polymarket:16183')).toBe(true);
    const negRisk = mapGammaEvent({ ...(kraken as NonNullable<typeof kraken>), negRisk: true });
    expect(negRisk.mutuallyExclusive).toBe(true);
  });
});

describe('CLOB market → trading info', () => {
  it('reads tokens, tick and minimum size', () => {
    const info = tradingInfoFromClob(ClobMarketSchema.parse(fixture('clob-market-closed-accepting-false.json')));
    expect(info).toEqual({
      conditionId: '0x8ccc3f4951ff02c1d34b87988752b4444ad17228732780a6cf22afefe8478bb6',
      yesTokenId: '108872296183993054938831082799825620165440189659433018108548854929333464287226',
      noTokenId: '89711174926330519158043401581181146613785179104141808554061413232025882707365',
      tickSize: '0.001',
      minOrderSize: '5',
      negRisk: false,
      protocolVersion: 'v1',
    });
  });
});

describe('wire numbers', () => {
  it('keeps JSON numbers as their exact decimal text', () => {
    expect(numberToDecimalString(46224362.39541418)).toBe('46224362.39541418');
    expect(numberToDecimalString(1e-7)).toBe('0.0000001');
    expect(numberToDecimalString(1.5e21)).toBe('1500000000000000000000');
    expect(numberToDecimalString(0.001)).toBe('0.001');
  });
});
