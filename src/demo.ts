/**
 * `npm run demo`: the whole service offline. Starts the simulator of every registered venue on a
 * free loopback port, then the service pointed at them (only the simulated venues enabled), creates
 * an API key with the `trade` scope on every simulated venue and prints the web console's URL
 * (`console: <url>`), the key (`trade key: <key>`), a curl line that places an order, and where to
 * see the arbitrage between the simulators' cross-listed markets. It never reaches a real venue.
 */
import { venueModules } from '../adapters/index.js';
import { loadConfig } from './config.js';
import { demoOrderCurl, waitUntilReady } from './demo-order.js';
import { createLogger, runUntilSignal, startService } from './main.js';
import type { AnyVenueModule, RunningVenueSimulator } from './venue/index.js';

const seed = Number(process.env.DEMO_SEED ?? 1);
const markets = Number(process.env.DEMO_MARKETS ?? 300);

/** Starts every module's simulator (all of them or none: a failure closes those already started). */
export async function startSimulators(modules: readonly AnyVenueModule[]): Promise<RunningVenueSimulator[]> {
  const running: RunningVenueSimulator[] = [];
  try {
    for (const m of modules) running.push(await m.startSimulator({ seed, markets, crossListed: true }));
  } catch (err) {
    await Promise.allSettled(running.map((s) => s.close()));
    throw err;
  }
  return running;
}

async function main(): Promise<void> {
  const sims = await startSimulators(venueModules);
  const env: Record<string, string | undefined> = {
    HOST: '127.0.0.1',
    PORT: '8080',
    ...process.env,
    ...Object.assign({}, ...sims.map((s) => s.env)),
    // Only simulated venues are enabled: the demo never reaches a real venue.
    VENUES: venueModules.map((m) => m.id).join(','),
  };
  const config = loadConfig(env, venueModules);
  const logger = createLogger(config);
  logger.info({ venues: config.venues }, 'venue simulators started');
  const service = await startService(config, { logger, modules: venueModules, announce: true });
  runUntilSignal(
    {
      close: async () => {
        await service.close();
        await Promise.allSettled(sims.map((s) => s.close()));
      },
    },
    logger,
    config.drainTimeoutMs,
  );
  logger.info(
    `Venn demo at ${service.url}  (console ${service.url}/, try ${service.url}/v1/markets, ${service.url}/docs, and the feed at ${service.url.replace(/^http/, 'ws')}/v1/ws)`,
  );
  const { token } = await service.keys.create({ scopes: ['trade'], venues: config.venues, name: 'demo' });
  await waitUntilReady(service.url);
  const curl = await demoOrderCurl(service.url, token);
  // The key is the demo's output, printed for the person running it (never logged).
  process.stdout.write(`\nconsole: ${service.url}/\narbitrage board: ${service.url}/opportunities\nMCP endpoint: ${service.url}/mcp\n`);
  process.stdout.write(`trade key: ${token}\n`);
  process.stdout.write(curl ? `place an order:\n${curl}\n\n` : 'no simulated venue can trade right now (see /v1/venues)\n\n');
  process.stdout.write(`cross-venue opportunities (the simulators list some markets on two venues): ${service.url}/arbitrage?includeCandidates=true\n\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
