import { describe, expect, it, vi } from 'vitest';
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

  it('scopes storms and one-shot 5xx to a route', async () => {
    const f = new FaultInjector();
    const a = app(f);
    a.post('/orders', (c) => c.json({ created: true }, 201));
    f.rateLimitStorm({ requests: 1, route: { method: 'POST' } });
    expect((await a.request('/x')).status).toBe(200);
    expect((await a.request('/orders', { method: 'POST' })).status).toBe(429);
    expect((await a.request('/orders', { method: 'POST' })).status).toBe(201);
    f.serverErrors(1, { route: { method: 'GET', path: /^\/x$/ }, status: 502 });
    expect((await a.request('/orders', { method: 'POST' })).status).toBe(201);
    const failed = await a.request('/x');
    expect(failed.status).toBe(502);
    expect(await failed.text()).toBe('boom');
    expect((await a.request('/x')).status).toBe(200);
    f.serverErrors(1);
    expect((await a.request('/x')).status).toBe(503);
    expect(f.injected).toMatchObject({ rateLimited: 1, serverErrors: 2 });
  });

  it('a lost response: the request is applied, then a gateway error replaces the answer', async () => {
    const f = new FaultInjector();
    const a = app(f);
    let applied = 0;
    a.post('/orders', (c) => {
      applied += 1;
      return c.json({ created: applied }, 201);
    });
    f.loseAnswerAfterApply({ kind: '504', method: 'POST', path: /\/orders$/ });
    const lost = await a.request('/orders', { method: 'POST' });
    expect(lost.status).toBe(504);
    expect(lost.headers.get('content-type')).toContain('text/html');
    expect(await lost.text()).toContain('504 Gateway Time-out');
    expect(applied).toBe(1);
    const next = await a.request('/orders', { method: 'POST' });
    expect([next.status, await next.json()]).toEqual([201, { created: 2 }]);
    expect(f.injected.afterApply).toBe(1);
  });

  it('a hung response is held after the request was applied, until released', async () => {
    const f = new FaultInjector();
    const a = app(f);
    let applied = 0;
    a.post('/orders', (c) => {
      applied += 1;
      return c.json({ created: applied }, 201);
    });
    f.loseAnswerAfterApply({ kind: 'timeout', method: 'POST', holdMs: 60_000 });
    let answered = false;
    const pending = Promise.resolve(a.request('/orders', { method: 'POST' })).then((r) => {
      answered = true;
      return r;
    });
    await vi.waitFor(() => expect(f.heldResponses, 'the response is being held').toBe(1));
    expect(applied, 'the venue applied the request before its answer was held').toBe(1);
    expect(answered).toBe(false);
    f.reset();
    expect((await pending).status).toBe(201);
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
