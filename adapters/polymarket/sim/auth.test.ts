import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wallet } from 'ethers';
import { clobAuthDigest, verifyL1 } from './auth-l1.js';
import { l2Signature, verifyL2 } from './auth-l2.js';
import { ApiKeyStore } from './auth-l1.js';
import { CTF_EXCHANGE_V2, ZERO_BYTES32 } from './constants.js';
import { exchangeDomain, hashOrder, recoverSigner } from './order-sign.js';
import { startPolymarketSim, type PolymarketSim } from './index.js';
import { l1Headers, l2Headers, TEST_KEYS } from './test-client.js';

const HARDHAT0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

describe('reference signing vectors (docs/venues/polymarket.md §5.1, §5.2, §6.2)', () => {
  it('L1 ClobAuth digest and signature', () => {
    const digest = clobAuthDigest(HARDHAT0, '1700000000', 0);
    expect(digest).toBe('0xc85352894b3c41f3ea6152479d64b9233fbaf2de87eabc7e4bba3a161fd28493');
    const header = (name: string) =>
      ({
        POLY_ADDRESS: HARDHAT0,
        POLY_TIMESTAMP: '1700000000',
        POLY_NONCE: '0',
        POLY_SIGNATURE:
          '0x659ed4b28ae28e0f038fdf0023c00863c9559caacb9ebc83f44eea87059a099a36f1e1dee110e7faa1c4f65d17489b2da1333ebef78bbe2116d81207b975052d1c',
      })[name];
    expect(verifyL1(header, 1_700_000_000_000)).toEqual({ address: HARDHAT0, nonce: '0' });
    // Same signature, an hour later: outside the accepted skew.
    expect(verifyL1(header, 1_700_003_600_000)).toBeUndefined();
  });

  it('L2 HMAC vectors', () => {
    const secret = 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=';
    expect(l2Signature(secret, '1700000000', 'DELETE', '/order', '{"orderID":"0xabc"}')).toBe('xA4B3H5xUj3X1exZ22TKgAwri97fpQmxMgCHgs9eJDY=');
    expect(l2Signature(secret, '1700000000', 'GET', '/data/orders')).toBe('Xk7ucqyxdXt4Rya-du9c6i0l0gqjxKd7WbJMhIZ0N4s=');
    // The same secret without padding decodes to the same key.
    expect(l2Signature(secret.replace(/=+$/, ''), '1700000000', 'GET', '/data/orders')).toBe('Xk7ucqyxdXt4Rya-du9c6i0l0gqjxKd7WbJMhIZ0N4s=');
  });

  it('V2 order hash and signature', () => {
    const order = {
      salt: 123456789n,
      maker: HARDHAT0,
      signer: HARDHAT0,
      tokenId: 71321045679252212594626385532706912750332728571942532289631379312455583992563n,
      makerAmount: 5_700_000n,
      takerAmount: 10_000_000n,
      side: 0 as const,
      signatureType: 0,
      timestamp: 1_700_000_000_000n,
      metadata: ZERO_BYTES32,
      builder: ZERO_BYTES32,
    };
    const hash = hashOrder(exchangeDomain(CTF_EXCHANGE_V2, '2'), order);
    expect(hash).toBe('0x89b0982733be299c8c9323562e330d0d2f5007ae0c5c77891de419d9a2a39825');
    const sig =
      '0x2bfa7184a99defa3b0fdd4b6c4c7a4b634510dbc28b844759278f3096f49fdb62afc6a14c2423de8a6718e249fb5d193411238896e893ab732e98c61bcf204121c';
    expect(recoverSigner(hash, sig)).toBe(HARDHAT0);
  });
});

describe('L2 verification', () => {
  const store = new ApiKeyStore('unit');
  const record = store.derive(HARDHAT0, '0');
  const base = { method: 'GET', path: '/data/orders', body: '', nowMs: 1_700_000_000_000 };
  const headers = (h: Record<string, string>) => (name: string) => h[name];

  it('accepts a valid request and rejects tampering, wrong passphrase and stale timestamps', () => {
    const good = l2Headers(HARDHAT0, record, 1_700_000_000, 'GET', '/data/orders');
    expect(verifyL2(store, { ...base, header: headers(good) })?.apiKey).toBe(record.apiKey);
    expect(verifyL2(store, { ...base, path: '/data/trades', header: headers(good) })).toBeUndefined();
    expect(verifyL2(store, { ...base, header: headers({ ...good, POLY_PASSPHRASE: 'x' }) })).toBeUndefined();
    const unpadded = { ...good, POLY_SIGNATURE: good.POLY_SIGNATURE!.replace(/=+$/, '') };
    expect(verifyL2(store, { ...base, header: headers(unpadded) })).toBeUndefined();
    expect(verifyL2(store, { ...base, nowMs: 1_700_000_600_000, header: headers(good) })).toBeUndefined();
  });
});

describe('auth endpoints', () => {
  let sim: PolymarketSim;
  const wallet = new Wallet(TEST_KEYS[1]);
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    sim = await startPolymarketSim({ markets: 10, botRatePerSecond: 0 });
  });
  afterAll(() => sim.close());

  it('creates once, derives the same credentials, rejects bad L1', async () => {
    const create = await fetch(`${sim.clobUrl}/auth/api-key`, { method: 'POST', headers: await l1Headers(wallet, now()) });
    expect(create.status).toBe(200);
    const creds = (await create.json()) as { apiKey: string; secret: string; passphrase: string };
    expect(creds.apiKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const again = await fetch(`${sim.clobUrl}/auth/api-key`, { method: 'POST', headers: await l1Headers(wallet, now()) });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: 'Could not create api key' });

    const derived = await fetch(`${sim.clobUrl}/auth/derive-api-key`, { headers: await l1Headers(wallet, now()) });
    expect(await derived.json()).toEqual(creds);

    const other = await fetch(`${sim.clobUrl}/auth/derive-api-key`, { headers: await l1Headers(wallet, now(), 7) });
    expect(((await other.json()) as { apiKey: string }).apiKey).not.toBe(creds.apiKey);

    const forged = { ...(await l1Headers(new Wallet(TEST_KEYS[2]), now())), POLY_ADDRESS: wallet.address };
    const bad = await fetch(`${sim.clobUrl}/auth/derive-api-key`, { headers: forged });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: 'Invalid L1 Request headers' });

    const ok = await fetch(`${sim.clobUrl}/auth/api-keys`, { headers: l2Headers(wallet.address, creds, now(), 'GET', '/auth/api-keys') });
    expect(await ok.json()).toEqual({ apiKeys: [creds.apiKey, (await (await fetch(`${sim.clobUrl}/auth/derive-api-key`, { headers: await l1Headers(wallet, now(), 7) })).json() as { apiKey: string }).apiKey] });

    const stale = await fetch(`${sim.clobUrl}/auth/api-keys`, { headers: l2Headers(wallet.address, creds, now() - 3600, 'GET', '/auth/api-keys') });
    expect(stale.status).toBe(401);
    expect(await stale.json()).toEqual({ error: 'Unauthorized/Invalid api key' });

    const withQuery = await fetch(`${sim.clobUrl}/data/orders?market=0x1`, { headers: l2Headers(wallet.address, creds, now(), 'GET', '/data/orders?market=0x1') });
    expect(withQuery.status).toBe(401);
  });
});
