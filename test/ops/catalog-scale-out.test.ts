/** The catalog scale-out suite (catalog-scale-out-suite.ts) on one redis-server. */
import { startRedisServer } from '../support/redis-server.js';
import { catalogScaleOutSuite } from './catalog-scale-out-suite.js';

catalogScaleOutSuite('one redis-server', () => startRedisServer());
