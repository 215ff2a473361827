/**
 * `REDIS_URL`, parsed in one place. Three deployments:
 *
 * - one server: `redis://[user:password@]host:port[/db]` (`rediss://` for TLS);
 * - a Sentinel set: `redis+sentinel://[user:password@]s1:26379,s2:26379/<master name>[/db]`
 *   (`rediss+sentinel://` for TLS to the data nodes); the credentials are the data nodes'; a
 *   password of the sentinels themselves goes in `?sentinelPassword=…` (and `sentinelUsername`);
 * - a Cluster: `redis+cluster://[user:password@]h1:7000,h2:7001[,…]` (`rediss+cluster://` for TLS):
 *   the seed nodes; the rest of the cluster is discovered from them.
 *
 * ioredis connects to all three (`Redis` with `sentinels` + `name`, `Cluster` with seed nodes); the
 * URL forms are ours, since a standard URL names only one host.
 */

export interface RedisNode {
  host: string;
  port: number;
}

interface Common {
  username?: string;
  password?: string;
  tls: boolean;
}

export type RedisTarget =
  | (Common & { kind: 'single'; url: string })
  | (Common & { kind: 'sentinel'; sentinels: RedisNode[]; name: string; db: number; sentinelUsername?: string; sentinelPassword?: string })
  | (Common & { kind: 'cluster'; nodes: RedisNode[] });

export class RedisUrlError extends Error {
  override name = 'RedisUrlError';
}

const SCHEMES: Record<string, { kind: RedisTarget['kind']; tls: boolean; defaultPort: number }> = {
  redis: { kind: 'single', tls: false, defaultPort: 6379 },
  rediss: { kind: 'single', tls: true, defaultPort: 6379 },
  'redis+sentinel': { kind: 'sentinel', tls: false, defaultPort: 26379 },
  'rediss+sentinel': { kind: 'sentinel', tls: true, defaultPort: 26379 },
  'redis+cluster': { kind: 'cluster', tls: false, defaultPort: 6379 },
  'rediss+cluster': { kind: 'cluster', tls: true, defaultPort: 6379 },
};

export const REDIS_URL_SCHEMES = Object.keys(SCHEMES);

const SHAPE = /^([a-z+]+):\/\/(?:([^@/]*)@)?([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/i;

function nodesOf(text: string, defaultPort: number, url: string): RedisNode[] {
  const nodes = text.split(',').map((part) => {
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(part.trim());
    if (!m?.[1]) throw new RedisUrlError(`REDIS_URL: bad host ${JSON.stringify(part)} in ${redactRedisUrl(url)}`);
    const port = m[2] === undefined ? defaultPort : Number(m[2]);
    if (!(port > 0 && port < 65536)) throw new RedisUrlError(`REDIS_URL: bad port in ${redactRedisUrl(url)}`);
    return { host: m[1].replace(/^\[|\]$/g, ''), port };
  });
  if (nodes.length === 0) throw new RedisUrlError(`REDIS_URL: no host in ${redactRedisUrl(url)}`);
  return nodes;
}

function dbOf(text: string | undefined, url: string): number {
  if (text === undefined || text === '') return 0;
  if (!/^\d{1,2}$/.test(text)) throw new RedisUrlError(`REDIS_URL: bad database number in ${redactRedisUrl(url)}`);
  return Number(text);
}

/** Parses `REDIS_URL` into the deployment it names; throws {@link RedisUrlError} (without the password). */
export function parseRedisUrl(url: string): RedisTarget {
  const m = SHAPE.exec(url.trim());
  const scheme = SCHEMES[(m?.[1] ?? '').toLowerCase()];
  if (!m || !scheme) {
    throw new RedisUrlError(`REDIS_URL must start with one of ${REDIS_URL_SCHEMES.map((s) => `${s}://`).join(', ')}`);
  }
  const [, , userinfo, hosts = '', path = '', query = ''] = m;
  const common: Common = { tls: scheme.tls };
  if (userinfo) {
    const at = userinfo.indexOf(':');
    const user = decodeURIComponent(at < 0 ? userinfo : userinfo.slice(0, at));
    if (user) common.username = user;
    if (at >= 0) common.password = decodeURIComponent(userinfo.slice(at + 1));
  }
  const params = new URLSearchParams(query);
  const segments = path.split('/').filter((s) => s !== '');
  if (scheme.kind === 'single') {
    nodesOf(hosts, scheme.defaultPort, url);
    if (hosts.includes(',')) throw new RedisUrlError('REDIS_URL: one host only for redis:// (use redis+sentinel:// or redis+cluster:// for several)');
    dbOf(segments[0], url);
    return { ...common, kind: 'single', url: url.trim() };
  }
  const nodes = nodesOf(hosts, scheme.defaultPort, url);
  if (scheme.kind === 'cluster') {
    if (segments.length > 0) throw new RedisUrlError('REDIS_URL: a cluster has only database 0, so redis+cluster:// takes no path');
    return { ...common, kind: 'cluster', nodes };
  }
  const name = segments[0];
  if (!name) throw new RedisUrlError('REDIS_URL: redis+sentinel:// needs the master name as its path (…/mymaster)');
  const target: RedisTarget = { ...common, kind: 'sentinel', sentinels: nodes, name: decodeURIComponent(name), db: dbOf(segments[1], url) };
  const sentinelUsername = params.get('sentinelUsername');
  const sentinelPassword = params.get('sentinelPassword');
  if (sentinelUsername) target.sentinelUsername = sentinelUsername;
  if (sentinelPassword) target.sentinelPassword = sentinelPassword;
  return target;
}

/** The display form of a Redis URL, without its passwords. */
export function redactRedisUrl(url: string): string {
  const m = SHAPE.exec(url.trim());
  if (!m) return 'redis://<unparseable url>';
  const [, scheme, userinfo, hosts = '', path = '', query] = m;
  let auth = '';
  if (userinfo !== undefined) {
    const at = userinfo.indexOf(':');
    auth = at < 0 ? `${userinfo}@` : `${userinfo.slice(0, at)}:***@`;
  }
  let q = '';
  if (query !== undefined) {
    const params = new URLSearchParams(query);
    if (params.has('sentinelPassword')) params.set('sentinelPassword', '***');
    q = `?${params.toString().replace('%2A%2A%2A', '***')}`;
  }
  return `${scheme}://${auth}${hosts}${path}${q}`;
}
