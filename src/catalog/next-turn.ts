/**
 * Resolves on the event loop's next turn, once the I/O callbacks due now have run: what a long
 * run of synchronous work awaits between two steps, so that requests and replies arriving
 * meanwhile are not left waiting for the whole run.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Turns of the event loop handed out one at a time, in the order they are asked for: the walks
 * of several venues, each awaiting `next()` before indexing a page, index one page per turn
 * between them, instead of all of theirs in the same turn (the loop runs every callback queued
 * for its check phase before it looks at timers and sockets again).
 */
export class Turns {
  private last: Promise<void> = Promise.resolve();

  /** Resolves on a turn of its own, after the turns of every earlier caller. */
  next(): Promise<void> {
    const turn = this.last.then(nextTurn);
    this.last = turn;
    return turn;
  }
}
