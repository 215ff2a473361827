import { NetworkError } from '../core/errors.js';
import { StreamScope, type StreamScopeOptions } from './stream-scope.js';

/**
 * The open streams of one adapter, so `adapter.close()` can close them all. The adapter opens
 * one scope per stream it hands out (`open()`); a scope leaves the set when it closes, whoever
 * closes it. After `closeAll()` the set opens no more streams.
 */
export class StreamSet {
  private readonly scopes = new Set<StreamScope>();
  private closed = false;

  constructor(private readonly defaults: StreamScopeOptions) {}

  /** Open streams. */
  get size(): number {
    return this.scopes.size;
  }

  /** A new scope for one stream, in the set until it closes. Throws `NetworkError` after `closeAll()`. */
  open(overrides: Partial<StreamScopeOptions> = {}): StreamScope {
    if (this.closed) throw new NetworkError(`${this.defaults.venue} adapter closed: no new streams`, { venue: this.defaults.venue });
    const scope = new StreamScope({ ...this.defaults, ...overrides });
    this.scopes.add(scope);
    scope.onClose(() => {
      this.scopes.delete(scope);
    });
    return scope;
  }

  /** Closes every open stream; idempotent. */
  async closeAll(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.scopes].map((s) => s.close()));
  }
}
