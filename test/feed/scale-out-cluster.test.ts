/** The scale-out suite of live books (scale-out-suite.ts) on a local 3-master Redis Cluster. */
import { Cluster } from 'ioredis';
import { startRedisCluster } from '../support/redis-cluster.js';
import { scaleOutSuite } from './scale-out-suite.js';

scaleOutSuite('a 3-master Redis Cluster', async () => {
  const cluster = await startRedisCluster();
  const admin = new Cluster(cluster.ports.map((port) => ({ host: '127.0.0.1', port })));
  return {
    url: cluster.url,
    admin,
    stop: async () => {
      admin.disconnect();
      await cluster.stop();
    },
  };
});
