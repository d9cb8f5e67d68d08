/**
 * Dev-only kit for `*.int.test.ts` against the real local stack (`npm run stack:up`). Only ever a
 * devDependency: shipped code must not import it.
 */
export { stackInfo, passwordOf, stackDir, type StackInfo } from './stack-info.js';
export { adminKafka, kafkaAs, kafkaConfigAs, settingsAs } from './clients.js';
export { eventually, type EventuallyOptions } from './eventually.js';
export { randomPrefix, provisionTestPrefix, cleanupPrefix, type TestPrefix } from './prefix.js';
export { collect, readTopic, topicCount, waitForCount, type ConsumedRecord } from './records.js';
export { freePort, runToExit, type ProcessResult } from './process.js';
