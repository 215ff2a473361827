import type { Logger } from 'pino';
import type { VenueId } from '../core/ids.js';

/**
 * A listener registry for venue streams. Every listener receives every event in isolation: one
 * that throws is reported and skipped, and the listeners after it still get the same event.
 *
 * A listener that throws is logged once per burst (a run of consecutive throws by that listener,
 * ended by its next normal return), with the venue and the event type, so a listener failing on
 * every book delta does not flood the log; `errors` counts every throw.
 */

export interface StreamListenersOptions {
  venue: VenueId;
  logger?: Logger | undefined;
  /** What the listeners receive, for log messages (default `stream`). */
  label?: string;
}

interface Registration<E> {
  fn: (event: E) => void;
  /** Consecutive throws; 0 while the listener is healthy. */
  failing: number;
}

export class StreamListeners<E> {
  private readonly registrations = new Set<Registration<E>>();
  private readonly label: string;
  /** Every throw by any listener since creation. */
  errors = 0;

  constructor(private readonly options: StreamListenersOptions) {
    this.label = options.label ?? 'stream';
  }

  get size(): number {
    return this.registrations.size;
  }

  /** Adds a listener (each call one registration); returns a function that removes it. */
  add(fn: (event: E) => void): () => void {
    const registration: Registration<E> = { fn, failing: 0 };
    this.registrations.add(registration);
    return () => {
      this.registrations.delete(registration);
    };
  }

  /** Delivers one event to every listener; a throwing listener never stops the others. */
  emit(event: E): void {
    for (const r of this.registrations) {
      try {
        r.fn(event);
      } catch (err) {
        this.failed(r, event, err);
        continue;
      }
      if (r.failing !== 0) this.recovered(r);
    }
  }

  /** Removes every listener (the stream closed). */
  clear(): void {
    this.registrations.clear();
  }

  private failed(r: Registration<E>, event: E, err: unknown): void {
    this.errors += 1;
    r.failing += 1;
    if (r.failing > 1) return;
    const type = typeof event === 'object' && event !== null ? (event as { type?: unknown }).type : undefined;
    this.options.logger?.error(
      { venue: this.options.venue, event: typeof type === 'string' ? type : undefined, err: err instanceof Error ? err.message : String(err) },
      `${this.label} listener threw`,
    );
  }

  private recovered(r: Registration<E>): void {
    if (r.failing > 1) {
      this.options.logger?.warn({ venue: this.options.venue, throws: r.failing }, `${this.label} listener recovered`);
    }
    r.failing = 0;
  }
}
