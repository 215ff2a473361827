export * from './decimal.js';
export * from './errors.js';
export * from './ids.js';
export * from './primitives.js';
export * from './market.js';
export * from './orderbook.js';
export * from './order.js';
export * from './grid.js';
