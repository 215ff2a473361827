/**
 * `npm run sim:kalshi -- --port <n> [--seed <s>] [--markets <n>] [--api-key <key-id>:<public-key.pem>]...
 * [--balance <usd>] [--bots <per-second>] [--tier <tier>]` — serves the Kalshi simulator on
 * 127.0.0.1 and prints exactly one line `ready http://127.0.0.1:<n>` on stdout; logs go to stderr.
 */
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { parseCliArgs, printReady } from '../../../src/sim/index.js';
import { startKalshiSim, type Tier } from './index.js';

const logger = pino({ name: 'kalshi-sim' }, pino.destination(2));
try {
  const args = parseCliArgs(process.argv.slice(2));
  const apiKeys = args.apiKeys.map((spec) => {
    const i = spec.indexOf(':');
    if (i <= 0) throw new Error(`--api-key must be <key-id>:<path-to-public-key.pem>, got ${spec}`);
    return { keyId: spec.slice(0, i), publicKeyPem: readFileSync(spec.slice(i + 1), 'utf8') };
  });
  const balance = args.flags.get('balance')?.at(-1);
  if (balance !== undefined && !/^\d+(\.\d{1,4})?$/.test(balance)) throw new Error('--balance must be a dollar amount');
  const bots = args.flags.get('bots')?.at(-1);
  const tier = args.flags.get('tier')?.at(-1) as Tier | undefined;
  const sim = await startKalshiSim({
    port: args.port ?? 0,
    seed: args.seed ?? 1,
    markets: args.markets ?? 200,
    apiKeys,
    ...(balance !== undefined ? { balanceUsd: balance } : {}),
    ...(bots !== undefined ? { botRatePerSecond: Number(bots) } : {}),
    ...(tier !== undefined ? { tier } : {}),
    logger,
  });
  printReady(sim.url);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  logger.error({ err: err instanceof Error ? err.message : String(err) }, 'kalshi simulator failed to start');
  process.exit(1);
}
