import { constants, createPrivateKey, sign as cryptoSign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AuthenticationError } from '../../src/core/index.js';

/**
 * Kalshi request signing (docs/venues/kalshi.md §2): RSA-PSS with SHA-256, MGF1(SHA-256), salt length
 * 32 (= digest length), over `timestamp_ms + METHOD + path`, where path is the full URL path
 * including `/trade-api/v2` (or `/trade-api/ws/v2` for the WebSocket handshake) and without the
 * query string. Signature: standard base64.
 *
 * Keys are PEM, PKCS#1 (`BEGIN RSA PRIVATE KEY`) or PKCS#8 (`BEGIN PRIVATE KEY`), given inline or
 * as a file path. Errors name what is wrong and never include key material.
 */

export const HEADER_KEY = 'KALSHI-ACCESS-KEY';
export const HEADER_TIMESTAMP = 'KALSHI-ACCESS-TIMESTAMP';
export const HEADER_SIGNATURE = 'KALSHI-ACCESS-SIGNATURE';

export interface KalshiCredentials {
  /** The API key id (a UUID). */
  keyId: string;
  /** The private key: an inline PEM string, or a path to a PEM file. */
  privateKey: string;
}

export class KalshiKeyError extends AuthenticationError {
  override name = 'KalshiKeyError';
}

function looksLikePem(text: string): boolean {
  return text.includes('-----BEGIN');
}

/** Base64 key material never contains a dot; a short path-shaped value with one is safe to show. */
function looksLikePath(text: string): boolean {
  return text.length <= 256 && /^[\w ./~\\:-]+$/.test(text) && text.includes('.');
}

/** Loads and validates an RSA private key from an inline PEM or a file path. */
export function loadPrivateKey(source: string): KeyObject {
  let pem: string;
  let origin: string;
  if (looksLikePem(source)) {
    pem = source;
    origin = 'the inline private key';
  } else {
    // Only something shaped like a path is echoed: a mangled inline key must never end up in an error.
    origin = looksLikePath(source) ? `the private key file ${JSON.stringify(source)}` : 'the private key file (value not shown: not a PEM, not path-like)';
    try {
      pem = readFileSync(source, 'utf8');
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      throw new KalshiKeyError(`kalshi: cannot read ${origin} (${typeof code === 'string' ? code : 'read error'})`, { venue: 'kalshi' });
    }
    if (!looksLikePem(pem)) {
      throw new KalshiKeyError(`kalshi: ${origin} is not a PEM file (no PEM header line)`, { venue: 'kalshi' });
    }
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    // The OpenSSL message is dropped on purpose: it is not needed and must never carry key bytes.
    throw new KalshiKeyError(`kalshi: ${origin} is not a valid PEM private key (expected RSA, PKCS#1 or PKCS#8)`, {
      venue: 'kalshi',
    });
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new KalshiKeyError(
      `kalshi: ${origin} is a ${key.asymmetricKeyType ?? 'non-RSA'} key; Kalshi API keys are RSA (RSA-PSS signatures)`,
      { venue: 'kalshi' },
    );
  }
  return key;
}

/** Signs `timestamp + METHOD + path` with RSA-PSS-SHA256 (salt 32), base64. */
export function signMessage(key: KeyObject, message: string): string {
  return cryptoSign('sha256', Buffer.from(message, 'utf8'), {
    key,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
  }).toString('base64');
}

/** Strips a query string, if any: Kalshi signs the path only. */
export function pathOnly(path: string): string {
  const q = path.indexOf('?');
  return q < 0 ? path : path.slice(0, q);
}

export class KalshiSigner {
  readonly keyId: string;
  private readonly key: KeyObject;

  constructor(
    credentials: KalshiCredentials,
    private readonly now: () => number = Date.now,
  ) {
    if (!credentials.keyId || !credentials.keyId.trim()) {
      throw new KalshiKeyError('kalshi: an API key id is required with a private key', { venue: 'kalshi' });
    }
    this.keyId = credentials.keyId.trim();
    this.key = loadPrivateKey(credentials.privateKey);
  }

  /** The three `KALSHI-ACCESS-*` headers for `METHOD path` (path from root, query ignored). */
  headers(method: string, path: string): Record<string, string> {
    const ts = String(Math.floor(this.now()));
    const signature = signMessage(this.key, ts + method.toUpperCase() + pathOnly(path));
    return { [HEADER_KEY]: this.keyId, [HEADER_TIMESTAMP]: ts, [HEADER_SIGNATURE]: signature };
  }

  /** Never prints the key. */
  toJSON(): Record<string, string> {
    return { keyId: this.keyId, privateKey: '[redacted]' };
  }
}
