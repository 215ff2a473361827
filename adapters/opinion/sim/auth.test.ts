import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wallet } from 'ethers';
import { startOpinionSim, type OpinionSim } from './index.js';
import { TEST_KEYS, TestUser, type Reply } from './test-client.js';

const DOMAIN = { name: 'Opinion OpenAPI', version: '1', chainId: 56 };
const TYPES = {
  OpinionApiKeyAuth: [
    { name: 'walletAddress', type: 'address' },
    { name: 'action', type: 'string' },
    { name: 'timestamp', type: 'string' },
  ],
};

describe('API keys: the apikey header and the wallet-signed key lifecycle', () => {
  let sim: OpinionSim;
  let clock = Date.UTC(2026, 3, 1);
  const wallet = new Wallet(TEST_KEYS[3]);
  const stranger = new Wallet(TEST_KEYS[2]);
  let client: TestUser;

  const nowS = () => Math.floor(clock / 1000);
  const headers = async (w: Wallet, action: string, timestamp = String(nowS()), signer: Wallet = w) => ({
    OPINION_ADDRESS: w.address,
    OPINION_SIGNATURE: await signer.signTypedData(DOMAIN, TYPES, { walletAddress: w.address, action, timestamp }),
    OPINION_TIMESTAMP: timestamp,
  });
  const keyCall = async (method: string, h: Record<string, string>): Promise<Reply> => client.request(method, '/auth/api-key', undefined, h);

  beforeAll(async () => {
    sim = await startOpinionSim({ seed: 2, markets: 12, botRatePerSecond: 0, enforceRateLimits: false, now: () => clock, apiKeyActivationMs: 15_000 });
    sim.addAccount({ address: wallet.address, usdt: '50' });
    client = new TestUser(sim.restUrl, TEST_KEYS[3], undefined, '', sim.exchangeAddress);
  });
  afterAll(() => sim.close());

  it('serves public data without a key and refuses user data without a valid one', async () => {
    expect((await client.get('/market?limit=1')).body.errno).toBe(0);
    client.apiKey = 'not-a-key';
    expect((await client.get('/market?limit=1')).body.errno).toBe(0);
    expect((await client.get('/user/balance?chain_id=56')).body).toEqual({ errmsg: 'Invalid API key', errno: 11002, result: null });
    client.apiKey = undefined;
    expect((await client.get('/order')).body.errno).toBe(11002);
    sim.addUnboundApiKey('legacy-key');
    client.apiKey = 'legacy-key';
    expect((await client.get('/user/balance?chain_id=56')).body).toMatchObject({ errno: 11001, errmsg: 'This API Key has no related Opinion Login Wallet yet' });
    client.apiKey = undefined;
  });

  it('creates a key that works after its activation delay, then reads and revokes it', async () => {
    expect((await keyCall('GET', await headers(wallet, 'get'))).body.errno).toBe(11010);
    const created = await keyCall('POST', await headers(wallet, 'create'));
    expect(created.status).toBe(200);
    const { apiKey, walletAddress } = created.body.result;
    expect(walletAddress).toBe(wallet.address);
    expect(apiKey).toMatch(/^[0-9a-f]{32}$/);
    client.apiKey = apiKey;
    expect((await client.get('/user/auth')).body.errno).toBe(11002);
    clock += 15_000;
    const auth = (await client.get('/user/auth')).body.result;
    expect(auth).toEqual({ apiKey, walletAddress: wallet.address, walletUsers: { '56': sim.account(wallet.address)!.safe } });
    expect((await client.get('/user/balance?chain_id=56')).body.result).toMatchObject({ walletAddress: wallet.address, multiSignAddress: auth.walletUsers['56'], balances: [{ totalBalance: '50', tokenDecimals: 18 }] });

    const get = await headers(wallet, 'get');
    expect((await keyCall('GET', get)).body.result).toEqual({ apiKey, walletAddress: wallet.address });
    expect((await keyCall('GET', get)).body.result.apiKey).toBe(apiKey);
    expect((await keyCall('POST', await headers(wallet, 'create'))).body).toMatchObject({ errno: 11009, errmsg: 'API key already exists' });

    const del = await headers(wallet, 'delete');
    expect((await keyCall('DELETE', del)).body).toEqual({ errmsg: '', errno: 0, result: { deleted: true } });
    expect((await keyCall('DELETE', del)).body.errno).toBe(11013);
    expect((await client.get('/user/auth')).body.errno).toBe(11002);
    expect((await keyCall('DELETE', await headers(wallet, 'delete', String(nowS() - 1)))).body.errno).toBe(11010);
  });

  it('rejects expired, reused, mis-signed and mismatched signatures, and unknown wallets', async () => {
    // Signatures are deterministic: a new second gives a new create signature.
    clock += 1000;
    const create = await headers(wallet, 'create');
    expect((await keyCall('POST', create)).body.errno).toBe(0);
    expect((await keyCall('POST', create)).body).toMatchObject({ errno: 11013, errmsg: 'Signature already used' });
    expect((await keyCall('GET', await headers(wallet, 'get', String(nowS() - 301)))).body).toMatchObject({ errno: 11012, errmsg: 'Signature expired' });
    expect((await keyCall('GET', await headers(wallet, 'get', String(nowS() - 299)))).body.errno).toBe(0);
    expect((await keyCall('GET', await headers(wallet, 'get', undefined, stranger))).body).toMatchObject({ errno: 11011, errmsg: 'Invalid signature' });
    expect((await keyCall('POST', await headers(wallet, 'get'))).body.errno).toBe(11011);
    expect((await keyCall('GET', await headers(stranger, 'get'))).body).toMatchObject({ errno: 11005, errmsg: 'Wallet is not a registered Opinion account' });
    expect((await keyCall('GET', {})).body.errno).toBe(10000);
    sim.setKeyIssuanceDisabled(true);
    sim.addAccount({ address: stranger.address });
    expect((await keyCall('POST', await headers(stranger, 'create'))).body.errno).toBe(11004);
    sim.setKeyIssuanceDisabled(false);
    expect((await keyCall('POST', await headers(stranger, 'create', String(nowS() + 1)))).body.errno).toBe(0);
  });
});
