/**
 * Shared WebSocket plumbing of both channels: text `PING` → `PONG` (not answered while the
 * `missPings` fault is on), protocol pings every `pingIntervalMs`, malformed-frame injection, and
 * dropping every socket on demand.
 */
import type { WebSocket } from 'ws';
import { MALFORMED_FRAME } from '../../../src/sim/index.js';
import type { PolymarketFaults } from './faults.js';
import { stringify } from './json.js';

export class SocketSet {
  readonly sockets = new Set<WebSocket>();
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribeDrop: () => void;

  constructor(private readonly faults: PolymarketFaults, pingIntervalMs: number) {
    this.timer = setInterval(() => {
      if (this.faults.missPings) return;
      for (const ws of this.sockets) if (ws.readyState === ws.OPEN) ws.ping();
    }, pingIntervalMs);
    this.timer.unref();
    this.unsubscribeDrop = faults.onDropSockets(() => {
      for (const ws of this.sockets) ws.terminate();
    });
  }

  /**
   * Registers a socket; `onMessage` gets every non-PING text frame. Returns false from
   * `onMessage` to close the socket.
   */
  add(ws: WebSocket, onMessage: (text: string) => void, onClose: () => void): void {
    this.sockets.add(ws);
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      if (text === 'PING') {
        if (!this.faults.missPings) ws.send('PONG');
        return;
      }
      onMessage(text);
    });
    ws.on('close', () => {
      this.sockets.delete(ws);
      onClose();
    });
    ws.on('error', () => undefined);
  }

  /** Sends a JSON payload, preceded by a malformed frame when that fault is armed. */
  send(ws: WebSocket, payload: unknown): void {
    if (ws.readyState !== ws.OPEN) return;
    if (this.faults.takeMalformedFrame()) ws.send(MALFORMED_FRAME);
    ws.send(stringify(payload));
  }

  close(): void {
    clearInterval(this.timer);
    this.unsubscribeDrop();
    for (const ws of this.sockets) ws.terminate();
  }
}

export function parseMessage(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
