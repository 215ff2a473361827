/**
 * `/docs`: the interactive API reference (Scalar), fully self-hosted. The viewer script is served
 * from the installed `@scalar/api-reference` package, so the page works without internet access.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import { Scalar } from '@scalar/hono-api-reference';

const SCRIPT_PATH = '/docs/scalar.js';

function standaloneScriptFile(): string {
  const require = createRequire(import.meta.url);
  return require.resolve('@scalar/api-reference/browser/standalone.js');
}

export function docsRoutes(): Hono {
  const app = new Hono();
  let script: Promise<Buffer> | undefined;

  app.get(SCRIPT_PATH, async (c) => {
    script ??= readFile(standaloneScriptFile());
    const body = await script;
    return c.body(new Uint8Array(body), 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=86400',
    });
  });
  app.get('/docs', Scalar({ url: '/openapi.json', pageTitle: 'Venn API', cdn: SCRIPT_PATH }));
  return app;
}
