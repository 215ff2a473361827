/**
 * The container image and the compose file, without a Docker engine: their properties are read from
 * the files themselves, and the image's file set is assembled stage by stage as `docker build`
 * would (the build context filtered by `.dockerignore`, `COPY` and `RUN` of each stage), then its
 * compiled server is run with production dependencies only, as the image's CMD and as `npm start`.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { venueModules } from '../../adapters/index.js';
import { loadConfig } from '../../src/config.js';
import { buildStages, contextFiles, dockerIgnore, linkNodeModules, parseDockerfile, readText, sh, type Stage } from '../support/docker-build.js';
import { serviceNodeFlags } from '../support/node-flags.js';
import { killIfRunning, REPO_ROOT, spawnService, type ServiceProcess } from '../support/service-process.js';

const stages = parseDockerfile(readText(join(REPO_ROOT, 'Dockerfile')));
const final = stages.at(-1) as Stage;
const ignored = dockerIgnore(readText(join(REPO_ROOT, '.dockerignore')));
const compose = parseYaml(readText(join(REPO_ROOT, 'docker-compose.yml'))) as any;

const only = (stage: Stage, op: string) => stage.instructions.filter((i) => i.op === op);

/** Compose durations: `30s`, `1m30s`, `500ms`. */
function durationMs(text: string): number {
  let total = 0;
  for (const [, n, unit] of String(text).matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(n) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
  }
  return total;
}

describe('Dockerfile', () => {
  it('builds in stages and runs compiled JavaScript with node itself, as a non-root user, with a HEALTHCHECK', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const s of stages) expect(s.name, `stage FROM ${s.base} is named`).toBeTruthy();
    // Compiled in a stage of its own.
    const build = stages.find((s) => only(s, 'RUN').some((r) => /\bnpm run build\b/.test(r.args)));
    expect(build, 'a stage runs npm run build').toBeDefined();
    expect(build).not.toBe(final);
    // Production dependencies only, installed in a stage of their own.
    const deps = stages.find((s) => only(s, 'RUN').some((r) => /\bnpm ci --omit=dev\b/.test(r.args)));
    expect(deps, 'a stage runs npm ci --omit=dev').toBeDefined();
    const copies = only(final, 'COPY');
    expect(copies.find((c) => c.words[0] === '/app/node_modules')?.flags.from).toBe(deps?.name);
    expect(copies.find((c) => c.words[0] === '/app/dist')?.flags.from).toBe(build?.name);
    // No sources and no install in the runtime stage.
    for (const c of copies.filter((c) => c.flags.from === undefined)) expect(c.words.slice(0, -1)).toEqual(['package.json']);
    expect(only(final, 'RUN')).toEqual([]);
    // node is PID 1: no npm or shell between SIGTERM and the service.
    expect(only(final, 'ENTRYPOINT')).toEqual([]);
    const cmd = only(final, 'CMD');
    expect(cmd).toHaveLength(1);
    expect(cmd[0]?.exec).toBe(true);
    // The same Node flags as `npm start` (a larger young generation, docs/catalog-scale.md).
    expect(cmd[0]?.words).toEqual(['node', ...serviceNodeFlags(), 'dist/src/main.js']);
    expect(serviceNodeFlags()).toContain('--max-semi-space-size=64');
    // Non-root, owning its files.
    const user = only(final, 'USER').at(-1)?.words[0];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user?.split(':')[0]);
    for (const c of copies) expect(c.flags.chown?.split(':')[0]).toBe(user);
    const health = only(final, 'HEALTHCHECK');
    expect(health).toHaveLength(1);
    expect(health[0]?.exec).toBe(true);
    expect(health[0]?.words.join(' ')).toMatch(/\/healthz/);
  });
});

describe('.dockerignore', () => {
  it('keeps .env and other secrets files out of the build context, and the sources in', () => {
    for (const path of ['.env', '.env.production', 'config/.env', 'deploy/.env.local', 'kalshi.pem', 'keys/kalshi-private.pem', 'tls/server.key', 'secrets/polymarket.json', 'api-keys.json', 'ops/api-keys.prod.json', '.npmrc', '.git/config', 'node_modules/hono/package.json', 'dist/src/main.js']) {
      expect(ignored(path), path).toBe(true);
    }
    for (const path of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src/main.ts', 'adapters/index.ts', 'adapters/kalshi/adapter.ts']) {
      expect(ignored(path), path).toBe(false);
    }
    const files = contextFiles(REPO_ROOT, ignored);
    expect(files).toContain('src/main.ts');
    expect(files.filter((f) => /(^|\/)\.env/.test(f) || f.endsWith('.pem'))).toEqual([]);
  });
});

describe('docker-compose.yml', () => {
  it('gives Redis a volume, both services healthchecks, and Venn a stop grace period longer than its drain', () => {
    const { venn, redis } = compose.services;
    expect(venn.healthcheck.test.join(' ')).toMatch(/\/healthz/);
    expect(redis.healthcheck.test).toEqual(['CMD', 'redis-cli', 'ping']);
    const volume = (redis.volumes as string[]).find((v) => v.endsWith(':/data'));
    expect(volume).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(volume?.split(':')[0]);
    expect(redis.command.join(' ')).toMatch(/--appendonly yes/);
    expect(venn.depends_on.redis.condition).toBe('service_healthy');
    const drainMs = loadConfig({ DRAIN_TIMEOUT_MS: venn.environment.DRAIN_TIMEOUT_MS }, venueModules).drainTimeoutMs;
    expect(durationMs(venn.stop_grace_period)).toBeGreaterThan(drainMs);
  });
});

describe('docker-compose.scale.yml', () => {
  const scale = parseYaml(readText(join(REPO_ROOT, 'docker-compose.scale.yml')), { merge: true }) as any;
  const names = ['venn-1', 'venn-2', 'venn-3'];

  it('runs three Venn instances on one Redis, each named, configured alike and draining before SIGKILL', () => {
    const ids = new Set<string>();
    const prefixes = new Set<string>();
    for (const name of names) {
      const venn = scale.services[name];
      expect(venn.build, name).toBe('.');
      expect(venn.environment.REDIS_URL).toBe('redis://redis:6379');
      expect(venn.depends_on.redis.condition).toBe('service_healthy');
      expect(venn.healthcheck.test.join(' ')).toMatch(/\/healthz/);
      // Compose's `${VAR:-default}` as compose would substitute it with nothing set.
      const env = Object.fromEntries(Object.entries(venn.environment as Record<string, string>).map(([k, v]) => [k, String(v).replace(/\$\{\w+:-([^}]*)\}/g, '$1')]));
      const config = loadConfig(env, venueModules);
      ids.add(config.cluster.instanceId!);
      // One deployment: the same key prefix (same venue hosts), hence the same catalog leases.
      prefixes.add(config.redisPrefix);
      expect(durationMs(venn.stop_grace_period)).toBeGreaterThan(config.drainTimeoutMs);
      expect(config.catalog.leaseTtlMs).toBe(15_000);
    }
    expect([...ids].sort()).toEqual(names);
    expect(prefixes.size).toBe(1);
    expect(new Set(names.map((n) => scale.services[n].ports[0].split(':')[0])).size).toBe(3);
    const redis = scale.services.redis;
    expect(redis.command.join(' ')).toMatch(/--appendonly yes/);
    expect(redis.healthcheck.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });

  it('balances over all three instances and passes the WebSocket upgrade through', () => {
    const lb = scale.services.lb;
    expect(lb.ports).toEqual(['8080:8080']);
    const target = lb.configs[0];
    expect(target.target).toBe('/etc/nginx/conf.d/default.conf');
    // What nginx reads once compose turned `$$` into `$`.
    const raw = String(scale.configs[target.source].content);
    // A lone `$` would be interpolated by compose (nginx variables must be written `$$`).
    expect(raw.replaceAll('$$', '')).not.toContain('$');
    const conf = raw.replaceAll('$$', '$');
    for (const name of names) expect(conf).toContain(`server ${name}:8080`);
    expect(conf).toMatch(/proxy_pass http:\/\/venn;/);
    expect(conf).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(conf).toMatch(/map \$http_upgrade \$connection_upgrade/);
  });
});

describe('the image file set', () => {
  const work = mkdtempSync(join(tmpdir(), 'venn-image-'));
  let running: ServiceProcess | undefined;
  afterAll(async () => {
    killIfRunning(running);
    await rm(work, { recursive: true, force: true });
  }, 300_000);

  it('runs its compiled server with production dependencies only, as CMD and as npm start, and drains on SIGTERM', { timeout: 900_000 }, async () => {
    const npmEnv = { ...process.env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
    const dirs = buildStages(stages, {
      context: REPO_ROOT,
      files: contextFiles(REPO_ROOT, ignored),
      workDir: work,
      run(command, cwd) {
        for (const part of command.split('&&').map((p) => p.trim())) {
          // The full install of the build stage is the repository's own, from the same lockfile.
          if (part === 'npm ci') linkNodeModules(REPO_ROOT, cwd);
          // Shrinks the image's npm cache outside /app; it would wipe this machine's cache.
          else if (part === 'npm cache clean --force') continue;
          else sh(part, cwd, npmEnv);
        }
      },
    });
    const app = dirs.final as string;
    expect(readdirSync(app).sort()).toEqual(['dist', 'node_modules', 'package.json']);
    expect(existsSync(join(app, 'dist/src/main.js'))).toBe(true);
    // Exactly the lockfile's production tree: no package the lockfile marks dev-only.
    const lock = JSON.parse(readText(join(REPO_ROOT, 'package-lock.json'))) as { packages: Record<string, { dev?: boolean; optional?: boolean; devOptional?: boolean }> };
    const topLevel = Object.entries(lock.packages).filter(([path]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path));
    const devOnly = topLevel.filter(([, p]) => p.dev === true).map(([path]) => path);
    expect(devOnly).toEqual(expect.arrayContaining(['node_modules/vitest', 'node_modules/tsx', 'node_modules/eslint']));
    for (const path of devOnly) expect(existsSync(join(app, path)), `${path} is dev-only`).toBe(false);
    for (const [path] of topLevel.filter(([, p]) => !p.dev && !p.optional && !p.devOptional)) expect(existsSync(join(app, path)), path).toBe(true);
    const env: Record<string, string> = {};
    for (const e of only(final, 'ENV')) for (const [, k, v] of e.args.matchAll(/(\w+)=(\S+)/g)) env[k as string] = v as string;
    expect(env.NODE_ENV).toBe('production');

    // As the image runs it: CMD.
    const cmd = only(final, 'CMD')[0]?.words as string[];
    running = spawnService({ command: process.execPath, args: cmd.slice(1), cwd: app, env: { ...env, HOST: '127.0.0.1', PORT: '0', VENUES: 'none' } });
    const url = await running.url();
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const check = only(final, 'HEALTHCHECK')[0]?.words as string[];
    const probe = spawnSync(process.execPath, check.slice(1), { env: { PATH: process.env.PATH, PORT: new URL(url).port }, timeout: 30_000 });
    expect(probe.status, probe.stderr?.toString()).toBe(0);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    expect(running.output()).toMatch(/"msg":"stopped"/);

    // As an operator starts it: npm start, signalled through npm.
    running = spawnService({ command: 'npm', args: ['start'], cwd: app, env: { ...env, HOST: '127.0.0.1', PORT: '0', VENUES: 'none', npm_config_update_notifier: 'false' } });
    const startedUrl = await running.url();
    expect((await fetch(`${startedUrl}/healthz`)).status).toBe(200);
    const pid = Number(/"pid":(\d+)[^\n]*"msg":"venn listening"/.exec(running.output())?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(pid, 'npm execs node: the service is a process of its own').not.toBe(running.child.pid);
    running.child.kill('SIGTERM');
    await running.exited;
    expect(running.output()).toMatch(/"msg":"stopped"/);
    expect(() => process.kill(pid, 0), 'the service exited with npm').toThrow();
  });
});
