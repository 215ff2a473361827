import { describe, expect, it } from 'vitest';
import { BadRequest, VenueFormatError } from '../core/errors.js';
import type { Page } from './adapter.js';
import { collectAll, mapPages, offsetFromCursor, paginateCursor, paginateKeyset, paginateOffset } from './paginate.js';

const DATA = Array.from({ length: 23 }, (_, i) => `m${i}`);

/** A venue listing with opaque cursors (base64 of the offset) ending with `end`. */
function cursorVenue(pageSize: number, end: string | null | undefined) {
  const calls: (string | undefined)[] = [];
  return {
    calls,
    fetchPage: async (cursor: string | undefined) => {
      calls.push(cursor);
      const offset = cursor === undefined ? 0 : Number(Buffer.from(cursor, 'base64').toString());
      const items = DATA.slice(offset, offset + pageSize);
      const next = offset + pageSize;
      return { items, nextCursor: next >= DATA.length ? end : Buffer.from(String(next)).toString('base64') };
    },
  };
}

async function pages<T>(it: AsyncIterable<Page<T>>): Promise<Page<T>[]> {
  const out: Page<T>[] = [];
  for await (const p of it) out.push(p);
  return out;
}

describe('paginateCursor', () => {
  it('walks every page and ends on "" (Kalshi), null or absent', async () => {
    for (const end of ['', null, undefined]) {
      const v = cursorVenue(10, end);
      const ps = await pages(paginateCursor({ fetchPage: v.fetchPage }));
      expect(ps.map((p) => p.items.length)).toEqual([10, 10, 3]);
      expect(ps[2]?.nextCursor).toBeNull();
      expect(ps.flatMap((p) => p.items)).toEqual(DATA);
    }
  });

  it('ends on a venue end sentinel such as "LTE="', async () => {
    const v = cursorVenue(10, 'LTE=');
    const items = await collectAll(paginateCursor({ fetchPage: v.fetchPage, endCursors: ['LTE='] }));
    expect(items).toEqual(DATA);
    expect(v.calls).toHaveLength(3);
  });

  it('resumes from a saved cursor with the following page', async () => {
    const v = cursorVenue(10, '');
    const first = await pages(paginateCursor({ fetchPage: v.fetchPage, maxPages: 1 }));
    expect(first).toHaveLength(1);
    const saved = first[0]?.nextCursor ?? undefined;
    expect(saved).toBeTruthy();
    const rest = await pages(paginateCursor({ fetchPage: v.fetchPage, startCursor: saved }));
    expect(rest[0]?.items[0]).toBe('m10');
    expect([...(first[0]?.items ?? []), ...rest.flatMap((p) => p.items)]).toEqual(DATA);
  });

  it('fails loudly when the venue repeats a cursor', async () => {
    const it = paginateCursor({
      venue: 'polymarket',
      endpoint: 'GET /markets/keyset',
      fetchPage: async () => ({ items: ['a'], nextCursor: 'SAME' }),
    });
    const err = await collectAll(it).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueFormatError);
    expect((err as Error).message).toContain('polymarket GET /markets/keyset');
  });

  it('skips empty intermediate pages', async () => {
    const script = [
      { items: [], nextCursor: 'a' },
      { items: ['x'], nextCursor: '' },
    ];
    let i = 0;
    const ps = await pages(paginateCursor({ fetchPage: async () => script[i++] ?? { items: [], nextCursor: '' } }));
    expect(ps).toEqual([{ items: ['x'], nextCursor: null }]);
  });
});

describe('paginateOffset', () => {
  const fetchPage = async (offset: number, limit: number) => DATA.slice(offset, offset + limit);

  it('uses the next offset as cursor and ends on a short page', async () => {
    const ps = await pages(paginateOffset({ fetchPage, pageSize: 10 }));
    expect(ps.map((p) => p.nextCursor)).toEqual(['10', '20', null]);
    const resumed = await collectAll(paginateOffset({ fetchPage, pageSize: 10, startOffset: offsetFromCursor('20') }));
    expect(resumed).toEqual(['m20', 'm21', 'm22']);
  });

  it('stops at maxOffset and validates cursors', async () => {
    const items = await collectAll(paginateOffset({ fetchPage, pageSize: 5, maxOffset: 10 }));
    expect(items).toEqual(DATA.slice(0, 15));
    expect(() => offsetFromCursor('x1')).toThrow(BadRequest);
    expect(offsetFromCursor(undefined)).toBe(0);
  });
});

describe('paginateKeyset', () => {
  it('follows next_cursor until it is missing, ignoring short pages', async () => {
    // Clamped page sizes: short pages in the middle must not end the walk.
    const sizes = [3, 10, 10];
    let call = 0;
    const afters: (string | undefined)[] = [];
    const it = paginateKeyset({
      fetchPage: async (after) => {
        afters.push(after);
        const start = sizes.slice(0, call).reduce((a, b) => a + b, 0);
        const n = sizes[call++] ?? 0;
        const items = DATA.slice(start, start + n);
        return call < sizes.length ? { items, nextCursor: `k${call}` } : { items };
      },
    });
    expect(await collectAll(it)).toEqual(DATA);
    expect(afters).toEqual([undefined, 'k1', 'k2']);
  });

  it('derives the key from the last item (Manifold before=<id>) and ends on a short page', async () => {
    const afters: (string | undefined)[] = [];
    const it = paginateKeyset({
      pageSize: 10,
      keyOf: (s: string) => s,
      fetchPage: async (after) => {
        afters.push(after);
        const start = after === undefined ? 0 : DATA.indexOf(after) + 1;
        return { items: DATA.slice(start, start + 10) };
      },
    });
    const ps = await pages(it);
    expect(ps.flatMap((p) => p.items)).toEqual(DATA);
    expect(afters).toEqual([undefined, 'm9', 'm19']);
    expect(ps.map((p) => p.nextCursor)).toEqual(['m9', 'm19', null]);
  });
});

describe('collectAll / mapPages', () => {
  it('stops at the limit without fetching further pages', async () => {
    const v = cursorVenue(10, '');
    const items = await collectAll(
      mapPages(paginateCursor({ fetchPage: v.fetchPage }), (s) => s.toUpperCase()),
      12,
    );
    expect(items).toEqual(DATA.slice(0, 12).map((s) => s.toUpperCase()));
    expect(v.calls).toHaveLength(2);
  });
});
