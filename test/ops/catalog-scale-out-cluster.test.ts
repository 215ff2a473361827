/** The catalog scale-out suite (catalog-scale-out-suite.ts) on a local 3-master Redis Cluster. */
import { startRedisCluster } from '../support/redis-cluster.js';
import { catalogScaleOutSuite } from './catalog-scale-out-suite.js';

catalogScaleOutSuite('a 3-master Redis Cluster', () => startRedisCluster());
