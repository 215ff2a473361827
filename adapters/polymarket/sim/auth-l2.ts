/**
 * L2 authentication (docs/venues/polymarket.md §5.2): HMAC-SHA256 over
 * `timestamp + METHOD + path (no query) + body`, keyed by the base64url-decoded API secret, sent
 * url-safe base64 with `=` padding in POLY_SIGNATURE, next to POLY_ADDRESS, POLY_TIMESTAMP,
 * POLY_API_KEY and POLY_PASSPHRASE.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { MAX_AUTH_SKEW_S, type ApiKeyRecord, type ApiKeyStore, type HeaderGetter } from './auth-l1.js';

/** Decodes a base64 or base64url secret, with or without padding. */
export function decodeSecret(secret: string): Buffer {
  const standard = secret.replace(/-/g, '+').replace(/_/g, '/');
  const padded = standard + '='.repeat((4 - (standard.length % 4)) % 4);
  return Buffer.from(padded, 'base64');
}

/** The url-safe, padded base64 HMAC the venue expects in POLY_SIGNATURE. */
export function l2Signature(secret: string, timestamp: string, method: string, path: string, body = ''): string {
  return createHmac('sha256', decodeSecret(secret))
    .update(`${timestamp}${method.toUpperCase()}${path}${body}`)
    .digest('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

export interface L2Request {
  header: HeaderGetter;
  method: string;
  /** The venue path without the query string (and without any simulator prefix). */
  path: string;
  body: string;
  nowMs: number;
}

/** Returns the API key record when the L2 headers are valid, else undefined. */
export function verifyL2(keys: ApiKeyStore, req: L2Request): ApiKeyRecord | undefined {
  const apiKey = req.header('POLY_API_KEY');
  const passphrase = req.header('POLY_PASSPHRASE');
  const address = req.header('POLY_ADDRESS');
  const timestamp = req.header('POLY_TIMESTAMP');
  const signature = req.header('POLY_SIGNATURE');
  if (!apiKey || !passphrase || !address || !timestamp || !signature) return undefined;
  const record = keys.get(apiKey);
  if (!record) return undefined;
  if (!safeEqual(passphrase, record.passphrase)) return undefined;
  if (address.toLowerCase() !== record.address.toLowerCase()) return undefined;
  if (!/^\d{1,12}$/.test(timestamp)) return undefined;
  if (Math.abs(Number(timestamp) - Math.floor(req.nowMs / 1000)) > MAX_AUTH_SKEW_S) return undefined;
  const expected = l2Signature(record.secret, timestamp, req.method, req.path, req.body);
  return safeEqual(signature, expected) ? record : undefined;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
