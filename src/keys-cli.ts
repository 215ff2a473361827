/**
 * `npm run keys`: the API key CLI (src/auth/cli.ts) with the deployment's configuration, so that
 * keys written to Redis sit under the same `REDIS_PREFIX` as the service's.
 */
import { venueModules } from '../adapters/index.js';
import { runKeysCli } from './auth/cli.js';
import { ConfigError, loadConfig } from './config.js';

try {
  const { redisPrefix } = loadConfig(process.env, venueModules);
  const io = { out: (l: string) => process.stdout.write(`${l}\n`), err: (l: string) => process.stderr.write(`${l}\n`) };
  process.exit(await runKeysCli(process.argv.slice(2), process.env, io, { redisPrefix }));
} catch (err) {
  process.stderr.write(`keys: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
