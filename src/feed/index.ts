export { DEFAULT_FEED_LIMITS, FEED_PATHS, FeedServer } from './server.js';
export type { FeedLimits, FeedServerOptions } from './server.js';
export { apiKeyOf, isRefusal } from './auth.js';
export type { AuthAnswer, Authenticator, Principal, Refusal } from './auth.js';
export * from './protocol.js';
