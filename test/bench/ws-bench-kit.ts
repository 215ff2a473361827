/**
 * Pieces shared by the WebSocket feed benchmarks: child processes answering IPC requests, and sets
 * of client sockets counting what they receive and sampling the latency from the venue's timestamp.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

/** Every n-th message is parsed for its timestamp (parsing all would load the clients' process). */
const SAMPLE_EVERY = 4;

export interface Child {
  proc: ChildProcess;
  ask<T>(req: Record<string, unknown>): Promise<T>;
  stop(): void;
}

/**
 * Forks `entry` (a bench file's `import.meta.url`) as `role` (`VENN_WS_BENCH_ROLE`); resolves with
 * the child's first message. The child answers `ask` requests by `id` and exits on disconnect.
 */
export function startChild<R>(entry: string, role: string, env: Record<string, string>): Promise<{ child: Child; ready: R }> {
  const proc = fork(fileURLToPath(entry), [], {
    execArgv: ['--import', 'tsx', ...(process.env.VENN_WS_BENCH_PROFILE === role ? ['--cpu-prof', '--cpu-prof-dir=/tmp/feedscratch/prof'] : [])],
    env: { ...process.env, ...env, VENN_WS_BENCH_ROLE: role },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const waiting = new Map<number, (body: unknown) => void>();
  return new Promise((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`${role} process exited with ${code}`)));
    proc.once('message', (ready) => {
      proc.on('message', (m) => {
        const { id, body } = m as { id: number; body: unknown };
        waiting.get(id)?.(body);
        waiting.delete(id);
      });
      const child: Child = {
        proc,
        ask: <T>(req: Record<string, unknown>) =>
          new Promise<T>((res) => {
            const id = nextId++;
            waiting.set(id, res as (b: unknown) => void);
            proc.send({ ...req, id });
          }),
        stop: () => proc.connected && proc.disconnect(),
      };
      resolve({ child, ready: ready as R });
    });
  });
}

/** A set of client sockets counting what they receive and sampling latency. */
export class ClientSet {
  readonly sockets: WebSocket[] = [];
  received = 0;
  latencies: number[] = [];

  async open(url: string, n: number, subscribe: (i: number) => string, isReady: (text: string) => boolean): Promise<void> {
    for (let start = 0; start < n; start += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, n - start) }, (_, k) => {
          const i = start + k;
          return new Promise<void>((resolve, reject) => {
            const ws = new WebSocket(url, { perMessageDeflate: false });
            let ready = false;
            let count = 0;
            ws.on('message', (data) => {
              if (!ready) {
                const text = String(data);
                // A refused subscription would otherwise leave the run waiting for ever.
                if (text.includes('"type":"error"')) reject(new Error(`client ${i} was refused: ${text}`));
                if (isReady(text)) {
                  ready = true;
                  resolve();
                }
                return;
              }
              this.received += 1;
              if (++count % SAMPLE_EVERY !== 0) return;
              const ts = (JSON.parse(String(data)) as { venueTimestamp?: string | null }).venueTimestamp;
              if (ts) this.latencies.push(Date.now() - Date.parse(ts));
            });
            ws.once('open', () => ws.send(subscribe(i)));
            ws.once('error', reject);
            this.sockets.push(ws);
          });
        }),
      );
    }
  }

  reset(): void {
    this.received = 0;
    this.latencies = [];
  }

  close(): void {
    for (const ws of this.sockets) ws.terminate();
  }
}
