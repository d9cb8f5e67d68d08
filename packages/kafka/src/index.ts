export * from './config.js';
export * from './client.js';
export * from './topics.js';
export * from './lag.js';
export * from './errors.js';
