export * from './contract/index.js';
export * from './config.js';
export * from './client.js';
export * from './topics.js';
export * from './acls.js';
export * from './lag.js';
export * from './errors.js';
export * from './operator-mistake.js';
