import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Wallet } from 'ethers';
import { TEST_KEYS, TestUser } from './test-client.js';

describe('sim:opinion CLI', () => {
  it('prints exactly one ready line; --api-key registers a funded, trading-enabled wallet', async () => {
    const wallet = new Wallet(TEST_KEYS[0]);
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--seed', '4', '--markets', '15', '--bots', '0', '--api-key', `cli-key:${wallet.address}:250.5`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d) => {
          out += String(d);
          const m = /^ready (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
          if (m) resolve(m[1] as string);
        });
        child.once('exit', (code) => reject(new Error(`cli exited ${code}`)));
      });
      const user = new TestUser(`${url}/openapi`, TEST_KEYS[0], 'cli-key', '', '');
      const markets = await user.get('/market?limit=5');
      expect(markets.body.result.list).toHaveLength(5);
      const auth = (await user.get('/user/auth')).body.result;
      expect(auth.walletAddress).toBe(wallet.address);
      const balance = (await user.get('/user/balance?chain_id=56')).body.result;
      expect(balance).toMatchObject({ multiSignAddress: auth.walletUsers['56'], balances: [{ totalBalance: '250.5', availableBalance: '250.5' }] });
      expect(out.trim().split('\n')).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
