/**
 * Authentication of feed connections. The feed takes an `Authenticator`: given the upgrade
 * request, it answers who the client is, or null. When the service requires authentication
 * (`FEED_REQUIRE_API_KEY=true`) a connection without a principal receives an `unauthorized` error
 * and is closed (1008); otherwise anonymous clients are served the public channels. A key that is
 * presented and not valid is refused either way (as the REST API answers it 401 on any route), and
 * so is a valid key over its request rate (`rate_limited`): a wrong key never degrades to anonymous.
 *
 * Service API keys plug in here: the key store builds an authenticator that reads the key with
 * `apiKeyOf` (the same places the REST API reads it) and returns the key's principal. Browsers
 * cannot set headers on a WebSocket, hence the query parameter.
 */
import type { IncomingMessage } from 'node:http';
import type { Principal } from './session.js';

export type { Principal } from './session.js';

/** An upgrade the authenticator refuses: a presented key that is not valid, or one over its rate. */
export interface Refusal {
  refused: 'unauthorized' | 'rate_limited';
}

/** Who the client is: a principal, null (anonymous: no key presented), or a refusal. */
export type AuthAnswer = Principal | null | Refusal;

export type Authenticator = (request: IncomingMessage) => AuthAnswer | Promise<AuthAnswer>;

export function isRefusal(answer: AuthAnswer): answer is Refusal {
  return answer !== null && 'refused' in answer;
}

/**
 * The API key of an upgrade request: `Authorization: Bearer <key>`, `X-API-Key: <key>`, or the
 * `api_key` query parameter, in that order; null when none is present.
 */
export function apiKeyOf(request: Pick<IncomingMessage, 'headers' | 'url'>): string | null {
  const auth = request.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1]!;
  }
  const header = request.headers['x-api-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (typeof key === 'string' && key.trim() !== '') return key.trim();
  try {
    const fromQuery = new URL(request.url ?? '/', 'http://feed.invalid').searchParams.get('api_key');
    if (fromQuery) return fromQuery;
  } catch {
    return null;
  }
  return null;
}
