/**
 * `npm run demo`: the whole service offline. Starts the simulator of every registered venue on a
 * free loopback port, then the service pointed at them (only the simulated venues enabled). It
 * never reaches a real venue.
 */
import { venueModules } from '../adapters/index.js';
import { loadConfig } from './config.js';
import { createLogger, runUntilSignal, startService } from './main.js';
import type { AnyVenueModule, RunningVenueSimulator } from './venue/index.js';

const seed = Number(process.env.DEMO_SEED ?? 1);
const markets = Number(process.env.DEMO_MARKETS ?? 300);

/** Starts every module's simulator (all of them or none: a failure closes those already started). */
export async function startSimulators(modules: readonly AnyVenueModule[]): Promise<RunningVenueSimulator[]> {
  const running: RunningVenueSimulator[] = [];
  try {
    for (const m of modules) running.push(await m.startSimulator({ seed, markets }));
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
  const service = await startService(config, { logger, modules: venueModules });
  logger.info(
    `Venn demo at ${service.url}  (try ${service.url}/v1/markets, ${service.url}/docs, and the feed at ${service.url.replace(/^http/, 'ws')}/v1/ws)`,
  );
  runUntilSignal(
    {
      close: async () => {
        await service.close();
        await Promise.allSettled(sims.map((s) => s.close()));
      },
    },
    logger,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
