/**
 * Kalshi request authentication as the simulator verifies it (docs/venues/kalshi.md §2):
 * `KALSHI-ACCESS-KEY`, `KALSHI-ACCESS-TIMESTAMP` (ms) and `KALSHI-ACCESS-SIGNATURE` (base64
 * RSA-PSS, SHA-256, MGF1 SHA-256, salt 32) over `timestamp + METHOD + path` where path is the full
 * URL path without the query. Timestamp window default −20 s … +45 s (§2.3 observations).
 */
import { constants, createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';

export interface RegisteredKey {
  keyId: string;
  userId: string;
  publicKey: KeyObject;
}

export interface AuthWindow {
  /** Oldest accepted timestamp relative to now, ms (positive number). */
  pastMs: number;
  /** Furthest accepted future timestamp, ms. */
  futureMs: number;
}

export const DEFAULT_WINDOW: AuthWindow = { pastMs: 20_000, futureMs: 45_000 };

export type AuthResult =
  | { ok: true; key: RegisteredKey }
  | { ok: false; status: 401; body: { error: { code: string; message: string; details?: string } } };

/** A stable UUID-shaped user id for a key id. */
export function userIdForKey(keyId: string): string {
  const h = createHash('sha256').update(`kalshi-sim-user:${keyId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class KeyRegistry {
  private readonly keys = new Map<string, RegisteredKey>();

  register(keyId: string, publicKeyPem: string): RegisteredKey {
    const key: RegisteredKey = { keyId, userId: userIdForKey(keyId), publicKey: createPublicKey(publicKeyPem) };
    this.keys.set(keyId, key);
    return key;
  }

  get(keyId: string): RegisteredKey | undefined {
    return this.keys.get(keyId);
  }

  all(): RegisteredKey[] {
    return [...this.keys.values()];
  }
}

const unauthorized = (code: string, message: string, details?: string): AuthResult => ({
  ok: false,
  status: 401,
  body: { error: details === undefined ? { code, message } : { code, message, details } },
});

type HeaderGetter = (name: string) => string | undefined;

/** True when any Kalshi auth header is present. */
export function hasAuthHeaders(header: HeaderGetter): boolean {
  return ['kalshi-access-key', 'kalshi-access-signature', 'kalshi-access-timestamp'].some((h) => header(h) !== undefined);
}

export function verifyRequest(registry: KeyRegistry, header: HeaderGetter, method: string, path: string, now: number, window: AuthWindow = DEFAULT_WINDOW): AuthResult {
  const keyId = header('kalshi-access-key');
  const ts = header('kalshi-access-timestamp');
  const sig = header('kalshi-access-signature');
  if (!keyId || !ts || !sig) {
    return unauthorized('authentication_error', 'authentication_error', 'rpc error: code = Unauthenticated desc = missing authentication headers');
  }
  if (!/^\d{1,16}$/.test(ts)) return unauthorized('header_timestamp_expired', 'timestamp header is invalid');
  const skew = Number(ts) - now;
  if (skew < -window.pastMs || skew > window.futureMs) {
    return unauthorized('header_timestamp_expired', 'timestamp header is outside the allowed window');
  }
  const key = registry.get(keyId);
  if (!key) return unauthorized('authentication_error', 'authentication_error', 'rpc error: code = NotFound desc = NOT_FOUND');
  const signature = Buffer.from(sig, 'base64');
  let valid: boolean;
  try {
    valid = verify(
      'sha256',
      Buffer.from(`${ts}${method.toUpperCase()}${path}`, 'utf8'),
      { key: key.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
      signature,
    );
  } catch {
    valid = false;
  }
  if (!valid) {
    return unauthorized('authentication_error', 'authentication_error', 'rpc error: code = Unauthenticated desc = INCORRECT_API_KEY_SIGNATURE');
  }
  return { ok: true, key };
}
