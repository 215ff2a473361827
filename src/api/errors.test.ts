import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequest,
  DuplicateOrder,
  InsufficientFunds,
  MarketClosed,
  NetworkError,
  NotFound,
  NotSupported,
  PermissionDenied,
  RateLimited,
  VennError,
} from '../core/index.js';
import { buildHarness } from '../../test/api/harness.js';
import { createMemoryAdapter, makeMarket } from '../../test/support/memory-adapter.js';
import { toProblem } from './errors.js';

describe('toProblem', () => {
  it.each([
    [new NotFound('x'), 404, 'not_found'],
    [new BadRequest('x'), 400, 'bad_request'],
    [new PermissionDenied('x'), 403, 'permission_denied'],
    [new AuthenticationError('x'), 502, 'authentication_failed'],
    [new MarketClosed('x'), 409, 'market_closed'],
    [new DuplicateOrder('x'), 409, 'invalid_order'],
    [new InsufficientFunds('x'), 422, 'insufficient_funds'],
    [new NotSupported('x'), 501, 'not_supported'],
    [new RateLimited('x'), 429, 'rate_limited'],
    [new NetworkError('x'), 502, 'network_error'],
    [new VennError('x'), 500, 'venn_error'],
  ])('%s → %i %s', (err, status, code) => {
    expect(toProblem(err)).toMatchObject({ status, code });
  });

  it('hides anything unexpected behind a generic 500', () => {
    const p = toProblem(new Error('password=hunter2 at db.internal:5432'));
    expect(p).toMatchObject({ status: 500, code: 'internal' });
    expect(p.detail).not.toMatch(/hunter2|db\.internal/);
  });
});

describe('unexpected errors over HTTP', () => {
  it('answer a 500 problem without stack or internal message', async () => {
    const h = await buildHarness([createMemoryAdapter({ venue: 'kalshi', markets: [makeMarket('kalshi', 'A')] })], {
      books: {
        live: () => {
          throw new TypeError('cannot read secretToken of undefined');
        },
      },
    });
    try {
      const r = await h.get('/v1/markets/kalshi:A/orderbook');
      expect(r.status).toBe(500);
      expect(r.type).toBe('application/problem+json');
      expect(r.body).toMatchObject({ code: 'internal', status: 500, title: 'Internal server error' });
      expect(JSON.stringify(r.body)).not.toMatch(/secretToken|TypeError|at .*\.ts/);
      const batch = await h.get('/v1/orderbooks?ids=kalshi:A');
      expect(batch.status).toBe(200);
      expect(batch.body.meta.errors[0]).toMatchObject({ id: 'kalshi:A', status: 500, code: 'internal' });
      expect(JSON.stringify(batch.body)).not.toMatch(/secretToken/);
    } finally {
      await h.close();
    }
  });

  it('unknown routes are 404 problems', async () => {
    const h = await buildHarness([]);
    try {
      const r = await h.get('/v2/whatever');
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({ code: 'not_found', instance: '/v2/whatever' });
    } finally {
      await h.close();
    }
  });
});
