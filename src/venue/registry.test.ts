import { describe, expect, it } from 'vitest';
import { NotFound, VennError } from '../core/errors.js';
import type { VenueId } from '../core/ids.js';
import { ADAPTER_SPECIFICATION_VERSION, type VenueAdapter } from './adapter.js';
import { AdapterRegistry } from './registry.js';

/** Only `venue` and `close` matter to the registry. */
function adapter(venue: string, onClose: () => Promise<void> = async () => undefined): VenueAdapter {
  return { specificationVersion: ADAPTER_SPECIFICATION_VERSION, venue: venue as VenueId, close: onClose } as unknown as VenueAdapter;
}

describe('AdapterRegistry', () => {
  it('registers, looks up and lists adapters', () => {
    const r = new AdapterRegistry();
    const k = adapter('kalshi');
    const p = adapter('polymarket');
    r.register(k).register(p);
    expect(r.get('kalshi')).toBe(k);
    expect(r.has('polymarket')).toBe(true);
    expect(r.has('manifold')).toBe(false);
    expect(r.has('nasdaq')).toBe(false);
    expect(r.list()).toEqual([k, p]);
    expect(r.venues()).toEqual(['kalshi', 'polymarket']);
  });

  it('throws clear errors for duplicate, unknown and unconfigured venues', () => {
    const r = new AdapterRegistry().register(adapter('kalshi'));
    expect(() => r.register(adapter('kalshi'))).toThrow(/already registered/);
    expect(() => r.register(adapter('nasdaq'))).toThrow(VennError);
    expect(() => r.get('opinion')).toThrow(NotFound);
    expect(() => r.get('opinion')).toThrow(/"opinion" is not configured \(configured: kalshi\)/);
    expect(() => r.get('nasdaq')).toThrow(/not a known venue/);
    const old = { ...adapter('polymarket'), specificationVersion: 'venn-adapter-v1' } as unknown as VenueAdapter;
    expect(() => r.register(old)).toThrow(/implements venn-adapter-v1, this service needs venn-adapter-v2/);
  });

  it('closeAll closes every adapter even when one fails', async () => {
    const closed: string[] = [];
    const r = new AdapterRegistry()
      .register(adapter('kalshi', async () => void closed.push('kalshi')))
      .register(adapter('manifold', async () => Promise.reject(new Error('stuck'))))
      .register(adapter('opinion', async () => void closed.push('opinion')));
    await expect(r.closeAll()).rejects.toBeInstanceOf(AggregateError);
    expect(closed).toEqual(['kalshi', 'opinion']);
    expect(r.list()).toEqual([]);
  });
});
