/**
 * `npm run sim:manifold -- --port <n> [--seed <s>] [--markets <n>] [--api-key <key>:<username>:<mana>]...
 * [--bots <actions-per-second>]` — serves the Manifold simulator on 127.0.0.1 and prints exactly one
 * line `ready http://127.0.0.1:<n>` on stdout once it listens (REST under `/v0`, WebSocket at
 * `/ws`); logs go to stderr. Each `--api-key` creates a user with that mana balance whose
 * `Authorization: Key <key>` works.
 */
import pino from 'pino';
import { parseCliArgs, printReady } from '../../../src/sim/server.js';
import { parseApiKey, startManifoldSim } from './index.js';

const logger = pino({ name: 'manifold-sim' }, pino.destination(2));
try {
  const args = parseCliArgs(process.argv.slice(2));
  const bots = args.flags.get('bots')?.at(-1);
  if (bots !== undefined && !/^\d+(\.\d+)?$/.test(bots)) throw new Error('--bots must be a number of actions per second');
  const sim = await startManifoldSim({
    port: args.port ?? 0,
    seed: args.seed ?? 1,
    markets: args.markets ?? 200,
    apiKeys: args.apiKeys.map(parseApiKey),
    ...(bots !== undefined ? { botRatePerSecond: Number(bots) } : {}),
    logger,
  });
  printReady(sim.url);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  logger.error({ err: err instanceof Error ? err.message : String(err) }, 'manifold simulator failed to start');
  process.exit(1);
}
