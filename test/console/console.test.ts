/// <reference lib="dom" />
/**
 * The web console in a real browser (headless Chromium) against the service on every venue's
 * simulator, as `npm run demo` runs them: the explorer lists markets of every venue and pages; a
 * market page's book updates live from the feed and matches `GET /v1/markets/{id}/orderbook`; an
 * injected sequence gap shows the book stale until it resyncs; the venues page reports what
 * `GET /v1/venues` does; the arbitrage board shows the simulators' cross-listed Fed opportunity
 * and drops it when a leg moves, and records a decision made with an admin key. No request leaves loopback. Screenshots of each page are taken here
 * (written to docs/console/ with UPDATE_SCREENSHOTS=1, for the README).
 */
import { gzipSync } from 'node:zlib';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { venueModules } from '../../adapters/index.js';
import { loadConfig } from '../../src/config.js';
import type { MatchRecord, Opportunity } from '../../src/arbitrage/index.js';
import type { Level, Market, OrderBook } from '../../src/core/index.js';
import { startService, type RunningService } from '../../src/main.js';
import type { RunningVenueSimulator } from '../../src/venue/index.js';
import { launchBrowser, type Browser } from './browser.js';

let sims: RunningVenueSimulator[] = [];
let service: RunningService;
let browser: Browser;
const DOCS = fileURLToPath(new URL('../../docs/console/', import.meta.url));

beforeAll(async () => {
  sims = await Promise.all(venueModules.map((m) => m.startSimulator({ seed: 11, markets: 30, crossListed: true })));
  // No grace period: a market's upstream subscription ends with the last page watching it, so an
  // injected sequence gap lands on the book the test watches.
  const env = { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', BOOKS_GRACE_MS: '0', ...Object.assign({}, ...sims.map((s) => s.env)), VENUES: venueModules.map((m) => m.id).join(',') };
  service = await startService(loadConfig(env, venueModules), { logger: pino({ level: 'silent' }) });
  await vi.waitFor(
    async () => {
      if ((await fetch(`${service.url}/readyz`)).status !== 200) throw new Error('not ready');
    },
    { timeout: 60_000, interval: 100 },
  );
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await service?.close();
  await Promise.all(sims.map((s) => s.close()));
});

async function screenshot(page: Page, name: string): Promise<void> {
  const png = await page.screenshot({ fullPage: false });
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  if (process.env.UPDATE_SCREENSHOTS === '1') await writeFile(`${DOCS}${name}.png`, png);
}

async function rest<T>(path: string): Promise<T> {
  const res = await fetch(`${service.url}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

/** The book as the page draws it, with its state and seq. */
async function drawn(page: Page): Promise<{ state: string; seq: number; bids: Level[]; asks: Level[] }> {
  return page.evaluate(() => {
    const rows = (id: string) => [...document.querySelectorAll(`#${id} tr`)].map((tr) => [tr.getAttribute('data-price'), tr.getAttribute('data-size')]);
    const section = document.getElementById('book')!;
    return { state: section.dataset.state ?? '', seq: Number(section.dataset.seq ?? 0), bids: rows('bids'), asks: rows('asks') } as never;
  });
}

/** Waits until the page's live book equals the REST API's book of the same market. */
async function expectMatchesRest(page: Page, id: string): Promise<void> {
  await vi.waitFor(
    async () => {
      const before = await drawn(page);
      const book = await rest<OrderBook>(`/v1/markets/${encodeURIComponent(id)}/orderbook?depth=20`);
      const after = await drawn(page);
      expect(before.state).toBe('live');
      expect(after.seq, 'no update between the two reads').toBe(before.seq);
      expect({ bids: after.bids, asks: after.asks }).toEqual({ bids: book.bids, asks: book.asks });
    },
    { timeout: 30_000, interval: 100 },
  );
}

async function streamedMarket(): Promise<Market> {
  const venues = await rest<{ data: { id: string; capabilities: { stream: unknown } | null }[] }>('/v1/venues');
  const venue = venues.data.find((v) => v.id === 'kalshi' && v.capabilities?.stream === true) ?? venues.data.find((v) => v.capabilities?.stream === true)!;
  const page = await rest<{ data: Market[] }>(`/v1/markets?venue=${venue.id}&status=open&limit=20`);
  return page.data.find((m) => m.bestBid !== null && m.bestAsk !== null) ?? page.data[0]!;
}

describe('the web console', () => {
  it('explorer: lists markets of every venue, filters through the URL, pages with a cursor', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${service.url}/`);
    await expect.poll(() => page.locator('tbody tr[data-market]').count()).toBeGreaterThan(0);
    await screenshot(page, 'explorer');
    for (const m of venueModules) {
      await page.selectOption('select[name=venue]', m.id);
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL((u) => u.searchParams.get('venue') === m.id);
      const ids = await page.locator('tbody tr[data-market]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-market')!));
      expect(ids.length, m.id).toBeGreaterThan(0);
      for (const id of ids) expect(id.startsWith(`${m.id}:`), id).toBe(true);
      const want = await rest<{ data: Market[] }>(`/v1/markets?venue=${m.id}&status=open&limit=50`);
      expect(ids).toEqual(want.data.map((x) => x.id));
      await expect.poll(() => page.locator('tbody tr .badge').first().textContent()).toBe(m.id);
    }
    // The URL carries the state: opened afresh, it shows the same view; the next page continues it.
    await page.goto(`${service.url}/?venue=${venueModules[0]!.id}&sort=closeTime`);
    expect(await page.locator('select[name=sort]').inputValue()).toBe('closeTime');
    const first = await page.locator('tbody tr[data-market]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-market')));
    const all = await rest<{ data: Market[] }>(`/v1/markets?venue=${venueModules[0]!.id}&status=open&sort=closeTime&limit=1000`);
    expect(first).toEqual(all.data.slice(0, first.length).map((m) => m.id));
    if (all.data.length > first.length) {
      await page.getByRole('link', { name: 'Next page' }).click();
      await page.waitForURL((u) => u.searchParams.has('cursor'));
      const second = await page.locator('tbody tr[data-market]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-market')));
      expect(second).toEqual(all.data.slice(first.length, first.length + second.length).map((m) => m.id));
    }
    // Play money is a filter of its own.
    await page.goto(`${service.url}/?money=play`);
    const play = await page.locator('tbody tr[data-market]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-market')!));
    const playWant = await rest<{ data: Market[] }>('/v1/markets?status=open&money=play&limit=50');
    expect(playWant.data.length).toBeGreaterThan(0);
    expect(play).toEqual(playWant.data.map((m) => m.id));
    await page.close();
  }, 90_000);

  it('market page: the book updates live from the feed and matches GET /v1/markets/{id}/orderbook', async () => {
    const market = await streamedMarket();
    const page = await browser.context.newPage();
    await page.goto(`${service.url}/market/${encodeURIComponent(market.id)}`);
    await expect.poll(() => page.locator('#book').getAttribute('data-state'), { timeout: 30_000 }).toBe('live');
    await expectMatchesRest(page, market.id);
    const seq = (await drawn(page)).seq;
    // The venue's bots keep trading: the drawn book moves on without a reload.
    await expect.poll(async () => (await drawn(page)).seq, { timeout: 30_000 }).toBeGreaterThan(seq + 2);
    await expectMatchesRest(page, market.id);
    expect(await page.locator('#depth path').count()).toBe(2);
    await screenshot(page, 'market');
    await page.close();
  });

  it('market page: an injected sequence gap shows the book stale until it resyncs', async () => {
    const market = await streamedMarket();
    const sim = sims[venueModules.findIndex((m) => m.id === market.venue)]!;
    expect(sim.faults, `${market.venue} simulator has fault knobs`).toBeDefined();
    const page = await browser.context.newPage();
    await page.goto(`${service.url}/market/${encodeURIComponent(market.id)}`);
    await expect.poll(() => page.locator('#book').getAttribute('data-state'), { timeout: 30_000 }).toBe('live');
    // Records every state the book section goes through, with what a reader sees at that moment.
    await page.evaluate(() => {
      const section = document.getElementById('book')!;
      const seen: { state: string; text: string; opacity: string }[] = [];
      (window as unknown as { seen: typeof seen }).seen = seen;
      new MutationObserver(() => {
        const state = section.dataset.state ?? '';
        if (seen.at(-1)?.state === state) return;
        seen.push({ state, text: document.getElementById('book-status')!.textContent ?? '', opacity: getComputedStyle(section.querySelector('.sides')!).opacity });
      }).observe(section, { attributes: true, attributeFilter: ['data-state'] });
    });
    sim.faults!.sequenceGap(1);
    const seen = () => page.evaluate(() => (window as unknown as { seen: { state: string; text: string; opacity: string }[] }).seen);
    await expect.poll(async () => (await seen()).map((s) => s.state), { timeout: 30_000 }).toContain('stale');
    await expect.poll(async () => (await seen()).at(-1)?.state, { timeout: 30_000 }).toBe('live');
    const states = await seen();
    const stale = states.find((s) => s.state === 'stale')!;
    expect(stale.text).toMatch(/^Stale \(.+\): .*not current/);
    expect(Number(stale.opacity)).toBeLessThan(1);
    expect(states.findIndex((s) => s.state === 'live')).toBeGreaterThan(states.indexOf(stale));
    expect(Number(states.at(-1)!.opacity)).toBe(1);
    await expectMatchesRest(page, market.id);
    await page.close();
  });

  it('venues page: sync state, catalog size, rate-limit headroom and stream state per venue', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${service.url}/status`);
    const { data } = await rest<{ data: { id: string; catalog: { state: string; marketCount: number }; rateLimits: unknown[] }[] }>('/v1/venues');
    for (const v of data) {
      const row = page.locator(`tr[data-venue="${v.id}"]`);
      expect(await row.locator('[data-field=state]').textContent()).toBe(v.catalog.state);
      expect(await row.locator('[data-field=markets]').textContent()).toBe(String(v.catalog.marketCount));
      expect(await row.locator('meter').count()).toBe(v.rateLimits.length);
      expect(await row.locator('[data-field=stream]').textContent()).not.toBe('');
    }
    await screenshot(page, 'venues');
    await page.close();
  });

  it('arbitrage board: shows the seeded opportunity live, records a decision made with an admin key, and drops the opportunity when a leg moves', async () => {
    const KALSHI_FED = 'kalshi:KXFED-27JUN16-T4.25';
    const q = async (text: string) => (await rest<{ data: Market[] }>(`/v1/markets?venue=polymarket&q=${encodeURIComponent(text)}`)).data[0]!.id;
    const [polyFed, polyNearMiss] = [await q('Fed upper bound above 4.25%'), await q('Fed upper bound above 4.50%')];
    const fedOf = (data: Opportunity[]) => data.find((o) => o.legs.some((l) => l.market === KALSHI_FED) && o.legs.some((l) => l.market === polyFed));
    const found = await vi.waitFor(
      async () => {
        const o = fedOf((await rest<{ data: Opportunity[] }>('/v1/arbitrage')).data);
        expect(o?.actionable).toBe(true);
        return o!;
      },
      { timeout: 60_000, interval: 250 },
    );

    const page = await browser.context.newPage();
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.goto(`${service.url}/opportunities`);
    await expect.poll(() => page.locator('#arb').getAttribute('data-state'), { timeout: 30_000 }).toBe('live');
    const row = page.locator(`tr[data-opp="${found.id}"]`);
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    // The row says what GET /v1/arbitrage says: legs, sets, cost, profit, and that it is actionable.
    await vi.waitFor(
      async () => {
        const o = fedOf((await rest<{ data: Opportunity[] }>('/v1/arbitrage')).data)!;
        const cells = await row.locator(':scope > td').allTextContents();
        expect(cells.slice(1, 4)).toEqual([o.size, o.cost, o.profit]);
        expect(cells[7]).toBe('Actionable');
        for (const l of o.legs) expect(cells[0]).toContain(`buy ${l.outcome.toUpperCase()} ${l.size} @ ${l.price}, fee ${l.fee}`);
        expect(cells[6]).toMatch(/ago$/);
      },
      { timeout: 30_000, interval: 200 },
    );
    expect(await row.locator(`a[data-m="${polyFed}"]`).textContent()).toBe((await rest<Market>(`/v1/markets/${encodeURIComponent(polyFed)}`)).title);
    await screenshot(page, 'arbitrage');

    // An admin rejects the near-miss pair (another threshold) from the board.
    const pair = page.locator(`tr[data-a][data-b]`).filter({ has: page.locator(`a[data-m="${polyNearMiss}"]`) }).filter({ has: page.locator(`a[data-m="${KALSHI_FED}"]`) });
    expect(await pair.count()).toBe(1);
    await pair.getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => pair.locator('output').textContent()).toBe('Enter an admin key first.');
    const { token: adminToken } = await service.keys.create({ scopes: ['admin'], venues: null, name: 'console-admin' });
    await page.getByLabel('Admin key (to confirm or reject a pair)').fill(adminToken);
    await pair.getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => pair.locator('output').textContent()).toBe('rejected');
    const decided = await rest<MatchRecord>(`/v1/matches/${encodeURIComponent(KALSHI_FED)}/${encodeURIComponent(polyNearMiss)}`);
    expect(decided).toMatchObject({ tradable: false, decidedBy: 'override', override: { decision: 'reject', origin: 'runtime' } });
    expect(await pair.locator('[data-field=state]').textContent()).toBe('candidate: not traded');
    expect(urls.filter((u) => u.includes(adminToken))).toEqual([]);
    expect(page.url()).not.toContain(adminToken);

    // Someone lifts the Kalshi asks the opportunity stands on. The venue's bots keep quoting and may
    // re-open it, so whatever they add is lifted too, until the API and the board agree (no reload)
    // that the opportunity is gone.
    const { token } = await service.keys.create({ scopes: ['trade'], venues: ['kalshi'], name: 'taker' });
    await vi.waitFor(
      async () => {
        const o = fedOf((await rest<{ data: Opportunity[] }>('/v1/arbitrage')).data);
        if (!o) {
          expect(await row.count(), 'the board drops the closed opportunity').toBe(0);
          return;
        }
        const leg = o.legs.find((l) => l.market === KALSHI_FED)!;
        const r = await fetch(`${service.url}/v1/orders`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ market: KALSHI_FED, side: 'buy', outcome: leg.outcome, price: leg.limitPrice, size: leg.size, timeInForce: 'ioc' }),
        });
        expect(r.status, await r.clone().text()).toBe(201);
        throw new Error('lifted; waiting for the opportunity to close');
      },
      { timeout: 60_000, interval: 500 },
    );
    expect(await page.locator('#arb').getAttribute('data-state')).toBe('live');
    await page.close();

    // The market page lists the matched markets on other venues with the matcher's view.
    const market = await browser.context.newPage();
    await market.goto(`${service.url}/market/${encodeURIComponent(KALSHI_FED)}`);
    const match = market.locator(`#matches li[data-match="${polyFed}"]`);
    expect(await match.locator('[data-field=relation]').textContent()).toBe('identical');
    expect(await match.locator('[data-field=state]').textContent()).toBe('feeds arbitrage');
    expect(await match.locator('.reasons li').count()).toBeGreaterThan(0);
    const miss = market.locator(`#matches li[data-match="${polyNearMiss}"]`);
    expect(await miss.locator('.critical').first().textContent()).toMatch(/^Critical difference: .*4\.25.*4\.5/);
    await market.locator('#matches').scrollIntoViewIfNeeded();
    await screenshot(market, 'market-matches');
    await market.close();
  }, 120_000);

  it('works offline with one small script and keyboard navigation', async () => {
    const page = await browser.context.newPage();
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    await page.goto(`${service.url}/`);
    expect(scripts).toEqual([`${service.url}/assets/console.js`]);
    const js = await (await fetch(scripts[0]!)).text();
    // The whole of the console's JavaScript; its size is reported in the README.
    expect(gzipSync(js).length).toBeLessThan(4_096);
    // Keyboard: the first Tab reaches the skip link, which moves focus past the navigation.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    // Every form control has a label.
    const unlabeled = await page.locator('form input, form select').evaluateAll((els) => els.filter((e) => (e as HTMLInputElement).labels?.length === 0).length);
    expect(unlabeled).toBe(0);
    expect(browser.offline).toEqual([]);
    await page.close();
  });
});
