import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import { Pool } from 'undici';
import type { ZodType } from 'zod';
import type { NetworkError } from '../core/errors.js';
import { DeadlineExceeded, MissingCredentials, OrderStateUnknown, Overloaded, VenueFormatError, VenueUnavailable } from '../core/errors.js';
import type { VenueId } from '../core/ids.js';
import { mapVenueError, type VenueErrorSpec } from './error-table.js';
import { type ErrorResponse, classifyTransportError, parseRetryAfter, transportError } from './http-errors.js';
import { deadlineHitsTotal, httpRequestsTotal, httpRetriesTotal, shedRequestsTotal } from './http-metrics.js';
import { trackLimiter, type RateLimiter } from './rate-limiter.js';
import { currentContext, remainingMs, type RequestContext } from './request-context.js';
import { parseVenuePayload } from './validate.js';

/**
 * The one HTTP client every adapter uses: keep-alive pool (undici), per-request deadline, token
 * buckets, retries with full-jitter exponential backoff for idempotent requests only, `Retry-After`,
 * typed errors, zod-validated responses, Prometheus counters. Request headers (signatures, keys)
 * never appear in logs or errors.
 *
 * Work done for an API request carries that request's overall deadline (request-context.ts): every
 * attempt, backoff and wait for budget fits inside it, and once it has passed the call fails with
 * `DeadlineExceeded` (an answer past the deadline is useless to the caller) instead of retrying on.
 */

export interface SignInput {
  method: string;
  /** Full URL path including the base path prefix, without the query. */
  path: string;
  /** `''` or `'?a=b'`, exactly as sent. */
  query: string;
  /** The exact body string sent, or undefined. */
  body: string | undefined;
}

export interface RetryOptions {
  /** Total attempts including the first (default 4). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: the request fails with `RateLimited` (default 30 s). */
  maxRetryAfterMs?: number;
}

export interface HttpClientOptions {
  venue: VenueId;
  /** e.g. `http://127.0.0.1:4000/trade-api/v2`; the path prefix is kept. */
  baseUrl: string;
  /** Deadline per attempt, from sending to the end of the body (default 10 s). */
  timeoutMs?: number;
  retry?: RetryOptions;
  limiter?: RateLimiter;
  /**
   * Names the account whose budget the limiter spends (e.g. an API key id), when the venue counts
   * per account; the limiter's buckets are shared between instances under `<venue>[:<account>]`.
   */
  budgetAccount?: string;
  /** Auth headers; called on every attempt so timestamps are fresh. */
  sign?: (req: SignInput) => Record<string, string> | Promise<Record<string, string>>;
  /** The venue's error tables (see `mapVenueError`); without them only the shared rules apply. */
  errors?: VenueErrorSpec;
  logger?: Logger;
  headers?: Record<string, string>;
  /** Keep-alive connections per origin (default 16). */
  connections?: number;
  /**
   * Sees every response's status and headers (success or not) before it is mapped, e.g. to read a
   * venue's rate-limit headers into its buckets. Must not throw.
   */
  onResponse?: (res: { endpoint: string; status: number; headers: Record<string, string> }) => void;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions<T> {
  method: HttpMethod;
  /** Relative to the base URL, e.g. `/markets/KX-1`. */
  path: string;
  /** Arrays become repeated keys (`?tickers=a&tickers=b`); undefined and null are dropped. */
  query?: Record<string, QueryValue>;
  /** JSON-encoded once; the same string is signed and sent. */
  body?: unknown;
  /**
   * An already-encoded JSON body, sent (and signed) exactly as given instead of `body`: for venues
   * that take decimals as JSON numbers, written from decimal text without a float conversion.
   */
  bodyText?: string;
  /** Label for errors, logs and metrics, e.g. `GET /markets/{ticker}`. */
  endpoint?: string;
  schema?: ZodType<T>;
  auth?: boolean;
  /** Default true for GET, false otherwise. Only idempotent requests are retried. */
  idempotent?: boolean;
  /** Default `{ bucket: 'read' }` for GET, `{ bucket: 'write' }` otherwise; one token. */
  cost?: { bucket: string | readonly string[]; tokens?: number };
  timeoutMs?: number;
  headers?: Record<string, string>;
  /** Statuses treated as success (default 2xx). */
  expectStatus?: number[];
  signal?: AbortSignal;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** Parsed JSON, or undefined when the body is empty or not JSON. */
  json: unknown;
}

export interface HttpClientStats {
  /** HTTP attempts that got a response or failed in transport. */
  requests: number;
  retries: number;
  rateLimited: number;
  serverErrors: number;
  networkErrors: number;
}

/** Sentinel abort reason of our own deadline. */
const TIMED_OUT: unique symbol = Symbol('venn.http.timeout');
/** Sentinel abort reason of `close`. */
const CLOSED: unique symbol = Symbol('venn.http.closed');

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds `?a=1&b=x&b=y` (RFC 3986 percent-encoding), or `''`. */
export function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const k = encodeURIComponent(key);
    if (Array.isArray(value)) {
      for (const item of value as readonly (string | number)[]) parts.push(`${k}=${encodeURIComponent(String(item))}`);
    } else {
      parts.push(`${k}=${encodeURIComponent(String(value))}`);
    }
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/** A bounded-cardinality metrics label when the caller gave none: id-like segments become `{id}`. */
function defaultEndpoint(method: string, path: string): string {
  const segs = path.split('/').map((s) => (s !== '' && /\d/.test(s) && !/^v\d+$/.test(s) ? '{id}' : s));
  return `${method} ${segs.join('/')}`;
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function tryJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

type Outcome = { kind: 'response'; res: RawResponse } | { kind: 'error'; error: unknown };

function combineSignals(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  if (!a) return b;
  if (!b) return a;
  return AbortSignal.any([a, b]);
}

export class HttpClient {
  readonly venue: VenueId;
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly errors: VenueErrorSpec;
  private readonly counts: HttpClientStats = { requests: 0, retries: 0, rateLimited: 0, serverErrors: 0, networkErrors: 0 };
  /** Aborted by `close`: cancels every call in flight, queued or waiting for a token. */
  private readonly closing = new AbortController();

  constructor(private readonly options: HttpClientOptions) {
    // Every call in flight and every backoff listens to it: as many as the venue queue holds, not 10.
    setMaxListeners(0, this.closing.signal);
    this.venue = options.venue;
    this.errors = options.errors ?? { venue: options.venue, table: {} };
    const url = new URL(options.baseUrl);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, { connections: options.connections ?? 16, keepAliveTimeout: 30_000, pipelining: 1 });
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxAttempts = Math.max(1, options.retry?.maxAttempts ?? 4);
    this.baseDelayMs = options.retry?.baseDelayMs ?? 250;
    this.maxDelayMs = options.retry?.maxDelayMs ?? 10_000;
    this.maxRetryAfterMs = options.retry?.maxRetryAfterMs ?? 30_000;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    if (options.limiter) {
      trackLimiter(options.venue, options.limiter);
      options.limiter.share(options.budgetAccount ? `${options.venue}:${options.budgetAccount}` : options.venue);
    }
  }

  /** Sends, maps non-success statuses to typed errors, validates the body. 204/empty → undefined. */
  async request<T>(opts: RequestOptions<T>): Promise<T> {
    return (await this.requestWithHeaders(opts)).data;
  }

  /** `request`, also returning the response headers (lower-cased), e.g. to read `cache-control`. */
  async requestWithHeaders<T>(opts: RequestOptions<T>): Promise<{ data: T; headers: Record<string, string> }> {
    const endpoint = opts.endpoint ?? defaultEndpoint(opts.method, opts.path);
    const res = await this.execute(opts, endpoint, true);
    if (res.text === '' || res.status === 204) return { data: undefined as T, headers: res.headers };
    if (res.json === undefined) {
      throw new VenueFormatError(`${this.venue} ${endpoint}: response is not JSON (HTTP ${res.status})`, {
        venue: this.venue,
        endpoint,
        status: res.status,
      });
    }
    if (!opts.schema) return { data: res.json as T, headers: res.headers };
    return { data: parseVenuePayload(opts.schema, res.json, { venue: this.venue, endpoint, status: res.status }), headers: res.headers };
  }

  /** Like `request` but returns whatever status came last (still limiter, retries and deadline). */
  async requestRaw(opts: RequestOptions<unknown>): Promise<RawResponse> {
    const endpoint = opts.endpoint ?? defaultEndpoint(opts.method, opts.path);
    return this.execute(opts, endpoint, false);
  }

  stats(): HttpClientStats {
    return { ...this.counts };
  }

  /**
   * Cancels every call in flight (a read fails with `VenueUnavailable`, a write whose request went
   * out with `OrderStateUnknown`), then closes the connections.
   */
  async close(): Promise<void> {
    if (this.options.limiter) trackLimiter(this.venue, this.options.limiter, false);
    this.closing.abort(CLOSED);
    await this.pool.close();
  }

  /** Full-jitter backoff: random in [0, min(max, base·2^attempt)]. */
  backoffMs(attempt: number): number {
    return Math.floor(this.random() * Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** attempt));
  }

  private isSuccess(status: number, expect: number[] | undefined): boolean {
    return expect ? expect.includes(status) : status >= 200 && status < 300;
  }

  private async execute(opts: RequestOptions<unknown>, endpoint: string, mapStatus: boolean): Promise<RawResponse> {
    const method = opts.method;
    const idempotent = opts.idempotent ?? method === 'GET';
    const bucket = opts.cost?.bucket ?? (method === 'GET' ? 'read' : 'write');
    const tokens = opts.cost?.tokens ?? 1;
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const query = buildQuery(opts.query);
    const fullPath = this.basePath + opts.path;
    const body = opts.bodyText ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    const log = this.options.logger;
    const ctx = currentContext();
    const signal = combineSignals(combineSignals(opts.signal, ctx?.signal), this.closing.signal);
    let lastError: unknown;

    for (let attempt = 0; ; attempt++) {
      const last = attempt + 1 >= this.maxAttempts || !idempotent;
      if (ctx?.deadlineAt !== undefined && remainingMs(ctx) <= 0) throw this.deadlineExceeded(ctx, endpoint, lastError);
      if (this.closing.signal.aborted) throw this.closedError(endpoint, idempotent, attempt > 0);
      if (this.options.limiter) {
        try {
          await this.takeBudget(bucket, tokens, combineSignals(opts.signal, this.closing.signal), endpoint);
        } catch (err) {
          if (this.closing.signal.aborted) throw this.closedError(endpoint, idempotent, attempt > 0);
          throw err;
        }
      }
      const headers: Record<string, string> = { accept: 'application/json', ...this.options.headers, ...opts.headers };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (opts.auth) {
        if (!this.options.sign) throw new MissingCredentials(this.venue, endpoint);
        Object.assign(headers, await this.options.sign({ method, path: fullPath, query, body }));
      }

      const attemptMs = Math.max(1, Math.min(timeoutMs, remainingMs(ctx)));
      const outcome = await this.send(method, fullPath + query, headers, body, attemptMs, signal);
      this.counts.requests += 1;

      if (outcome.kind === 'error') {
        if (this.closing.signal.aborted) throw this.closedError(endpoint, idempotent, true);
        if (opts.signal?.aborted) throw opts.signal.reason;
        const cutByDeadline = outcome.error === TIMED_OUT && attemptMs < timeoutMs;
        if (ctx?.signal?.aborted || cutByDeadline || (ctx?.deadlineAt !== undefined && remainingMs(ctx) <= 0)) {
          throw this.deadlineExceeded(ctx, endpoint, outcome.error === TIMED_OUT ? undefined : outcome.error);
        }
        const timedOut = outcome.error === TIMED_OUT;
        const failure = classifyTransportError(outcome.error, timedOut);
        this.counts.networkErrors += 1;
        httpRequestsTotal.inc({ venue: this.venue, endpoint, status: failure });
        const err = transportError(this.venue, endpoint, failure, idempotent, timedOut ? undefined : outcome.error, attemptMs);
        lastError = err;
        if (last) {
          log?.warn({ venue: this.venue, endpoint, attempt, failure, err: err.message }, 'venue request failed in transport');
          throw err;
        }
        const delay = this.backoffMs(attempt);
        this.counts.retries += 1;
        httpRetriesTotal.inc({ venue: this.venue, reason: failure === 'timeout' ? 'timeout' : 'network' });
        log?.warn({ venue: this.venue, endpoint, attempt, failure, delayMs: delay }, 'venue transport error, retrying');
        await this.backoff(delay, ctx, endpoint, err);
        continue;
      }

      const res = outcome.res;
      httpRequestsTotal.inc({ venue: this.venue, endpoint, status: String(res.status) });
      this.options.onResponse?.({ endpoint, status: res.status, headers: res.headers });
      if (this.isSuccess(res.status, opts.expectStatus)) {
        log?.debug({ venue: this.venue, endpoint, status: res.status, attempt }, 'venue request');
        return res;
      }

      const retryAfterMs = parseRetryAfter(res.headers['retry-after'], this.now());
      const rateLimited = res.status === 429;
      const serverError = res.status >= 500;
      if (rateLimited) {
        this.counts.rateLimited += 1;
        log?.warn({ venue: this.venue, endpoint, status: 429, attempt, retryAfterMs }, 'venue rate limited');
        if (this.options.limiter) this.options.limiter.pause(bucket, retryAfterMs ?? this.baseDelayMs);
      } else if (serverError) {
        this.counts.serverErrors += 1;
        log?.warn({ venue: this.venue, endpoint, status: res.status, attempt }, 'venue server error');
      }

      const errRes: ErrorResponse = { status: res.status, body: res.json, text: res.text, endpoint, headers: res.headers };
      const mapped = mapStatus ? mapVenueError(this.errors, errRes, { idempotent, retryAfterMs }) : undefined;
      const retryable = (rateLimited || serverError) && (mapped === undefined || mapped.retryable);
      const tooLong = retryAfterMs !== undefined && retryAfterMs > this.maxRetryAfterMs;
      if (!retryable || last || tooLong) {
        if (mapped) throw mapped;
        return res;
      }
      const delay = retryAfterMs ?? this.backoffMs(attempt);
      // A wait the request's deadline cannot hold: the venue's own answer is the better one.
      if (delay >= remainingMs(ctx)) {
        if (mapped) throw mapped;
        return res;
      }
      lastError = mapped;
      this.counts.retries += 1;
      httpRetriesTotal.inc({ venue: this.venue, reason: rateLimited ? 'rate_limited' : 'server_error' });
      await this.backoff(delay, ctx, endpoint, mapped);
    }
  }

  /** Waits for budget; a request shed by the limiter is named for this venue and counted. */
  private async takeBudget(bucket: string | readonly string[], tokens: number, signal: AbortSignal | undefined, endpoint: string): Promise<void> {
    try {
      await this.options.limiter?.take(bucket, tokens, signal);
    } catch (err) {
      if (!(err instanceof Overloaded)) throw err;
      shedRequestsTotal.inc({ venue: this.venue, reason: err.reason });
      throw new Overloaded(`${this.venue} ${endpoint}: ${err.message}`, err.reason, {
        venue: this.venue,
        endpoint,
        retryAfterMs: err.retryAfterMs,
      });
    }
  }

  /** Sleeps before a retry, unless the deadline would pass first: then fails at once. */
  private async backoff(ms: number, ctx: RequestContext | undefined, endpoint: string, lastError: unknown): Promise<void> {
    if (ms >= remainingMs(ctx)) throw this.deadlineExceeded(ctx, endpoint, lastError);
    await this.pause(ms);
  }

  private deadlineExceeded(ctx: RequestContext | undefined, endpoint: string, cause: unknown): DeadlineExceeded {
    const timeoutMs = ctx?.deadlineMs ?? 0;
    deadlineHitsTotal.inc({ venue: this.venue });
    return new DeadlineExceeded(`${this.venue} ${endpoint}: no answer within the request deadline of ${timeoutMs} ms`, timeoutMs, {
      venue: this.venue,
      endpoint,
      cause,
    });
  }

  /** A backoff that `close` cuts short. */
  private async pause(ms: number): Promise<void> {
    if (this.closing.signal.aborted) return;
    let onAbort!: () => void;
    const aborted = new Promise<void>((resolve) => {
      onAbort = resolve;
      this.closing.signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([this.sleep(ms), aborted]);
    } finally {
      this.closing.signal.removeEventListener('abort', onAbort);
    }
  }

  /** Why a call ends when the client closes: for a write already sent, its outcome is unknown. */
  private closedError(endpoint: string, idempotent: boolean, sent: boolean): NetworkError {
    if (!idempotent && sent) {
      return new OrderStateUnknown(`${this.venue} ${endpoint}: cancelled by shutdown; the write may or may not have been applied`, {
        venue: this.venue,
        endpoint,
      });
    }
    return new VenueUnavailable(`${this.venue} ${endpoint}: cancelled, the service is shutting down`, { venue: this.venue, endpoint });
  }

  private async send(
    method: HttpMethod,
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<Outcome> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(TIMED_OUT);
    }, timeoutMs);
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const r = await this.pool.request({
        method,
        path,
        headers,
        body,
        signal: controller.signal,
        headersTimeout: timeoutMs + 1000,
        bodyTimeout: timeoutMs + 1000,
      });
      const text = await r.body.text();
      return {
        kind: 'response',
        res: { status: r.statusCode, headers: flattenHeaders(r.headers), text, json: tryJson(text) },
      };
    } catch (error) {
      return { kind: 'error', error: timedOut ? TIMED_OUT : error };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
