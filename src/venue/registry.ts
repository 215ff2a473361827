import { NotFound, VennError } from '../core/errors.js';
import { isVenueId, type VenueId } from '../core/ids.js';
import { ADAPTER_SPECIFICATION_VERSION, type VenueAdapter } from './adapter.js';

/** The adapters configured in this process, one per venue. */
export class AdapterRegistry {
  private readonly adapters = new Map<VenueId, VenueAdapter>();

  /** Adds an adapter; throws if one is already registered for its venue. */
  register(adapter: VenueAdapter): this {
    if (!isVenueId(adapter.venue)) throw new VennError(`cannot register an adapter for unknown venue ${JSON.stringify(adapter.venue)}`);
    if (adapter.specificationVersion !== ADAPTER_SPECIFICATION_VERSION) {
      throw new VennError(
        `the ${adapter.venue} adapter implements ${String(adapter.specificationVersion)}, this service needs ${ADAPTER_SPECIFICATION_VERSION}`,
      );
    }
    if (this.adapters.has(adapter.venue)) throw new VennError(`an adapter for ${adapter.venue} is already registered`);
    this.adapters.set(adapter.venue, adapter);
    return this;
  }

  /** The adapter of `venue`; throws `NotFound` naming the configured venues when absent. */
  get(venue: string): VenueAdapter {
    const adapter = isVenueId(venue) ? this.adapters.get(venue) : undefined;
    if (!adapter) {
      const known = [...this.adapters.keys()].join(', ') || 'none';
      const what = isVenueId(venue) ? 'is not configured' : 'is not a known venue';
      throw new NotFound(`venue ${JSON.stringify(venue)} ${what} (configured: ${known})`, isVenueId(venue) ? { venue } : {});
    }
    return adapter;
  }

  has(venue: string): boolean {
    return isVenueId(venue) && this.adapters.has(venue);
  }

  /** Registered adapters in registration order. */
  list(): VenueAdapter[] {
    return [...this.adapters.values()];
  }

  venues(): VenueId[] {
    return [...this.adapters.keys()];
  }

  /** Closes every adapter (all of them, even if some fail) and empties the registry. */
  async closeAll(): Promise<void> {
    const adapters = this.list();
    this.adapters.clear();
    const results = await Promise.allSettled(adapters.map((a) => a.close()));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length > 0) {
      throw new AggregateError(failed.map((f) => f.reason as unknown), `${failed.length} adapter(s) failed to close`);
    }
  }
}
