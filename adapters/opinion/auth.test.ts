import { describe, expect, it } from 'vitest';
import { Wallet, verifyTypedData } from 'ethers';
import { API_KEY_AUTH_DOMAIN, API_KEY_AUTH_TYPES, apiKeyActionFor, apiKeyAuthDigest, apiKeyAuthHeaders, apiKeyHeaders, wsUrlWithKey } from './auth.js';

const wallet = new Wallet(`0x${'5a'.repeat(32)}`);

describe('Opinion authentication (docs/venues/opinion.md §2)', () => {
  it('sends the key in the lower-case apikey header, and in the WebSocket query', () => {
    expect(apiKeyHeaders('k-1')).toEqual({ apikey: 'k-1' });
    expect(wsUrlWithKey('wss://ws.opinion.trade', 'a b')).toBe('wss://ws.opinion.trade?apikey=a+b');
    expect(wsUrlWithKey('ws://127.0.0.1:1/ws?x=1', 'k')).toBe('ws://127.0.0.1:1/ws?x=1&apikey=k');
  });

  it('maps methods to key-management actions', () => {
    expect([apiKeyActionFor('POST'), apiKeyActionFor('GET'), apiKeyActionFor('DELETE')]).toEqual(['create', 'get', 'delete']);
  });

  it('signs OpinionApiKeyAuth like a standard EIP-712 signer, with the timestamp in seconds', async () => {
    const nowMs = Date.UTC(2026, 4, 1, 10, 0, 0, 999);
    const h = apiKeyAuthHeaders(wallet, 'create', nowMs);
    expect(h.OPINION_ADDRESS).toBe(wallet.address);
    expect(h.OPINION_TIMESTAMP).toBe(String(Math.floor(nowMs / 1000)));
    expect(h.OPINION_SIGNATURE).toMatch(/^0x[0-9a-f]{130}$/);
    // ethers' own typed-data signer over the same message gives the same (deterministic) signature.
    const reference = await wallet.signTypedData(API_KEY_AUTH_DOMAIN, API_KEY_AUTH_TYPES, { walletAddress: wallet.address, action: 'create', timestamp: h.OPINION_TIMESTAMP });
    expect(h.OPINION_SIGNATURE).toBe(reference);
    expect(verifyTypedData(API_KEY_AUTH_DOMAIN, API_KEY_AUTH_TYPES, { walletAddress: wallet.address, action: 'create', timestamp: h.OPINION_TIMESTAMP }, h.OPINION_SIGNATURE)).toBe(wallet.address);
    expect(apiKeyAuthDigest(wallet.address, 'get', h.OPINION_TIMESTAMP)).not.toBe(apiKeyAuthDigest(wallet.address, 'create', h.OPINION_TIMESTAMP));
    expect(apiKeyAuthDigest(wallet.address.toLowerCase(), 'get', '1')).toBe(apiKeyAuthDigest(wallet.address, 'get', '1'));
  });
});
