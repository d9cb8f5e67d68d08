export {
  readCommitted,
  verifyEnrichedFeed,
  identityOf,
  type CommittedRecord,
  type FeedVerification,
  type ReadCommittedOptions,
} from './verifier.js';
export {
  generateRawFeed,
  seededRandom,
  symbolName,
  type RawFeed,
  type RawFeedOptions,
  type RawFeedRecord,
} from './raw-feed-generator.js';
