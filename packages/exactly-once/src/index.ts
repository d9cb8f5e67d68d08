export {
  createExactlyOnceProcessor,
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  DEFAULT_SESSION_TIMEOUT_MS,
  ProcessorSetupError,
  type ExactlyOnceProcessor,
  type ProcessorDeps,
  type ProcessorSettings,
  type ProcessorTopics,
} from './processor.js';
export type {
  Delivery,
  InputRecord,
  OutputRecord,
  ProcessorOutcome,
  StateCodec,
  Transform,
  TransactionOutput,
} from './types.js';
export {
  CHECKPOINT_KEY,
  formatCheckpoint,
  parseCheckpoint,
  StateDecodeError,
  type Checkpoint,
} from './partition-worker.js';
export { splitBySize, MAX_REQUEST_BYTES } from './split-by-size.js';
export { TRANSACTIONAL_RETRY } from './producer-config.js';
export { readPartitionsToEnd, trackPositions } from './partition-end-reader.js';
export type { ProcessorMetrics } from './metrics.js';
