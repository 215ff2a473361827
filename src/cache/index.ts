export type { BackendHealth, Bus, Cache, HealthBus, HealthCache, SetOptions, Unsubscribe } from './types.js';
export { MemoryBus, MemoryCache } from './memory.js';
export { RedisBus, RedisCache, createRedisClient } from './redis.js';
export { ResilientBus, ResilientCache } from './resilient.js';
export { createBus, createCache, redactRedisUrl } from './factory.js';
