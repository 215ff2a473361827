/**
 * The unversioned paths. The service's users call `GET /markets?venue=all`, so every resource
 * under `/v1` is also served without the version prefix, as an alias of the current version
 * (docs/DESIGN.md §7). Routing maps the alias onto the versioned route (one handler, one set of
 * middleware); the OpenAPI document lists each alias next to its versioned path, marked as such.
 */
import { getPath } from 'hono/utils/url';

export const API_VERSION_PREFIX = '/v1';

/** `/markets/x` → `/v1/markets/x`; versioned, operational and unknown paths are left alone. */
export function versionedPath(path: string, versioned: ReadonlySet<string>): string {
  if (path.startsWith(`${API_VERSION_PREFIX}/`)) return path;
  const first = path.split('/')[1] ?? '';
  return versioned.has(first) ? `${API_VERSION_PREFIX}${path}` : path;
}

/** Hono's `getPath` that routes aliases to their versioned routes. */
export function aliasGetPath(versioned: ReadonlySet<string>): (req: Request) => string {
  return (req) => versionedPath(getPath(req), versioned);
}

type Operation = Record<string, unknown>;

/** Adds an alias entry for every `/v1/...` path of an OpenAPI document. */
export function withAliasPaths(paths: Record<string, Record<string, Operation>>): Record<string, Record<string, Operation>> {
  const out: Record<string, Record<string, Operation>> = { ...paths };
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith(`${API_VERSION_PREFIX}/`)) continue;
    const alias = path.slice(API_VERSION_PREFIX.length);
    const aliased: Record<string, Operation> = {};
    for (const [method, op] of Object.entries(item)) {
      const note = `Alias of \`${path}\` (the current version); prefer the versioned path in long-lived clients.`;
      aliased[method] = {
        ...op,
        ...(typeof op.operationId === 'string' ? { operationId: `${op.operationId}Unversioned` } : {}),
        summary: `${String(op.summary ?? path)} (unversioned alias)`,
        description: typeof op.description === 'string' ? `${note}\n\n${op.description}` : note,
      };
    }
    out[alias] = aliased;
  }
  return out;
}
