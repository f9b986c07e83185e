export * from './ledger.js';
export * from './plan.js';
export * from './retry.js';
export * from './rate.js';
export * from './anniversary.js';
export * from './headers.js';
export * from './sender.js';
export * from './lock-holder.js';
