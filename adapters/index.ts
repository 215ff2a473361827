/**
 * The venues Venn can run, one module per venue. Adding a venue means one folder under adapters/
 * and one line here; the service composes its configuration, adapters and the demo's simulators
 * from this list (src/main.ts, src/demo.ts).
 */
import type { AnyVenueModule } from '../src/venue/module.js';
import { kalshi } from './kalshi/index.js';
import { manifold } from './manifold/index.js';
import { opinion } from './opinion/index.js';
import { polymarket } from './polymarket/index.js';

export const venueModules: readonly AnyVenueModule[] = [kalshi, polymarket, manifold, opinion];
