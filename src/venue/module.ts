import type { Logger } from 'pino';
import type { z } from 'zod';
import type { VenueId } from '../core/ids.js';
import type { VenueAdapter } from './adapter.js';

/**
 * Everything Venn needs to know about one venue, exported by `adapters/<venue>/index.ts` and listed
 * once in `adapters/index.ts`. The service composes its configuration, its adapters and the demo's
 * simulators from these modules; nothing else in `src/` names a venue.
 */

/** One environment variable of a venue, for documentation and redaction. */
export interface VenueVariable {
  name: string;
  /** The default, as documented (absent when the variable has none). */
  default?: string;
  description: string;
  /** A secret is never logged, echoed in errors or returned by the API. */
  secret?: boolean;
}

/** A running simulator of the venue, started for the demo or a test. */
export interface RunningVenueSimulator {
  /** Environment variables pointing the venue's configuration (and so its adapter) at the simulator. */
  env: Record<string, string>;
  /** The simulator's fault knobs, where it has them (tests inject sequence gaps through them). */
  faults?: { sequenceGap(count?: number): void };
  close(): Promise<void>;
}

export interface VenueSimulatorOptions {
  seed: number;
  /** How many markets to generate. */
  markets: number;
  /**
   * Also list the propositions the other simulators list, each in the venue's own words, with
   * stated books (src/sim/cross-listed.ts): the demo's cross-venue pairs and near-misses.
   */
  crossListed?: boolean;
}

export interface VenueModule<C = unknown> {
  id: VenueId;
  /** The venue's name as people write it (capitalized, with its own spelling). */
  displayName: string;
  /**
   * Parses the venue's part of the environment (variables named by `variables`) into its typed
   * configuration; cross-field rules report issues with the variable's name as the path.
   */
  configSchema: z.ZodType<C>;
  variables: readonly VenueVariable[];
  /** Keys of the typed configuration that hold secrets (redacted wherever configuration is shown). */
  secrets: readonly (keyof C & string)[];
  /** The hosts the configuration points at (to keep catalogs from different deployments apart). */
  hosts(config: C): string[];
  /** Builds the adapter; it receives only its own venue's configuration. */
  createAdapter(config: C, context: { logger: Logger }): VenueAdapter;
  /** Starts the venue's simulator (demo and wiring tests). */
  startSimulator(options: VenueSimulatorOptions): Promise<RunningVenueSimulator>;
}

/** Declares a venue module with its configuration type checked throughout. */
export function defineVenue<C>(module: VenueModule<C>): VenueModule<C> {
  return module;
}

/** A module of any venue, as the registry lists them (each checks its own configuration type). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyVenueModule = VenueModule<any>;
