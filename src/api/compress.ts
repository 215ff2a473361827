/**
 * Response compression: Brotli or gzip, whichever the client prefers by `Accept-Encoding` (q-values
 * honoured, Brotli first on a tie), for JSON, JavaScript and text bodies of 1 KiB or more. The work
 * runs on libuv's thread pool, not the event loop. Hono's own `compress` middleware offers no
 * Brotli on Node, which is why this one exists.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export const MIN_COMPRESS_BYTES = 1024;
const COMPRESSIBLE = /^(application\/(json|problem\+json|javascript|xml)|text\/(?!event-stream))/i;

export type Encoding = 'br' | 'gzip';

/** The encoding to use for an `Accept-Encoding` value, or undefined for none. */
export function pickEncoding(header: string | undefined): Encoding | undefined {
  if (!header) return undefined;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam === undefined ? 1 : Number(qParam.slice(2));
    q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const of = (name: Encoding) => q.get(name) ?? q.get('*') ?? 0;
  const br = of('br');
  const gz = of('gzip');
  if (br <= 0 && gz <= 0) return undefined;
  return br >= gz ? 'br' : 'gzip';
}

function appendVary(headers: Headers): void {
  const vary = headers.get('vary');
  if (!vary) headers.set('vary', 'Accept-Encoding');
  else if (!/accept-encoding/i.test(vary)) headers.set('vary', `${vary}, Accept-Encoding`);
}

export function compressMiddleware(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    const type = res.headers.get('content-type') ?? '';
    if (!res.body || res.headers.has('content-encoding') || !COMPRESSIBLE.test(type) || c.req.method === 'HEAD') return;
    const length = res.headers.get('content-length');
    if (length !== null && Number(length) < MIN_COMPRESS_BYTES) return;
    const headers = new Headers(res.headers);
    appendVary(headers);
    const encoding = pickEncoding(c.req.header('accept-encoding'));
    const input = Buffer.from(await res.arrayBuffer());
    let body: Buffer = input;
    if (encoding && input.length >= MIN_COMPRESS_BYTES) {
      body =
        encoding === 'br'
          ? await brotli(input, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: input.length } })
          : await gzipAsync(input, { level: 6 });
      headers.set('content-encoding', encoding);
    }
    headers.set('content-length', String(body.length));
    c.res = undefined as unknown as Response;
    c.res = new Response(new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length), { status: res.status, statusText: res.statusText, headers });
  };
}
