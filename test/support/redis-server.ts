/**
 * Starts a throwaway `redis-server` on a free loopback port for tests: no persistence, stopped
 * afterwards. `kill()` SIGKILLs it to simulate an outage; `restart()` brings it back on the same
 * port (empty, as a real crash without persistence would).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { delimiter, join } from 'node:path';

export interface RedisServerHandle {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Graceful stop (SIGTERM), waits for the process to exit. */
  stop(): Promise<void>;
  /** SIGKILL, to test outages. Returns at once. */
  kill(): void;
  /** Starts the server again on the same port (stopping it first if it runs) and waits for PING. */
  restart(): Promise<void>;
  /** SIGSTOP: the server keeps its connections open but answers nothing (a hung server). */
  pause(): void;
  /** SIGCONT after `pause()`. */
  resume(): void;
}

export function findRedisServer(): string {
  return findRedisBinary('redis-server');
}

/** `redis-server` or `redis-cli` on PATH (both come with the redis-server package). */
export function findRedisBinary(name: 'redis-server' | 'redis-cli'): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error(
    `${name} was not found on PATH; the Redis tests need a real server. Install it with \`apt-get install -y redis-server\`.`,
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One PING over a raw socket; true when the server answered +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let data = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      data += chunk.toString('utf8');
      if (data.includes('\r\n')) finish(data.startsWith('+PONG'));
    });
  });
}

export async function waitForPing(port: number, child: ChildProcess, output: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`redis-server exited early (code ${child.exitCode}, signal ${child.signalCode}): ${output()}`);
    }
    if (await ping(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms: ${output()}`);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

export async function startRedisServer(): Promise<RedisServerHandle> {
  const binary = findRedisServer();
  const port = await freePort();
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const child of running) child.kill('SIGKILL');
    });
  }
  let child: ChildProcess | null = null;
  /** Resolves when the last stopped or killed process has exited (its port is free again). */
  let lastExit: Promise<void> = Promise.resolve();

  async function launch(): Promise<void> {
    let output = '';
    const proc = spawn(
      binary,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-2000);
    };
    proc.stdout?.on('data', collect);
    proc.stderr?.on('data', collect);
    running.add(proc);
    proc.once('exit', () => running.delete(proc));
    child = proc;
    try {
      await waitForPing(port, proc, () => output);
    } catch (err) {
      proc.kill('SIGKILL');
      throw err;
    }
  }

  async function stop(): Promise<void> {
    const proc = child;
    if (!proc) return;
    child = null;
    lastExit = exited(proc);
    proc.kill('SIGCONT');
    proc.kill('SIGTERM');
    await lastExit;
  }

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    kill() {
      const proc = child;
      if (!proc) return;
      child = null;
      lastExit = exited(proc);
      proc.kill('SIGKILL');
    },
    async restart() {
      await stop();
      await lastExit;
      await launch();
    },
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
  };
}
