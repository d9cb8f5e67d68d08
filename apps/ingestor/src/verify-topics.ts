import { OperatorError } from '@marketfeed/service';
import type { Admin } from 'kafkajs';

/**
 * Fails fast at boot when a topic the ingestor writes is missing: the producer would otherwise
 * retry "unknown topic" forever (the idempotent producer retries without limit) and the operator
 * would only see a service that never turns ready. An OperatorError: one line, exit 78.
 */
export async function verifyTopicsExist(admin: Admin, topics: readonly string[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length > 0) {
    throw new OperatorError(
      `topics missing: ${missing.join(', ')}; create them (feedctl topics apply, or INGEST_CREATE_TOPICS=true for local runs) or fix FEED_TOPIC_PREFIX`,
    );
  }
}
