/**
 * `npm run keys -- <command>`: create, list and revoke service API keys.
 *
 *   create --scope trade[,read,admin] [--venues <venue>,…] [--name <name>]
 *          [--max-order-notional <amount>] [--max-open-orders <n>] [--max-daily-notional <amount>]
 *          [--rate <requests/s> --burst <n>]
 *   list
 *   revoke <key id>
 *
 * The store is `--file <path>` when given, else Redis (`REDIS_URL`, under the deployment's
 * `REDIS_PREFIX`: the store every instance of it reads at once), else `API_KEYS_FILE` (read by the
 * service at start). The entry point is `src/keys-cli.ts`. A created key's secret is printed
 * once, here, and is not kept anywhere.
 */
import { parseArgs } from 'node:util';
import { RedisCache } from '../cache/redis.js';
import { isVenueId, type VenueId } from '../core/ids.js';
import { readKeyFile, writeKeyFile } from './bootstrap.js';
import { KeyStore } from './key-store.js';
import { KeyRateLimitSchema, ScopeSchema, TradingLimitsSchema, digestOf, newKeyId, newToken, type ApiKeyRecord, type Scope } from './keys.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = `usage: npm run keys -- create --scope <trade|read|admin>[,…] [--venues <venue>,…] [--name <name>]
                        [--max-order-notional <amount>] [--max-open-orders <n>] [--max-daily-notional <amount>]
                        [--rate <requests per second> --burst <n>] [--file <path>]
       npm run keys -- list [--file <path>]
       npm run keys -- revoke <key id> [--file <path>]`;

class UsageError extends Error {}

/** A store of key records: Redis through the key store, or a key file. */
interface Target {
  describe: string;
  add(record: ApiKeyRecord): Promise<void>;
  list(): Promise<ApiKeyRecord[]>;
  revoke(id: string): Promise<boolean>;
  close(): Promise<void>;
}

function fileTarget(path: string): Target {
  return {
    describe: `key file ${path} (read by the service at start)`,
    async add(record) {
      writeKeyFile(path, [...readKeyFile(path), record]);
    },
    list: async () => readKeyFile(path),
    async revoke(id) {
      const records = readKeyFile(path);
      const kept = records.filter((r) => r.id !== id);
      if (kept.length === records.length) return false;
      writeKeyFile(path, kept);
      return true;
    },
    close: async () => undefined,
  };
}

async function redisTarget(url: string, keyPrefix: string): Promise<Target> {
  const cache = new RedisCache({ url, keyPrefix });
  await cache.ready(5_000);
  const store = new KeyStore(cache);
  return {
    describe: 'Redis (every instance sees the change at once)',
    add: (record) => store.put(record),
    list: () => store.list(),
    revoke: (id) => store.revoke(id),
    close: () => cache.close(),
  };
}

function list(text: string | undefined): string[] {
  return (text ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function newRecord(values: Record<string, string | boolean | undefined>, source: ApiKeyRecord['source']): { token: string; record: ApiKeyRecord } {
  const scopes: Scope[] = [];
  for (const s of list(values.scope as string | undefined)) {
    const parsed = ScopeSchema.safeParse(s);
    if (!parsed.success) throw new UsageError(`unknown scope "${s}" (known: ${ScopeSchema.options.join(', ')})`);
    scopes.push(parsed.data);
  }
  if (scopes.length === 0) throw new UsageError('--scope is required');
  const venues: VenueId[] = [];
  for (const v of list(values.venues as string | undefined)) {
    if (!isVenueId(v)) throw new UsageError(`unknown venue "${v}"`);
    venues.push(v);
  }
  const limits = TradingLimitsSchema.safeParse({
    ...(values['max-order-notional'] !== undefined ? { maxOrderNotional: values['max-order-notional'] } : {}),
    ...(values['max-open-orders'] !== undefined ? { maxOpenOrders: Number(values['max-open-orders']) } : {}),
    ...(values['max-daily-notional'] !== undefined ? { maxDailyNotional: values['max-daily-notional'] } : {}),
  });
  if (!limits.success) throw new UsageError(`limits: ${limits.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  let rateLimit = null;
  if (values.rate !== undefined || values.burst !== undefined) {
    const parsed = KeyRateLimitSchema.safeParse({ perSecond: Number(values.rate), burst: Number(values.burst ?? Number(values.rate) * 2) });
    if (!parsed.success) throw new UsageError('--rate must be a positive number of requests per second and --burst a whole number');
    rateLimit = parsed.data;
  }
  const token = newToken();
  const record: ApiKeyRecord = {
    id: newKeyId(),
    name: typeof values.name === 'string' ? values.name : null,
    hash: digestOf(token),
    scopes: [...new Set(scopes)],
    venues: venues.length > 0 ? [...new Set(venues)] : null,
    limits: limits.data,
    rateLimit,
    createdAt: new Date().toISOString(),
    source,
  };
  return { token, record };
}

function describeKey(r: ApiKeyRecord): string {
  const limits = Object.entries(r.limits).map(([k, v]) => `${k}=${String(v)}`).join(' ') || '-';
  const rate = r.rateLimit ? `${r.rateLimit.perSecond}/s burst ${r.rateLimit.burst}` : 'default';
  return `${r.id}  scopes=${r.scopes.join(',')}  venues=${r.venues?.join(',') ?? 'all'}  limits: ${limits}  rate: ${rate}  source=${r.source}  created=${r.createdAt}${r.name ? `  name=${r.name}` : ''}`;
}

/** Runs one command; returns the exit code. */
export interface KeysCliOptions {
  /** The deployment's Redis prefix (`Config.redisPrefix`), so the keys land where the service reads them. */
  redisPrefix: string;
}

export async function runKeysCli(argv: string[], env: Record<string, string | undefined>, io: CliIo, options: KeysCliOptions): Promise<number> {
  let target: Target | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        scope: { type: 'string' },
        venues: { type: 'string' },
        name: { type: 'string' },
        'max-order-notional': { type: 'string' },
        'max-open-orders': { type: 'string' },
        'max-daily-notional': { type: 'string' },
        rate: { type: 'string' },
        burst: { type: 'string' },
        file: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
    const [command, ...rest] = positionals;
    if (values.help || command === undefined) {
      io.out(USAGE);
      return values.help ? 0 : 2;
    }
    const file = values.file ?? (env.REDIS_URL ? undefined : env.API_KEYS_FILE);
    if (file === undefined && !env.REDIS_URL) throw new UsageError('no key store: set REDIS_URL or API_KEYS_FILE, or pass --file <path>');
    target = file !== undefined ? fileTarget(file) : await redisTarget(env.REDIS_URL as string, options.redisPrefix);
    if (command === 'create') {
      const { token, record } = newRecord(values, file !== undefined ? 'file' : 'store');
      await target.add(record);
      io.out(`created in ${target.describe}:`);
      io.out(`  ${describeKey(record)}`);
      io.out(`key: ${token}`);
      io.out('This is the only time the key is shown: store it now. Clients send it as "Authorization: Bearer <key>".');
      return 0;
    }
    if (command === 'list') {
      const records = await target.list();
      if (records.length === 0) io.out(`no keys in ${target.describe}`);
      for (const r of records) io.out(describeKey(r));
      return 0;
    }
    if (command === 'revoke') {
      const id = rest[0];
      if (id === undefined) throw new UsageError('revoke needs a key id (see `npm run keys -- list`)');
      if (!(await target.revoke(id))) {
        io.err(`no key ${id} in ${target.describe}`);
        return 1;
      }
      io.out(`revoked ${id} in ${target.describe}`);
      return 0;
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`${err.message}\n${USAGE}`);
      return 2;
    }
    io.err(`keys: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await target?.close();
  }
}
