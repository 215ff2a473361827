/**
 * Fault injection for the venue simulators: REST latency, 429 storms, 5xx, lost responses (the
 * venue applied a request but its answer never reached the client), and WebSocket faults (dropped
 * sockets, sequence gaps, missed pings, malformed frames). Knobs can be set at start or changed at
 * run time; the WS layer of each simulator consults the getters/`take*` methods.
 */
import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { createRng, type Rng } from './rng.js';

export interface FaultOptions {
  latencyMs?: number;
  serverErrorRate?: number;
  missPings?: boolean;
  seed?: number | string;
}

/** The requests a targeted fault applies to; an absent field matches anything. */
export interface RouteMatch {
  /** HTTP method, e.g. `POST`. */
  method?: string;
  /** Tested against the full URL path (without the query), e.g. `/\/portfolio\/events\/orders$/`. */
  path?: RegExp;
}

export interface RateLimitStorm {
  /** Answer 429 until this epoch ms. */
  untilMs?: number;
  /** Answer 429 to this many requests. */
  requests?: number;
  /** Only requests of this route are refused (and counted). */
  route?: RouteMatch;
}

/**
 * A fault after the handler ran: the venue applied the request (an order was placed), then the
 * answer was lost — a gateway answered 502/504, the response was held past the client's deadline,
 * or the connection was reset. This is what makes order writes "outcome unknown".
 */
export interface AfterApplyFault {
  kind: '502' | '504' | 'timeout' | 'reset';
  /** Only requests with this method (e.g. `POST`). */
  method?: string;
  /** Only requests whose path matches. */
  path?: RegExp;
  /** How many matching requests to hit (default 1). */
  count?: number;
  /** For `timeout`: how long the real answer is held (default 5 s; `reset()` releases it earlier). */
  holdMs?: number;
}

function matches(route: RouteMatch | undefined, method: string | undefined, path: string | undefined): boolean {
  if (!route) return true;
  if (route.method !== undefined && route.method.toUpperCase() !== method?.toUpperCase()) return false;
  if (route.path !== undefined && (path === undefined || !route.path.test(path))) return false;
  return true;
}

export class FaultInjector {
  /** Added to every REST response. */
  latencyMs: number;
  /** Probability in [0, 1] that a REST request gets a 5xx. */
  serverErrorRate: number;
  /** While true, the WS layer sends no heartbeats/pings. */
  missPings: boolean;
  private storm: { untilMs: number | undefined; requests: number | undefined; route: RouteMatch | undefined } | undefined;
  private readonly forcedErrors: { route: RouteMatch | undefined; status: number | undefined }[] = [];
  private afterApply: (AfterApplyFault & { left: number })[] = [];
  private readonly held = new Set<() => void>();
  private gaps = 0;
  private malformed = 0;
  private readonly dropListeners = new Set<() => void>();
  private readonly rng: Rng;
  /** Counters of injected faults. */
  readonly injected = { latency: 0, rateLimited: 0, serverErrors: 0, drops: 0, gaps: 0, malformed: 0, afterApply: 0 };

  constructor(options: FaultOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
    this.serverErrorRate = options.serverErrorRate ?? 0;
    this.missPings = options.missPings ?? false;
    this.rng = createRng(options.seed ?? 'faults');
  }

  /** Starts a 429 storm: until a time, for the next N requests, or both (whichever ends first). */
  rateLimitStorm(storm: RateLimitStorm): void {
    this.storm = { untilMs: storm.untilMs, requests: storm.requests, route: storm.route };
  }

  /** Ends a storm early. */
  stopRateLimitStorm(): void {
    this.storm = undefined;
  }

  /** Whether the current request should be answered 429 (consumes one storm request). */
  takeRateLimit(now = Date.now(), method?: string, path?: string): boolean {
    const s = this.storm;
    if (!s) return false;
    if ((s.untilMs !== undefined && now >= s.untilMs) || (s.requests !== undefined && s.requests <= 0)) {
      this.storm = undefined;
      return false;
    }
    if (!matches(s.route, method, path)) return false;
    if (s.requests !== undefined) s.requests -= 1;
    this.injected.rateLimited += 1;
    return true;
  }

  /**
   * The next `count` requests of `route` (any request when absent) are answered with a 5xx before
   * they reach the venue (`status` defaults to the simulator's own server-error status).
   */
  serverErrors(count = 1, options: { route?: RouteMatch; status?: number } = {}): void {
    for (let i = 0; i < count; i++) this.forcedErrors.push({ route: options.route, status: options.status });
  }

  /** A requested 5xx for this request, if any (consumed): its status, or 0 for the default status. */
  takeForcedServerError(method?: string, path?: string): number | undefined {
    const i = this.forcedErrors.findIndex((e) => matches(e.route, method, path));
    if (i < 0) return undefined;
    const [hit] = this.forcedErrors.splice(i, 1);
    this.injected.serverErrors += 1;
    return hit?.status ?? 0;
  }

  /** Loses the answer of the next matching request(s) after the venue applied them. */
  loseAnswerAfterApply(fault: AfterApplyFault): void {
    this.afterApply.push({ ...fault, left: fault.count ?? 1 });
  }

  /** REST layer: the after-apply fault for this request, if one is armed for it (consumes it). */
  takeAfterApply(method: string, path: string): AfterApplyFault | undefined {
    const f = this.afterApply.find((x) => matches(x, method, path));
    if (!f) return undefined;
    f.left -= 1;
    if (f.left <= 0) this.afterApply = this.afterApply.filter((x) => x !== f);
    this.injected.afterApply += 1;
    return f;
  }

  /** Responses being held back right now (`timeout` faults). */
  get heldResponses(): number {
    return this.held.size;
  }

  /** Waits `ms` (or until `reset`), without keeping the process alive. */
  hold(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const release = (): void => {
        clearTimeout(timer);
        this.held.delete(release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      timer.unref();
      this.held.add(release);
    });
  }

  /** Whether the current request should be answered 5xx at the configured random rate. */
  takeServerError(): boolean {
    if (this.serverErrorRate <= 0) return false;
    const hit = this.rng.chance(this.serverErrorRate);
    if (hit) this.injected.serverErrors += 1;
    return hit;
  }

  /** Terminates every WS connection of the simulator now. */
  dropSockets(): void {
    this.injected.drops += 1;
    for (const l of this.dropListeners) l();
  }

  /** The WS layer registers how to drop its sockets. */
  onDropSockets(listener: () => void): () => void {
    this.dropListeners.add(listener);
    return () => this.dropListeners.delete(listener);
  }

  /** Skips one sequence number on each of the next `count` sequenced subscriptions that send. */
  sequenceGap(count = 1): void {
    this.gaps += count;
  }

  /** WS layer: true if this sequenced message should skip a seq number. */
  takeSequenceGap(): boolean {
    if (this.gaps <= 0) return false;
    this.gaps -= 1;
    this.injected.gaps += 1;
    return true;
  }

  /** Sends a non-JSON frame on the next `count` outgoing messages. */
  malformedFrames(count = 1): void {
    this.malformed += count;
  }

  /** WS layer: true if a malformed frame should be sent now (before the real message). */
  takeMalformedFrame(): boolean {
    if (this.malformed <= 0) return false;
    this.malformed -= 1;
    this.injected.malformed += 1;
    return true;
  }

  /** Clears every knob. */
  reset(): void {
    this.latencyMs = 0;
    this.serverErrorRate = 0;
    this.missPings = false;
    this.storm = undefined;
    this.gaps = 0;
    this.malformed = 0;
    this.forcedErrors.length = 0;
    this.afterApply = [];
    for (const release of [...this.held]) release();
  }
}

/** The non-JSON payload sent as a malformed frame. */
export const MALFORMED_FRAME = '{"type":"orderbook_delta","msg":{';

export interface FaultBodies {
  /** Body of an injected 429, as the venue sends it (object → JSON, string → text). */
  rateLimitBody: unknown;
  /** Body of an injected 5xx. */
  serverErrorBody: unknown;
  serverErrorStatus?: ContentfulStatusCode;
  rateLimitHeaders?: Record<string, string>;
}

/**
 * What a proxy in front of a venue answers when the venue did not answer it in time. The venue
 * references do not record these pages; a short HTML page as common load balancers (nginx,
 * Cloudflare) send it is assumed.
 */
function gatewayPage(status: 502 | 504): string {
  const title = status === 502 ? '502 Bad Gateway' : '504 Gateway Time-out';
  return `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center></body></html>`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Hono middleware applying the REST faults with the venue's bodies: latency, 429 storms and 5xx
 * before the request reaches the venue; lost responses after the venue applied it.
 */
export function faultMiddleware(injector: FaultInjector, bodies: FaultBodies): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method;
    const path = c.req.path;
    if (injector.latencyMs > 0) {
      injector.injected.latency += 1;
      await sleep(injector.latencyMs);
    }
    if (injector.takeRateLimit(Date.now(), method, path)) {
      return respond(c.body.bind(c), 429, bodies.rateLimitBody, bodies.rateLimitHeaders);
    }
    const forced = injector.takeForcedServerError(method, path);
    if (forced !== undefined || injector.takeServerError()) {
      const status = (forced || bodies.serverErrorStatus || 500) as ContentfulStatusCode;
      return respond(c.body.bind(c), status, bodies.serverErrorBody);
    }
    const lost = injector.takeAfterApply(method, path);
    await next();
    if (!lost) return undefined;
    if (lost.kind === '502' || lost.kind === '504') {
      const status = lost.kind === '502' ? 502 : 504;
      c.res = undefined;
      c.res = new Response(gatewayPage(status), { status, headers: { 'content-type': 'text/html' } });
    } else if (lost.kind === 'timeout') {
      await injector.hold(lost.holdMs ?? 5_000);
    } else {
      (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming?.socket?.destroy();
    }
    return undefined;
  };
}

function respond(
  body: (data: string, status: ContentfulStatusCode, headers: Record<string, string>) => Response,
  status: ContentfulStatusCode,
  payload: unknown,
  headers: Record<string, string> = {},
): Response {
  if (typeof payload === 'string') return body(payload, status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  return body(JSON.stringify(payload), status, { 'content-type': 'application/json', ...headers });
}
