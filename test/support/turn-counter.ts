/**
 * Counts turns of the event loop with a chain of immediates of its own, until stopped: a test
 * that runs work beside it reads how many turns the loop took meanwhile (0: the work never let it
 * turn).
 */
export function turnCounter(): { now(): number; stop(): void } {
  let turns = 0;
  let running = true;
  const tick = () => {
    turns += 1;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    now: () => turns,
    stop: () => {
      running = false;
    },
  };
}
