/** A WebSocket reader for the simulator's tests: queues frames, waits for the next matching one. */
import WebSocket from 'ws';

export type Msg = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A WS client that queues frames and waits for the next one matching a predicate. */
export class Reader {
  readonly frames: string[] = [];
  private waiters: (() => void)[] = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      this.frames.push(d.toString());
      for (const w of this.waiters.splice(0)) w();
    });
  }
  static async open(url: string): Promise<Reader> {
    const ws = new WebSocket(url);
    const r = new Reader(ws);
    await new Promise((res, rej) => { ws.once('open', res); ws.once('error', rej); });
    return r;
  }
  send(v: unknown) { this.ws.send(typeof v === 'string' ? v : JSON.stringify(v)); }
  /** Next frame (raw) satisfying `pred`, consuming frames before it. */
  async next(pred: (raw: string) => boolean): Promise<string> {
    for (;;) {
      const i = this.frames.findIndex(pred);
      if (i >= 0) return this.frames.splice(0, i + 1)[i]!;
      await new Promise<void>((res) => this.waiters.push(res));
    }
  }
  async nextJson(pred: (m: Msg) => boolean): Promise<Msg> {
    const raw = await this.next((f) => { try { return pred(JSON.parse(f)); } catch { return false; } });
    return JSON.parse(raw);
  }
}

