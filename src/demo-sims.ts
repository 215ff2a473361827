/**
 * The venue simulators the demo runs in-process, one entry per venue. Each starter launches its
 * simulator on a free loopback port and returns the environment variables that point the service
 * (and its adapter) at it. `DEMO_SEED` and `DEMO_MARKETS` tune the generated catalog.
 */
import { DEMO_KEY_ID, DEMO_PRIVATE_KEY_PATH, startKalshiSim } from '../adapters/kalshi/sim/index.js';
import { startPolymarketSim } from '../adapters/polymarket/sim/index.js';
import type { VenueId } from './core/index.js';

const seed = Number(process.env.DEMO_SEED ?? 1);
const markets = Number(process.env.DEMO_MARKETS ?? 300);

export interface RunningSimulator {
  venue: VenueId;
  /** Environment overrides pointing the service at this simulator. */
  env: Record<string, string>;
  close(): Promise<void>;
}

type SimulatorStarter = () => Promise<Omit<RunningSimulator, 'venue'>>;

export const simulatorStarters: Partial<Record<VenueId, SimulatorStarter>> = {
  kalshi: async () => {
    const sim = await startKalshiSim({ port: 0, seed, markets });
    return {
      // The simulator accepts its published demo key, so the authenticated stream works offline.
      env: {
        KALSHI_API_URL: sim.restUrl,
        KALSHI_WS_URL: sim.wsUrl,
        KALSHI_API_KEY_ID: DEMO_KEY_ID,
        KALSHI_PRIVATE_KEY_PATH: DEMO_PRIVATE_KEY_PATH,
        KALSHI_PRIVATE_KEY: '',
      },
      close: () => sim.close(),
    };
  },
  polymarket: async () => {
    const sim = await startPolymarketSim({ port: 0, seed, markets });
    return {
      env: {
        POLYMARKET_GAMMA_URL: sim.gammaUrl,
        POLYMARKET_CLOB_URL: sim.clobUrl,
        POLYMARKET_DATA_URL: sim.dataUrl,
        POLYMARKET_WS_URL: `${sim.wsUrl}/ws`,
      },
      close: () => sim.close(),
    };
  },
};

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
