import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_PRIVATE_KEY_PATH, DEMO_PUBLIC_KEY_PATH } from './index.js';
import { signedFetch } from './testkit.js';

describe('sim:kalshi CLI', () => {
  it('prints exactly one ready line and serves REST with the configured balance', async () => {
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--seed', '3', '--markets', '20', '--balance', '250', '--api-key', `cli-key:${DEMO_PUBLIC_KEY_PATH}`], {
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
      const markets = await signedFetch(url, undefined, 'GET', '/trade-api/v2/markets?limit=5');
      expect(markets.body.markets).toHaveLength(5);
      // the demo public key registered under another key id: sign with the demo private key
      const creds = { keyId: 'cli-key', privateKeyPem: readFileSync(DEMO_PRIVATE_KEY_PATH, 'utf8') };
      const bal = await signedFetch(url, creds, 'GET', '/trade-api/v2/portfolio/balance');
      expect(bal.body.balance_dollars).toBe('250.0000');
      expect(out.trim().split('\n')).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
