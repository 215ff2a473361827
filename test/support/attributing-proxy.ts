/**
 * A TCP proxy in front of a simulator that says which process sent each HTTP request: every
 * accepted connection is matched to the process owning its client socket (Linux: the socket's
 * inode in /proc/net/tcp, found among /proc/<pid>/fd of the candidate processes), and the request
 * lines on it are recorded with that pid. No header or client cooperation is needed: the services
 * under test run unmodified.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface ProxiedRequest {
  pid: number | null;
  method: string;
  path: string;
  at: number;
}

export interface AttributingProxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

function hexPort(port: number): string {
  return port.toString(16).toUpperCase().padStart(4, '0');
}

/** The inode of the loopback socket from `localPort` to `remotePort`, per /proc/net/tcp{,6}. */
function socketInode(localPort: number, remotePort: number): string | null {
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const local = cols[1]!.split(':')[1];
      const remote = cols[2]!.split(':')[1];
      if (local === hexPort(localPort) && remote === hexPort(remotePort)) return cols[9]!;
    }
  }
  return null;
}

function ownerOf(inode: string, pids: () => number[]): number | null {
  const target = `socket:[${inode}]`;
  for (const pid of pids()) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return pid;
      } catch {
        // closed meanwhile
      }
    }
  }
  return null;
}

const REQUEST_LINE = /(?:^|\r\n)(GET|POST|PUT|PATCH|DELETE|HEAD) (\S+) HTTP\/1\.[01]\r\n/g;

/** Proxies 127.0.0.1:<new port> to `target` (`host:port`), attributing requests among `pids()`. */
export async function startAttributingProxy(targetPort: number, pids: () => number[]): Promise<AttributingProxy> {
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    const port = (server.address() as { port: number }).port;
    const inode = client.remotePort ? socketInode(client.remotePort, port) : null;
    const pid = inode ? ownerOf(inode, pids) : null;
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    sockets.add(upstream);
    let tail = '';
    client.on('data', (chunk: Buffer) => {
      const text = tail + chunk.toString('latin1');
      let last = 0;
      for (const m of text.matchAll(REQUEST_LINE)) {
        requests.push({ pid, method: m[1]!, path: m[2]!, at: Date.now() });
        last = (m.index ?? 0) + m[0].length;
      }
      tail = text.slice(Math.max(last, text.length - 512));
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
