export * from './config.js';
export * from './logger.js';
export * from './readiness.js';
export * from './metrics.js';
export * from './http-server.js';
export * from './shutdown.js';
export * from './run-main.js';
export * from './service-runtime.js';
