/**
 * The per-connection limit of client messages: a token bucket refilled at `perSecond` up to a
 * burst of twice that, on an injectable clock.
 */
export class MessageRate {
  private tokens: number;
  private last: number;
  private readonly burst: number;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number,
  ) {
    this.burst = Math.max(1, perSecond * 2);
    this.tokens = this.burst;
    this.last = now();
  }

  /** Takes one message's token; false when the client is over its rate. */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
