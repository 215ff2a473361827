import { vi } from 'vitest';

/**
 * `vi.waitFor` gives up after one second by default. The suite runs on two cores beside a Redis
 * server and a dozen simulators, where a REST resync can take longer than that; a condition that
 * has not held after ten seconds is a failure, one that holds after 1.2 seconds is not.
 */
const waitFor = vi.waitFor.bind(vi);
vi.waitFor = ((callback, options) =>
  waitFor(callback, typeof options === 'number' ? options : { timeout: 10_000, ...options })) as typeof vi.waitFor;
