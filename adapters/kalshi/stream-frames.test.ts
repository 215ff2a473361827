import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VenueFormatError } from '../../src/core/index.js';
import { IsoClock, deltaFields, fastDelta, matchDeltaFrame } from './stream-frames.js';
import { WsDeltaMsg } from './wire-ws.js';

const good = {
  market_ticker: 'KXEPLGAME-26AUG30MUNIPS-MUN',
  market_id: 'ed4b69cb-69c4-49b2-be65-9ab6b3351357',
  price_dollars: '0.7200',
  delta_fp: '-6674.00',
  side: 'no',
  ts: '2026-08-30T05:31:52.107014Z',
  ts_ms: 1788067912107,
};

describe('orderbook_delta fast check', () => {
  it('reads a recorded delta exactly', () => {
    expect(fastDelta(good)).toEqual({ ticker: good.market_ticker, price: 720_000, delta: -6_674_000_000, side: 'no', tsMs: 1788067912107 });
  });

  it('hands anything unusual to the schema, which names the field', () => {
    const bad: unknown[] = [
      { ...good, side: 'maybe' },
      { ...good, price_dollars: 72 },
      { ...good, price: 72 }, // legacy integer field
      { ...good, delta_fp: '1e3' },
      { ...good, price_dollars: '.72' },
      { ...good, market_ticker: '' },
    ];
    for (const m of bad) {
      expect(fastDelta(m)).toBeNull();
      expect(() => deltaFields(m)).toThrow(VenueFormatError);
    }
    try {
      deltaFields({ ...good, side: 'maybe' });
    } catch (err) {
      expect((err as Error).message).toContain('ws orderbook_delta');
      expect((err as Error).message).toContain('side');
    }
    try {
      deltaFields({ ...good, price: 72 });
    } catch (err) {
      expect((err as Error).message).toMatch(/^legacy format/);
    }
  });

  it('never accepts a frame the zod schema rejects (property)', () => {
    const decimalish = fc.oneof(
      fc.stringMatching(/^-?\d{1,6}(\.\d{0,8})?$/),
      fc.stringMatching(/^[-.\d]{0,8}$/),
      fc.constantFrom('0.5', '.5', '5.', '-', '', '1e2', '0.4200', '-0.01'),
    );
    const frame = fc.record(
      {
        market_ticker: fc.oneof(fc.constant('KX-1'), fc.constant(''), fc.integer()),
        price_dollars: fc.oneof(decimalish, fc.integer()),
        delta_fp: fc.oneof(decimalish, fc.integer()),
        side: fc.constantFrom('yes', 'no', 'bid', 1),
        ts_ms: fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.double(), fc.string()),
        price: fc.oneof(fc.constant(undefined), fc.integer()),
        market_id: fc.oneof(fc.constant(undefined), fc.string(), fc.integer()),
      },
      { requiredKeys: ['side'] },
    );
    fc.assert(
      fc.property(frame, (m) => {
        const plain = JSON.parse(JSON.stringify(m)) as unknown;
        if (fastDelta(plain) !== null) expect(WsDeltaMsg.safeParse(plain).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads compact frames without JSON.parse, identically to the generic path', () => {
    const frame = { type: 'orderbook_delta', sid: 1, seq: 2, msg: good };
    const text = JSON.stringify(frame);
    expect(matchDeltaFrame(text)).toEqual({ sid: 1, seq: 2, fields: deltaFields(good) });
    const withCoid = JSON.stringify({ ...frame, msg: { ...good, ts: undefined, client_order_id: 'c-1', subaccount: 0 } });
    expect(matchDeltaFrame(withCoid)?.fields).toEqual(deltaFields({ ...good, ts: undefined, client_order_id: 'c-1', subaccount: 0 }));
    // Other layouts are left to the generic path.
    expect(matchDeltaFrame(JSON.stringify(frame, null, 2))).toBeNull();
    expect(matchDeltaFrame(JSON.stringify({ sid: 1, type: 'orderbook_delta', seq: 2, msg: good }))).toBeNull();
    expect(matchDeltaFrame(JSON.stringify({ ...frame, msg: { ...good, extra: 1 } }))).toBeNull();
    expect(matchDeltaFrame(JSON.stringify({ ...frame, msg: { ...good, market_ticker: 'A"B' } }))).toBeNull();
  });

  it('a frame read by the compact path is one the schema accepts, with the same fields (property)', () => {
    const value = fc.oneof(fc.stringMatching(/^-?\d{0,4}(\.\d{0,7})?$/), fc.constantFrom('1', '0.5', '-0.25', '12.00'));
    const msg = fc.record({
      market_ticker: fc.oneof(fc.constant('KX-1'), fc.stringMatching(/^[A-Z0-9.-]{0,6}$/)),
      market_id: fc.string({ maxLength: 4 }),
      price_dollars: value,
      delta_fp: value,
      side: fc.constantFrom('yes', 'no', 'nope'),
      ts_ms: fc.oneof(fc.constant(undefined), fc.nat()),
    });
    fc.assert(
      fc.property(fc.nat(), fc.nat(), msg, (sid, seq, m) => {
        const text = JSON.stringify({ type: 'orderbook_delta', sid, seq, msg: m });
        const hit = matchDeltaFrame(text);
        if (hit === null) return;
        const parsed = JSON.parse(text) as { sid: number; seq: number; msg: unknown };
        expect(WsDeltaMsg.safeParse(parsed.msg).success).toBe(true);
        expect(hit).toEqual({ sid: parsed.sid, seq: parsed.seq, fields: deltaFields(parsed.msg) });
      }),
      { numRuns: 3000 },
    );
  });

  it('IsoClock memoizes per millisecond', () => {
    const c = new IsoClock();
    expect(c.iso(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(c.iso(0)).toBe(c.iso(0));
    expect(c.iso(1)).toBe('1970-01-01T00:00:00.001Z');
  });
});
