/**
 * A recording HTTP proxy for the adapter's tests: forwards every request to the simulator, keeps
 * each request's method, path and JSON body, and can refuse chosen requests with a 502 before they
 * reach the simulator (a write the venue never saw, its answer lost on the way back).
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  body: unknown;
  /** Refused by the proxy (never reached the simulator). */
  dropped: boolean;
}

export interface TestProxy {
  /** `http://127.0.0.1:<port>` + the target's path prefix. */
  url: string;
  requests: Recorded[];
  /** Refuse the next `count` requests matching, with a 502, without forwarding them. */
  dropNext(match: { method: string; path: RegExp }, count?: number): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startTestProxy(target: string): Promise<TestProxy> {
  const t = new URL(target);
  const requests: Recorded[] = [];
  const drops: { method: string; path: RegExp; left: number }[] = [];
  const server: Server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const path = req.url ?? '/';
      let body: unknown;
      try {
        body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch {
        body = raw.toString('utf8');
      }
      const rule = drops.find((d) => d.left > 0 && d.method === req.method && d.path.test(path.split('?')[0] ?? ''));
      requests.push({ method: req.method ?? 'GET', path, body, dropped: rule !== undefined });
      if (rule) {
        rule.left -= 1;
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('Bad Gateway');
        return;
      }
      const upstream = httpRequest(
        { host: t.hostname, port: t.port, method: req.method, path, headers: { ...req.headers, host: t.host } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      upstream.end(raw);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${t.pathname.replace(/\/$/, '')}`,
    requests,
    dropNext(match, count = 1) {
      drops.push({ ...match, left: count });
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
