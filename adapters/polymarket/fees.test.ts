import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Market } from '../../src/core/index.js';
import { parseWire } from './errors.js';
import { feeScheduleFrom, quotePolymarketOrderFee, tradeFee } from './fees.js';
import { mapGammaMarketOrNull } from './map-market.js';
import { GammaMarketSchema } from './wire-gamma.js';

describe('V2 taker fee (docs/venues/polymarket.md §6.11)', () => {
  const schedule = { rate: '0.05', exponent: 1, takerOnly: true };

  it('charges shares × rate × p(1-p), floored to 5 decimals', () => {
    // 100 × 0.05 × 0.57 × 0.43 = 1.2255
    expect(tradeFee({ schedule, price: '0.57', shares: '100', liquidity: 'taker' })).toBe('1.2255');
    // 7 × 0.05 × 0.333 × 0.667 = 0.07773885 → 0.07773
    expect(tradeFee({ schedule, price: '0.333', shares: '7', liquidity: 'taker' })).toBe('0.07773');
  });

  it('applies the exponent', () => {
    // 100 × 0.05 × (0.25)^2 = 0.3125
    expect(tradeFee({ schedule: { ...schedule, exponent: 2 }, price: '0.5', shares: '100', liquidity: 'taker' })).toBe('0.3125');
  });

  it('charges makers nothing and markets without a schedule nothing', () => {
    expect(tradeFee({ schedule, price: '0.57', shares: '100', liquidity: 'maker' })).toBe('0');
    expect(tradeFee({ schedule: null, price: '0.57', shares: '100', liquidity: 'taker' })).toBe('0');
  });

  it('reads the schedule from a market extra map', () => {
    expect(feeScheduleFrom({ feeRate: '0.03', feeExponent: '1', feeTakerOnly: true })).toEqual({ rate: '0.03', exponent: 1, takerOnly: true });
    expect(feeScheduleFrom({ feeRate: null })).toBeNull();
  });
});

describe('order fee quote from the market schedule (venues/polymarket.md §6.11)', () => {
  const dir = join(fileURLToPath(new URL('.', import.meta.url)), '__fixtures__');
  function market(file: string, index = 0): Market {
    const raw = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
    const list = Array.isArray(raw) ? raw : [raw];
    const m = mapGammaMarketOrNull(parseWire(GammaMarketSchema, list[index], 'GET /markets'));
    if (!m) throw new Error(`no market in ${file}[${index}]`);
    return m;
  }
  const order = (m: Market, fills: [string, string][], liquidity: 'taker' | 'maker' = 'taker') =>
    quotePolymarketOrderFee({ market: m, outcome: 'yes', side: 'buy', liquidity, fills });

  it('applies each market its own category schedule, per fill', () => {
    // Economics (rate 0.05): 100 × 0.05 × 0.5 × 0.5 = 1.25, the docs' table peak for that category.
    const econ = market('gamma-markets.json', 1);
    expect(econ.extra['feeType']).toBe('economics_fees');
    expect(order(econ, [['0.5', '100']])).toMatchObject({ fee: '1.25', currency: 'pUSD', estimated: false });
    // Sports moneyline (rate 0.03): 100 × 0.03 × 0.25 = 0.75 at the peak; 100 at 0.30 → 0.63.
    const sports = market('gamma-market-sports-moneyline.json');
    expect(order(sports, [['0.5', '100']])?.fee).toBe('0.75');
    expect(order(sports, [['0.3', '100']])?.fee).toBe('0.63');
    // Two levels, each floored: 7 × 0.03 × 0.333 × 0.667 = 0.046645... → 0.04664; 3 × 0.03 × 0.34 × 0.66 = 0.020196.
    expect(order(sports, [['0.333', '7'], ['0.34', '3']])?.fee).toBe('0.06683');
    // Makers pay nothing.
    expect(order(sports, [['0.5', '100']], 'maker')?.fee).toBe('0');
  });

  it('quotes fee-free markets as zero and unknown schedules as null', () => {
    const free = market('gamma-market-by-slug.json');
    expect(free.extra['feeType']).toBeNull();
    expect(order(free, [['0.5', '100']])).toMatchObject({ fee: '0', estimated: false });
    // Fee-enabled crypto market whose payload has a fee category but no schedule: unknown, not free.
    const crypto = market('gamma-market-crypto-updown-5m.json');
    expect(crypto.extra['feeType']).toBe('crypto_fees');
    expect(order(crypto, [['0.5', '100']])).toBeNull();
    const unmapped = { ...free, extra: {} };
    expect(order(unmapped, [['0.5', '100']])).toBeNull();
  });
});
