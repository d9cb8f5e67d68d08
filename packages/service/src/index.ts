export * from './config.js';
export * from './logger.js';
export * from './readiness.js';
export * from './metrics.js';
export * from './http-server.js';
export * from './service.js';
export * from './run-service.js';
export * from './exit-codes.js';
// Superseded by runService; kept until every app has moved onto it.
export * from './shutdown.js';
export * from './run-main.js';
export * from './service-runtime.js';
