export {
  generateSimulatedFeed,
  simulatedSymbols,
  DEFAULT_SIMULATED_FEED,
} from './sources/simulator/generate.js';
export type { FeedItem, SimulatedFeedOptions } from './sources/simulator/generate.js';
export { createIngestor } from './ingestor.js';
export type { Ingestor, IngestorDeps } from './ingestor.js';
export { loadIngestorConfig } from './config.js';
export type { IngestorConfig } from './config.js';
export { alpacaCorporateActionsJson } from './cli/alpaca-corporate-actions-json.js';
