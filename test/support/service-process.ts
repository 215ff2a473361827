/**
 * The service as an operator runs it: a child process (`node dist/src/main.js`, `npm start`, or the
 * TypeScript source through tsx's loader, all without a wrapper process), its output collected,
 * its URL read from the line it prints at startup.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, vi } from 'vitest';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServiceProcess {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  exited: Promise<number | string>;
  /** The URL from the `venn listening on <url>` line. */
  url(): Promise<string>;
}

export interface SpawnOptions {
  /** Default: `node --import tsx src/main.ts` in the repository. */
  command?: string;
  args?: string[];
  cwd?: string;
  env?: Record<string, string | undefined>;
}

export function spawnService(options: SpawnOptions = {}): ServiceProcess {
  const child = spawn(options.command ?? process.execPath, options.args ?? ['--import', 'tsx', 'src/main.ts'], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return {
    child,
    output: () => out,
    exited,
    url: () =>
      vi.waitFor(
        () => {
          const url = /^venn listening on (http:\/\/\S+)$/m.exec(out)?.[1];
          expect(url, `the service prints its URL on its own line:\n${out}`).toBeTruthy();
          return url as string;
        },
        { timeout: 60_000, interval: 50 },
      ),
  };
}

/** Kills the process if a test left it running. */
export function killIfRunning(p: ServiceProcess | undefined): void {
  if (p && p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
}
