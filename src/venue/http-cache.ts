/**
 * How stale an HTTP answer may already be on arrival. Some venues put a shared cache (a CDN) in
 * front of public endpoints; its answer can be as old as the freshness lifetime the response
 * declares in `Cache-Control` (RFC 9111 §5.2.2). Adapters stamp such data with that bound instead
 * of passing it off as fresh.
 */

/**
 * The longest a shared cache may have held this response, in ms: `s-maxage`, else `max-age`, in
 * seconds, plus `stale-while-revalidate` (a cache may go on serving the stale copy that long while
 * it refetches, RFC 5861 §3); 0 when a shared cache may not serve it (`private`, `no-store`,
 * `no-cache`) or no lifetime is given.
 */
export function sharedCacheMaxAgeMs(headers: Record<string, string | undefined>): number {
  const value = headers['cache-control'];
  if (!value) return 0;
  const directives = new Map<string, string | undefined>();
  for (const part of value.split(',')) {
    const [name, arg] = part.trim().split('=', 2) as [string, string | undefined];
    if (name) directives.set(name.toLowerCase(), arg?.replace(/^"|"$/g, ''));
  }
  if (directives.has('private') || directives.has('no-store') || directives.has('no-cache')) return 0;
  const seconds = (d: string): number | undefined => {
    const v = directives.get(d);
    return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
  };
  const lifetime = seconds('s-maxage') ?? seconds('max-age');
  if (lifetime === undefined) return 0;
  return (lifetime + (seconds('stale-while-revalidate') ?? 0)) * 1000;
}
