/**
 * `npm run sim:polymarket -- --port <n> [--seed <s>] [--markets <n>] [--fund <address>:<pUSD>]...`
 * Starts the Polymarket simulator and prints one line on stdout once listening:
 * `ready gamma=<url> clob=<url> data=<url> ws=<url>`. Logs go to stderr.
 */
import pino from 'pino';
import { parseCliArgs } from '../../../src/sim/index.js';
import { startPolymarketSim } from './index.js';

function parseFund(spec: string): { address: string; amount: string } {
  const m = /^(0x[0-9a-fA-F]{40}):(\d+(?:\.\d+)?)$/.exec(spec);
  if (!m) throw new Error(`--fund expects <address>:<pUSD amount>, got ${JSON.stringify(spec)}`);
  return { address: m[1]!, amount: m[2]! };
}

async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2));
  const logger = pino({ name: 'polymarket-sim' }, pino.destination(2));
  const sim = await startPolymarketSim({
    port: args.port ?? 0,
    seed: args.seed,
    markets: args.markets,
    fund: args.fund.map(parseFund),
    logger,
  });
  process.stdout.write(`ready gamma=${sim.gammaUrl} clob=${sim.clobUrl} data=${sim.dataUrl} ws=${sim.wsUrl}\n`);
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
