import { describe, expect, it } from 'vitest';
import { MemoryCache } from '../cache/memory.js';
import { KeyDeclarationError, bootstrapKeys, parseKeyEntries } from './bootstrap.js';
import { KeyStore } from './key-store.js';
import { derivedKeyId } from './keys.js';

const T1 = 'venn_operator-chosen-token-number-one';
const T2 = 'venn_operator-chosen-token-number-two';

describe('API_KEYS', () => {
  it('parses entries into hashed records with stable ids', () => {
    const records = parseKeyEntries(`${T1}:trade+read:kalshi,polymarket;\n ${T2}:admin`);
    expect(records).toEqual([
      expect.objectContaining({ id: derivedKeyId(T1), scopes: ['trade', 'read'], venues: ['kalshi', 'polymarket'], source: 'env' }),
      expect.objectContaining({ id: derivedKeyId(T2), scopes: ['admin'], venues: null, source: 'env' }),
    ]);
    expect(JSON.stringify(records)).not.toContain(T1);
    expect(parseKeyEntries(T1 + ':trade')[0]?.id, 'the same token has the same id on every instance').toBe(records[0]?.id);
  });

  it('names the bad entry without echoing its token', () => {
    const bad = [`${T1}:root`, `${T1}:trade:nasdaq`, 'short:trade', `${T1}`, `${T1}:trade:kalshi:extra`, `${T1}:trade ${T1}:read`];
    for (const text of bad) {
      let error: unknown;
      try {
        parseKeyEntries(text);
      } catch (err) {
        error = err;
      }
      expect(error, text).toBeInstanceOf(KeyDeclarationError);
      expect((error as Error).message).toMatch(/^entry \d/);
      expect((error as Error).message).not.toContain(T1);
    }
  });

  it('bootstrap puts declared keys in the store and removes those no longer declared, keeping run-time keys', async () => {
    const store = new KeyStore(new MemoryCache());
    const runtime = await store.create({ scopes: ['trade'] });
    await bootstrapKeys(store, { env: parseKeyEntries(`${T1}:trade ${T2}:read`), file: null });
    expect(await store.verify(T1)).toMatchObject({ scopes: ['trade'] });
    expect(await store.verify(T2)).toMatchObject({ scopes: ['read'] });
    const second = await bootstrapKeys(store, { env: parseKeyEntries(`${T1}:trade`), file: null });
    expect(second).toEqual({ loaded: 1, removed: 1 });
    expect(await store.verify(T2)).toBeNull();
    expect(await store.verify(runtime.token)).not.toBeNull();
  });
});
