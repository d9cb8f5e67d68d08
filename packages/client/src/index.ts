export {
  createFeedClient,
  checkGroupId,
  defaultGroupId,
  feedTopics,
  kafkaConfig,
} from './feed-client.js';
export type {
  FeedClient,
  FeedClientOptions,
  FeedEvent,
  FeedEventHandler,
  RecordPosition,
  StartFrom,
} from './feed-client.js';
export {
  FeedAccessError,
  FeedConfigError,
  accessDenial,
  explainAccessError,
  type AccessDenial,
} from './errors.js';
export { SeqTracker, type SeqObservation } from './seq-tracker.js';
export {
  connectionFromProperties,
  parseProperties,
  PropertiesError,
  type PropertiesConnection,
} from './properties.js';
