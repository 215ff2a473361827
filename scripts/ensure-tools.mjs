#!/usr/bin/env node
/**
 * `pretest`: the tests start their own redis-server (and a Redis Cluster, with redis-cli) on loopback, run the README's trading examples
 * with curl, and drive the web console in Debian's headless Chromium (`/usr/bin/chromium`), so all
 * three must be installed. Installs what is missing with apt when running as root; otherwise prints
 * the exact command and fails.
 */
import { execFileSync, spawnSync } from 'node:child_process';

function found(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** [command on PATH, Debian package] */
const TOOLS = [
  ['redis-server', 'redis-server'],
  // The Redis Cluster tests create their cluster with `redis-cli --cluster create`.
  ['redis-cli', 'redis-tools'],
  ['curl', 'curl'],
  ['chromium', 'chromium'],
];

const missing = TOOLS.filter(([cmd]) => !found(cmd)).map(([, pkg]) => pkg);
if (missing.length === 0) process.exit(0);

const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

if (isRoot && found('apt-get')) {
  process.stdout.write(`${missing.join(' and ')} not found; installing: ${command}\n`);
  try {
    execFileSync('sh', ['-c', command], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch {
    process.stderr.write(`installing ${missing.join(' ')} failed; run: ${command}\n`);
    process.exit(1);
  }
  const still = TOOLS.filter(([cmd]) => !found(cmd)).map(([cmd]) => cmd);
  if (still.length === 0) process.exit(0);
  process.stderr.write(`${still.join(' or ')} is still not on PATH after installing it\n`);
  process.exit(1);
}

process.stderr.write(
  `The tests need ${missing.join(' and ')}, not installed here. Install with:\n\n    sudo ${command}\n\n` +
    '(on macOS: brew install redis, and set CHROMIUM_PATH to a Chromium or Chrome binary) and run npm test again.\n',
);
process.exit(1);
