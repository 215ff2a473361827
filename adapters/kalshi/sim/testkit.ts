/**
 * Helpers for talking to the Kalshi simulator from tests and benchmarks: Kalshi request signing
 * (RSA-PSS SHA-256, salt 32, over `timestamp + METHOD + path`) and a signed fetch.
 */
import { constants, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { DEMO_KEY_ID, DEMO_PRIVATE_KEY_PATH } from './index.js';

export interface SimCredentials {
  keyId: string;
  privateKeyPem: string;
}

export function demoCredentials(): SimCredentials {
  return { keyId: DEMO_KEY_ID, privateKeyPem: readFileSync(DEMO_PRIVATE_KEY_PATH, 'utf8') };
}

/** A fresh RSA key pair for a second simulated user. */
export function newCredentials(keyId: string): SimCredentials & { publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    keyId,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function signHeaders(creds: SimCredentials, method: string, path: string, timestampMs = Date.now()): Record<string, string> {
  const ts = String(timestampMs);
  const signature = sign('sha256', Buffer.from(`${ts}${method.toUpperCase()}${path}`), {
    key: creds.privateKeyPem,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
  }).toString('base64');
  return { 'KALSHI-ACCESS-KEY': creds.keyId, 'KALSHI-ACCESS-TIMESTAMP': ts, 'KALSHI-ACCESS-SIGNATURE': signature };
}

/** Parsed JSON body, loosely typed for test assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SimResponseBody = any;

/** Signed request to `baseUrl + path` (path starting with /trade-api/v2; the query is not signed). */
export async function signedFetch(baseUrl: string, creds: SimCredentials | undefined, method: string, path: string, body?: unknown): Promise<{ status: number; body: SimResponseBody; headers: Headers }> {
  const headers: Record<string, string> = creds ? signHeaders(creds, method, path.split('?')[0] as string) : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed as SimResponseBody, headers: res.headers };
}

/** A signed WebSocket client of the simulator that keeps every frame, for tests. */
export interface SimWsClient {
  ws: WebSocket;
  frames: SimResponseBody[];
  raw: string[];
  pings: string[];
  /** The first frame (already received or still to come) matching `pred`. */
  waitFor(pred: (f: SimResponseBody) => boolean): Promise<SimResponseBody>;
  send(frame: unknown): void;
}

export async function connectWs(wsUrl: string, creds: SimCredentials = demoCredentials()): Promise<SimWsClient> {
  const ws = new WebSocket(wsUrl, { headers: signHeaders(creds, 'GET', new URL(wsUrl).pathname) });
  const frames: SimResponseBody[] = [];
  const raw: string[] = [];
  const pings: string[] = [];
  const waiters: { pred: (f: SimResponseBody) => boolean; resolve: (f: SimResponseBody) => void }[] = [];
  ws.on('ping', (d) => pings.push(String(d)));
  ws.on('message', (d) => {
    raw.push(String(d));
    let f: SimResponseBody;
    try {
      f = JSON.parse(String(d));
    } catch {
      return;
    }
    frames.push(f);
    for (const w of [...waiters]) {
      if (w.pred(f)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(f);
      }
    }
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return {
    ws,
    frames,
    raw,
    pings,
    waitFor: (pred) => {
      const hit = frames.find(pred);
      return hit ? Promise.resolve(hit) : new Promise((resolve) => waiters.push({ pred, resolve }));
    },
    send: (frame) => ws.send(JSON.stringify(frame)),
  };
}
