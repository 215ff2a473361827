/**
 * Every API request runs in a request context (src/venue/request-context.ts): venue calls made for
 * it are interactive work, queued per client behind the venue's budget, and bounded by one overall
 * deadline covering every attempt, backoff and wait. Past the deadline the venue call fails with a
 * 504 `timeout` problem (naming the venue and `timeoutMs`); a call that cannot get budget in time is
 * shed with a 503 `overloaded` and `Retry-After`.
 *
 * Trading and key routes get no deadline: an order write cut off mid-flight has an unknown outcome,
 * and those routes keep their own write deadline (`ORDER_WRITE_DEADLINE_MS`).
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { DeadlineExceeded } from '../core/errors.js';
import { runInContext, type RequestContext } from '../venue/request-context.js';

export interface RequestContextOptions {
  /** Overall deadline of a request's venue work (`REQUEST_DEADLINE_MS`). */
  deadlineMs: number;
  /** First path segments under `/v1` that run without a deadline (trading, keys). */
  noDeadline: ReadonlySet<string>;
}

/** Who a request is for: its API key when it presents a valid one, else the peer address. */
export function clientOf(c: Context): string {
  const principal = c.get('principal');
  if (principal) return `key:${principal.keyId}`;
  return `ip:${peerAddress(c)}`;
}

/** The TCP peer's address (no proxy header is trusted); `unknown` outside a Node server (tests). */
export function peerAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function resourceOf(path: string): string {
  const segs = path.split('/');
  return segs[1] === 'v1' ? (segs[2] ?? '') : (segs[1] ?? '');
}

export function requestContextMiddleware(options: RequestContextOptions): MiddlewareHandler {
  return async (c, next) => {
    const client = clientOf(c);
    if (options.noDeadline.has(resourceOf(c.req.path))) {
      await runInContext({ lane: 'interactive', client }, next);
      return;
    }
    const controller = new AbortController();
    const deadlineMs = options.deadlineMs;
    const timer = setTimeout(() => {
      controller.abort(new DeadlineExceeded(`request deadline of ${deadlineMs} ms passed`, deadlineMs));
    }, deadlineMs);
    const context: RequestContext = { lane: 'interactive', client, deadlineAt: Date.now() + deadlineMs, deadlineMs, signal: controller.signal };
    try {
      await runInContext(context, next);
    } finally {
      clearTimeout(timer);
    }
  };
}
