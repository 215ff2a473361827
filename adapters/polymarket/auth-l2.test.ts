import { describe, expect, it } from 'vitest';
import { decodeSecret, l2Headers, l2Signature } from './auth-l2.js';

// §5.2 vectors: base64url of ASCII "0123456789abcdef0123456789abcdef".
const SECRET = 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=';

describe('L2 HMAC (docs/venues/polymarket.md §5.2)', () => {
  it('signs DELETE /order with a body', () => {
    expect(l2Signature(SECRET, { timestamp: 1700000000, method: 'DELETE', path: '/order', body: '{"orderID":"0xabc"}' })).toBe(
      'xA4B3H5xUj3X1exZ22TKgAwri97fpQmxMgCHgs9eJDY=',
    );
  });

  it('signs GET /data/orders without a body', () => {
    expect(l2Signature(SECRET, { timestamp: 1700000000, method: 'get', path: '/data/orders' })).toBe(
      'Xk7ucqyxdXt4Rya-du9c6i0l0gqjxKd7WbJMhIZ0N4s=',
    );
  });

  it('accepts the secret without padding and in the url-safe alphabet', () => {
    expect(decodeSecret(SECRET.replace(/=+$/, '')).toString()).toBe('0123456789abcdef0123456789abcdef');
    const raw = Buffer.from([0xfb, 0xff, 0xfe, 0x01]);
    expect(decodeSecret(raw.toString('base64url'))).toEqual(raw);
    expect(decodeSecret(raw.toString('base64'))).toEqual(raw);
  });

  it('keeps = padding and never emits + or /', () => {
    for (let i = 0; i < 50; i++) {
      const sig = l2Signature(SECRET, { timestamp: 1700000000 + i, method: 'POST', path: '/order', body: `{"n":${i}}` });
      expect(sig).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    }
  });

  it('builds the five L2 headers', () => {
    const h = l2Headers({ apiKey: 'k-1', secret: SECRET, passphrase: 'pp' }, '0xabc', { timestamp: 1700000000, method: 'GET', path: '/data/orders' });
    expect(h).toEqual({
      POLY_ADDRESS: '0xabc',
      POLY_SIGNATURE: 'Xk7ucqyxdXt4Rya-du9c6i0l0gqjxKd7WbJMhIZ0N4s=',
      POLY_TIMESTAMP: '1700000000',
      POLY_API_KEY: 'k-1',
      POLY_PASSPHRASE: 'pp',
    });
  });
});
