#!/usr/bin/env node
/**
 * `pretest`: the tests start their own redis-server on loopback, so it must be installed. Installs it
 * with apt when missing and running as root; otherwise prints the exact command and fails.
 */
import { execFileSync, spawnSync } from 'node:child_process';

function found(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

if (found('redis-server')) process.exit(0);

const command = 'apt-get update && apt-get install -y redis-server';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

if (isRoot && found('apt-get')) {
  process.stdout.write(`redis-server not found; installing it: ${command}\n`);
  try {
    execFileSync('sh', ['-c', command], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch {
    process.stderr.write(`installing redis-server failed; run: ${command}\n`);
    process.exit(1);
  }
  if (found('redis-server')) process.exit(0);
  process.stderr.write('redis-server is still not on PATH after installing it\n');
  process.exit(1);
}

process.stderr.write(
  `The tests need redis-server, which is not installed. Install it with:\n\n    sudo ${command}\n\n` +
    '(or: brew install redis on macOS) and run npm test again.\n',
);
process.exit(1);
