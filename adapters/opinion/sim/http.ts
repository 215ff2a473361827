/**
 * The `{errno, errmsg, result}` envelope (docs/venues/opinion.md §3): every reply is
 * `application/json` (the official SDK reads nothing otherwise), and venue errors come with HTTP
 * 200 and `result: null`, as recorded. Also the `apikey` gate of user endpoints and query parsing.
 */
import type { Context } from 'hono';
import type { Account } from './accounts.js';
import { ERRMSG, ERRNO, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from './constants.js';
import type { SimContext } from './context.js';

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function ok(result: unknown): Response {
  return json({ errmsg: '', errno: 0, result });
}

export function fail(errno: number, errmsg: string): Response {
  return json({ errmsg, errno, result: null });
}

export function badParams(message: string): Response {
  return fail(ERRNO.badParams, message);
}

export function apiKeyOf(c: Context): string | undefined {
  return c.req.header('apikey') || undefined;
}

/** The account of the request's `apikey`, or the venue's error reply. */
export function requireAccount(c: Context, ctx: SimContext): Account | Response {
  const lookup = ctx.accounts.lookup(apiKeyOf(c));
  if (lookup.ok) return lookup.account;
  return lookup.reason === 'no_wallet' ? fail(ERRNO.noWallet, ERRMSG.noWallet) : fail(ERRNO.invalidApiKey, ERRMSG.invalidApiKey);
}

/** A non-negative integer query value, its default when absent, or an error message. */
export function intParam(c: Context, name: string, fallback: number): number | string {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw)) return `${name} must be a non-negative integer`;
  return Number(raw);
}

export interface Paging {
  page: number;
  limit: number;
}

/** `page` (1-based, default 1) and `limit` (default 10, at most 20, docs/venues/opinion.md §3). */
export function paging(c: Context): Paging | Response {
  const page = intParam(c, 'page', 1);
  const limit = intParam(c, 'limit', DEFAULT_PAGE_SIZE);
  if (typeof page === 'string') return badParams(page);
  if (typeof limit === 'string') return badParams(limit);
  if (page < 1) return badParams('page must be >= 1');
  if (limit < 1 || limit > MAX_PAGE_SIZE) return badParams(`limit must be between 1 and ${MAX_PAGE_SIZE}`);
  return { page, limit };
}

export function pageOf<T>(items: T[], p: Paging): { total: number; list: T[] } {
  const start = (p.page - 1) * p.limit;
  return { total: items.length, list: items.slice(start, start + p.limit) };
}
