import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { FaultInjector, faultMiddleware } from './faults.js';

function app(f: FaultInjector) {
  const a = new Hono();
  a.use('*', faultMiddleware(f, { rateLimitBody: { error: 'too many requests' }, serverErrorBody: 'boom', serverErrorStatus: 503 }));
  a.get('/x', (c) => c.json({ ok: true }));
  return a;
}

describe('FaultInjector', () => {
  it('answers 429 for the next N requests with the venue body and no Retry-After', async () => {
    const f = new FaultInjector();
    const a = app(f);
    f.rateLimitStorm({ requests: 2 });
    const r1 = await a.request('/x');
    const r2 = await a.request('/x');
    const r3 = await a.request('/x');
    expect([r1.status, r2.status, r3.status]).toEqual([429, 429, 200]);
    expect(await r1.json()).toEqual({ error: 'too many requests' });
    expect(r1.headers.get('retry-after')).toBeNull();
    expect(f.injected.rateLimited).toBe(2);
  });

  it('storm until a time ends when the time passes', () => {
    const f = new FaultInjector();
    f.rateLimitStorm({ untilMs: 1000 });
    expect(f.takeRateLimit(500)).toBe(true);
    expect(f.takeRateLimit(1000)).toBe(false);
    expect(f.takeRateLimit(10)).toBe(false);
  });

  it('injects 5xx at the configured rate with the given body', async () => {
    const f = new FaultInjector({ serverErrorRate: 1 });
    const r = await app(f).request('/x');
    expect(r.status).toBe(503);
    expect(await r.text()).toBe('boom');
    f.serverErrorRate = 0;
    expect((await app(f).request('/x')).status).toBe(200);
  });

  it('adds latency', async () => {
    const f = new FaultInjector({ latencyMs: 5 });
    const r = await app(f).request('/x');
    expect(r.status).toBe(200);
    expect(f.injected.latency).toBe(1);
  });

  it('WS knobs are counted and consumed', () => {
    const f = new FaultInjector();
    let drops = 0;
    const off = f.onDropSockets(() => drops++);
    f.dropSockets();
    off();
    f.dropSockets();
    expect(drops).toBe(1);
    f.sequenceGap(2);
    expect([f.takeSequenceGap(), f.takeSequenceGap(), f.takeSequenceGap()]).toEqual([true, true, false]);
    f.malformedFrames();
    expect([f.takeMalformedFrame(), f.takeMalformedFrame()]).toEqual([true, false]);
    f.missPings = true;
    f.reset();
    expect(f.missPings).toBe(false);
  });
});
