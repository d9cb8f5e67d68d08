export * from './contract.js';
export * from './line.js';
