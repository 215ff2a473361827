export * from './rng.js';
export * from './units.js';
export * from './engine.js';
export * from './bots.js';
export * from './faults.js';
export * from './server.js';
export * from './token-bucket.js';
export * from './cross-listed.js';
