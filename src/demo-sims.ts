/**
 * The venue simulators the demo runs in-process, one line per venue. Each starter launches its
 * simulator on a free loopback port and returns the environment variables that point the service
 * (and its adapter) at it, e.g.
 *   kalshi: async () => { const s = await startKalshiSim({ port: 0 }); return { env: { KALSHI_API_URL: s.restUrl, KALSHI_WS_URL: s.wsUrl }, close: s.close }; },
 */
import type { VenueId } from './core/index.js';

export interface RunningSimulator {
  venue: VenueId;
  /** Environment overrides pointing the service at this simulator. */
  env: Record<string, string>;
  close(): Promise<void>;
}

type SimulatorStarter = () => Promise<Omit<RunningSimulator, 'venue'>>;

export const simulatorStarters: Partial<Record<VenueId, SimulatorStarter>> = {};

/** Starts every available simulator (all of them or none: a failure closes those already started). */
export async function startSimulators(starters = simulatorStarters): Promise<RunningSimulator[]> {
  const running: RunningSimulator[] = [];
  try {
    for (const [venue, start] of Object.entries(starters) as [VenueId, SimulatorStarter][]) {
      running.push({ venue, ...(await start()) });
    }
  } catch (err) {
    await Promise.allSettled(running.map((s) => s.close()));
    throw err;
  }
  return running;
}
