/**
 * The web console: server-rendered pages (Hono JSX) over the REST API's own routes, called in process
 * for the page's caller, plus one small client script and one stylesheet, both served from here so
 * the console works offline. `/` markets explorer, `/market/{id}` one market with its live book,
 * `/opportunities` the arbitrage board (`/arbitrage` is the API's unversioned alias), `/status` the venues.
 */
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { restCaller, type RestFetch } from '../api/in-process.js';
import { arbitragePage } from './arbitrage-page.js';
import { explorerPage, filtersOf } from './explorer.js';
import { marketPage } from './market-page.js';
import { venuesPage } from './venues-page.js';

export interface ConsoleOptions {
  rest: RestFetch;
  /** The enabled venues, for the explorer's venue filter. */
  venues: () => string[];
}

interface Asset {
  body: string;
  type: string;
}

/** The console's static files, read once. */
export const CONSOLE_ASSETS: Record<string, Asset> = {
  'console.js': { body: readFileSync(new URL('./assets/console.js', import.meta.url), 'utf8'), type: 'text/javascript; charset=utf-8' },
  'console.css': { body: readFileSync(new URL('./assets/console.css', import.meta.url), 'utf8'), type: 'text/css; charset=utf-8' },
};

export function consoleRoutes(options: ConsoleOptions): Hono {
  const app = new Hono();
  const html = (body: unknown, status: number) => ({ body: `<!doctype html>${String(body)}`, status });

  app.get('/', async (c) => {
    const page = await explorerPage(restCaller(options.rest, c.get('principal')), options.venues(), filtersOf(c.req.query()));
    const out = html(page.body, page.status);
    return c.html(out.body, out.status as 200);
  });

  app.get('/market/:id', async (c) => {
    const page = await marketPage(restCaller(options.rest, c.get('principal')), c.req.param('id'));
    const out = html(page.body, page.status);
    return c.html(out.body, out.status as 200);
  });

  app.get('/opportunities', async (c) => {
    const page = await arbitragePage(restCaller(options.rest, c.get('principal')));
    const out = html(page.body, page.status);
    return c.html(out.body, out.status as 200);
  });

  app.get('/status', async (c) => {
    const page = await venuesPage(restCaller(options.rest, c.get('principal')));
    const out = html(page.body, page.status);
    return c.html(out.body, out.status as 200);
  });

  app.get('/assets/:name', (c) => {
    const asset = CONSOLE_ASSETS[c.req.param('name')];
    if (!asset) return c.notFound();
    return c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  });

  return app;
}

