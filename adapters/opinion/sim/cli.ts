/**
 * `npm run sim:opinion -- --port <n> [--seed <s>] [--markets <n>] [--api-key <KEY>:<0xEOA>:<USDT>]...
 * [--bots <per-second>]` — serves the Opinion simulator on 127.0.0.1 and prints exactly one line
 * `ready http://127.0.0.1:<n>` on stdout once it listens (REST under `/openapi`, WebSocket at
 * `/ws`). Each `--api-key` registers a key bound to that wallet, whose Safe holds that much USDT
 * with trading enabled. Logs go to stderr.
 */
import pino from 'pino';
import { parseCliArgs, printReady } from '../../../src/sim/index.js';
import { startOpinionSim } from './index.js';

const logger = pino({ name: 'opinion-sim' }, pino.destination(2));
try {
  const args = parseCliArgs(process.argv.slice(2));
  const accounts = args.apiKeys.map((spec) => {
    const m = /^([^:\s]+):(0x[0-9a-fA-F]{40}):(\d+(?:\.\d+)?)$/.exec(spec);
    if (!m) throw new Error(`--api-key must be <KEY>:<0xEOA>:<USDT>, got ${spec}`);
    return { apiKey: m[1] as string, address: m[2] as string, usdt: m[3] as string, tradingEnabled: true };
  });
  const bots = args.flags.get('bots')?.at(-1);
  if (bots !== undefined && !/^\d+$/.test(bots)) throw new Error('--bots must be a whole number of actions per second');
  const sim = await startOpinionSim({
    port: args.port ?? 0,
    seed: args.seed ?? 1,
    markets: args.markets ?? 60,
    accounts,
    ...(bots !== undefined ? { botRatePerSecond: Number(bots) } : {}),
    logger,
  });
  printReady(sim.url);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  logger.error({ err: err instanceof Error ? err.message : String(err) }, 'opinion simulator failed to start');
  process.exit(1);
}
