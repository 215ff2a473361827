import { createHmac } from 'node:crypto';

/**
 * L2 authentication (docs/venues/polymarket.md §5.2): HMAC-SHA256 keyed by the base64url API secret
 * over `timestamp + METHOD + path + body`, where path has no query string and body is the exact
 * string sent. The signature is url-safe base64 **with** `=` padding.
 */

/** L2 credentials. The secret and passphrase must never be logged or returned. */
export interface ApiCredentials {
  apiKey: string;
  secret: string;
  passphrase: string;
}

/** Decodes a base64 or base64url secret, with or without padding. */
export function decodeSecret(secret: string): Buffer {
  let b64 = secret.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  while (b64.length % 4 !== 0) b64 += '=';
  return Buffer.from(b64, 'base64');
}

export interface L2SignInput {
  /** Unix seconds. */
  timestamp: number;
  method: string;
  /** Path only: no scheme, host or query. */
  path: string;
  /** The exact body string sent, if any. */
  body?: string | undefined;
}

export function l2Signature(secret: string, input: L2SignInput): string {
  const message = `${input.timestamp}${input.method.toUpperCase()}${input.path}${input.body ?? ''}`;
  return createHmac('sha256', decodeSecret(secret)).update(message, 'utf8').digest('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

export function l2Headers(creds: ApiCredentials, address: string, input: L2SignInput): Record<string, string> {
  return {
    POLY_ADDRESS: address,
    POLY_SIGNATURE: l2Signature(creds.secret, input),
    POLY_TIMESTAMP: String(input.timestamp),
    POLY_API_KEY: creds.apiKey,
    POLY_PASSPHRASE: creds.passphrase,
  };
}
