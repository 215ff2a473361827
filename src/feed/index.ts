export { DEFAULT_FEED_LIMITS, FEED_PATHS, FeedServer } from './server.js';
export type { FeedLimits, FeedServerOptions } from './server.js';
export { apiKeyOf } from './auth.js';
export type { Authenticator, Principal } from './auth.js';
export * from './protocol.js';
