export * from './config.js';
export * from './logger.js';
export * from './readiness.js';
export * from './metrics.js';
export * from './http-server.js';
export * from './service.js';
export * from './run-service.js';
export * from './exit-codes.js';
