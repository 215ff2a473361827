/**
 * `npm run demo`: the whole service offline. Starts every available venue simulator on free
 * loopback ports, then the service pointed at them (only the simulated venues enabled). With no
 * simulator it serves an empty catalog; it never invents markets.
 */
import { startSimulators } from './demo-sims.js';
import { loadConfig } from './config.js';
import { createLogger, runUntilSignal, startService } from './main.js';

async function main(): Promise<void> {
  const sims = await startSimulators();
  const env: Record<string, string | undefined> = {
    HOST: '127.0.0.1',
    PORT: '8080',
    ...process.env,
    ...Object.assign({}, ...sims.map((s) => s.env)),
  };
  // Only simulated venues are enabled: the demo never reaches a real venue.
  const config = { ...loadConfig(env), venues: sims.map((s) => s.venue) };
  const logger = createLogger(config);
  if (sims.length === 0) {
    logger.warn('no venue simulators are available yet: the demo serves an empty catalog');
  } else {
    logger.info({ venues: sims.map((s) => s.venue) }, 'venue simulators started');
  }
  const service = await startService(config, { logger });
  logger.info(`Venn demo at ${service.url}  (try ${service.url}/v1/markets and ${service.url}/docs)`);
  runUntilSignal(
    {
      url: service.url,
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
