/** The scale-out suite of live books (scale-out-suite.ts) on one redis-server. */
import { Redis } from 'ioredis';
import { startRedisServer } from '../support/redis-server.js';
import { scaleOutSuite } from './scale-out-suite.js';

scaleOutSuite('one redis-server', async () => {
  const server = await startRedisServer();
  const admin = new Redis(server.url);
  return {
    url: server.url,
    admin,
    stop: async () => {
      admin.disconnect();
      await server.stop();
    },
  };
});
