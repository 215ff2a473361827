/**
 * The context of the work a venue call is made for, carried by AsyncLocalStorage so that adapter
 * signatures stay as they are: the API sets it per request (an overall deadline, its abort signal,
 * the client it serves), background jobs (catalog sync, book polling) mark themselves as such, and
 * the HTTP client and the limiters read it.
 *
 * - `interactive` work (API requests) has a deadline, waits in a bounded queue, is served client by
 *   client in turn, and may use only part of a venue's budget: the rest is reserved for
 *   `background` work, so that a flood of API calls cannot starve the catalog or the live books.
 * - Work with no context (tests, tools) behaves like background work without a deadline.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { VenueId } from '../core/ids.js';

export type Lane = 'interactive' | 'background';

export interface RequestContext {
  lane: Lane;
  /** Who the work is for (an API key id or a client address); interactive queues serve clients in turn. */
  client?: string;
  /** Epoch milliseconds (`Date.now()` clock) by which the work must be done. */
  deadlineAt?: number;
  /** The whole deadline, for error details. */
  deadlineMs?: number;
  /** Aborted when the deadline passes or the work is cancelled. */
  signal?: AbortSignal;
  /** What the work waits for right now: the venue's budget (a limiter) or the venue's answer. */
  waiting?: { venue: VenueId; on: 'budget' | 'venue'; retryAfterMs?: number };
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs `fn` (and everything it starts) in `context`. */
export function runInContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** Runs `fn` as background work: no deadline, served from the reserved share of each venue budget. */
export function inBackground<T>(fn: () => T): T {
  return storage.run({ lane: 'background' }, fn);
}

/** Milliseconds left before the context's deadline (Infinity without one). */
export function remainingMs(context: RequestContext | undefined, now = Date.now()): number {
  return context?.deadlineAt === undefined ? Infinity : context.deadlineAt - now;
}

/** True when the context's deadline has passed (its signal aborted by the deadline). */
export function deadlinePassed(context: RequestContext | undefined, now = Date.now()): boolean {
  return remainingMs(context, now) <= 0 || (context?.signal?.aborted ?? false);
}
