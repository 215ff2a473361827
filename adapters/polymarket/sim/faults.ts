/**
 * Polymarket-specific fault knobs on top of the shared FaultInjector: the weekly matching-engine
 * restart (425 on order endpoints, then post-only mode; docs/venues/polymarket.md §6.13) and
 * inconsistent market-channel updates (a `price_change` that is skipped, or whose level size does
 * not produce the book its `hash` describes).
 */
import { FaultInjector, type FaultOptions } from '../../../src/sim/index.js';

export type BookFaultMode = 'skip' | 'corrupt';

export class PolymarketFaults extends FaultInjector {
  /** Order endpoints answer 425 until this epoch ms. */
  restartUntilMs = 0;
  /** Non-post-only orders answer 503 post-only mode until this epoch ms. */
  postOnlyUntilMs = 0;
  private bookFaults: BookFaultMode[] = [];

  constructor(options: FaultOptions = {}, private readonly now: () => number = Date.now) {
    super(options);
  }

  /**
   * Starts an engine restart now: `restartMs` of 425 on order and cancel endpoints (default 90 s),
   * then `postOnlyMs` of post-only mode (default 2 min).
   */
  engineRestart(restartMs = 90_000, postOnlyMs = 120_000): void {
    const t = this.now();
    this.restartUntilMs = t + restartMs;
    this.postOnlyUntilMs = t + restartMs + postOnlyMs;
  }

  restarting(): boolean {
    return this.now() < this.restartUntilMs;
  }

  /** Seconds left of post-only mode (0 when not in it). */
  postOnlySecondsLeft(): number {
    const t = this.now();
    if (t < this.restartUntilMs || t >= this.postOnlyUntilMs) return 0;
    return Math.ceil((this.postOnlyUntilMs - t) / 1000);
  }

  /** The next `count` market-channel `price_change` events are skipped or corrupted. */
  inconsistentBookUpdate(mode: BookFaultMode = 'corrupt', count = 1): void {
    for (let i = 0; i < count; i++) this.bookFaults.push(mode);
  }

  /** WS layer: the fault to apply to the next `price_change`, if any. */
  takeBookFault(): BookFaultMode | undefined {
    return this.bookFaults.shift();
  }

  override reset(): void {
    super.reset();
    this.restartUntilMs = 0;
    this.postOnlyUntilMs = 0;
    this.bookFaults = [];
  }
}
