/**
 * What Node answers before Hono sees a request, and what the process says when it cannot listen:
 * oversized headers (431) and a malformed request line (400) get problem+json bodies; a port in use
 * or a bad HOST stops the service with one line naming the variable, without a stack trace.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { venueModules } from '../../adapters/index.js';
import { loadConfig } from '../../src/config.js';
import { startService, type RunningService } from '../../src/main.js';

let service: RunningService;
let port: number;

beforeAll(async () => {
  service = await startService(loadConfig({ HOST: '127.0.0.1', PORT: '0', VENUES: 'none' }, venueModules), { logger: pino({ level: 'silent' }) });
  port = Number(new URL(service.url).port);
});
afterAll(() => service.close());

/** Writes raw bytes, returns the raw answer. */
function raw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.on('data', (d) => (out += d.toString('latin1')));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

function parse(answer: string): { status: number; headers: string; body: Record<string, unknown> } {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body: JSON.parse(body) as Record<string, unknown> };
}

describe("Node's own answers", () => {
  it('oversized headers: 431 with a problem+json body', async () => {
    const r = parse(await raw(`GET /v1/markets HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(r.status).toBe(431);
    expect(r.headers).toContain('content-type: application/problem+json');
    expect(r.body).toMatchObject({ status: 431, code: 'request_header_fields_too_large' });
  });

  it('an oversized URL: 431 with a problem+json body', async () => {
    const r = parse(await raw(`GET /v1/markets?q=${'a'.repeat(20_000)} HTTP/1.1\r\nhost: x\r\n\r\n`));
    expect(r.status).toBe(431);
    expect(r.body.code).toBe('request_header_fields_too_large');
  });

  it('a malformed request line: 400 with a problem+json body', async () => {
    const r = parse(await raw('THIS IS NOT HTTP\r\n\r\n'));
    expect(r.status).toBe(400);
    expect(r.headers).toContain('content-type: application/problem+json');
    expect(r.body).toMatchObject({ status: 400, code: 'invalid_request' });
  });
});

const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/** Runs the service as `npm start` would, with no venue (no network); its exit code and stderr. */
function run(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { PATH: process.env.PATH ?? '', VENUES: 'none', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('cannot listen', () => {
  let blocker: Server;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it('a port in use: one line naming PORT, exit 1', async () => {
    const taken = (blocker.address() as AddressInfo).port;
    const r = await run({ HOST: '127.0.0.1', PORT: String(taken) });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^venn failed to start: PORT: port \d+ is already in use/);
  }, 60_000);

  it.each(['203.0.113.7', 'no-such-host.invalid'])('HOST=%s: one line naming HOST, exit 1', async (host) => {
    const r = await run({ HOST: host, PORT: '0' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^venn failed to start: HOST: /);
  }, 60_000);
});
