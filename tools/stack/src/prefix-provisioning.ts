import { ensureTopics } from '@marketfeed/kafka/topics';
import { catalogTopics, topicCatalog } from '@marketfeed/kafka/contract';
import kafkajs from 'kafkajs';
import { grantServiceAcls, revokeServiceAcls } from './acls.js';
import { plaintextConfig } from './kafka-client-config.js';
import { type StackInfo } from './stack-info.js';

/**
 * Creates a prefix's catalog topics (with their configs) and grants the contract's local ACL
 * set on them, so code can run as `ingestor`/`enricher`/`sink`/`web`/`customer-demo` where
 * least privilege is the point. Uses the PLAINTEXT listener (super user); idempotent.
 */
export async function provisionPrefix(
  info: StackInfo,
  prefix: string,
  partitions = 6,
): Promise<void> {
  const admin = new kafkajs.Kafka(plaintextConfig(info, 'stack-provision')).admin();
  await admin.connect();
  try {
    await ensureTopics(admin, catalogTopics(topicCatalog(prefix, partitions)), 1);
    await grantServiceAcls(admin, prefix);
  } finally {
    await admin.disconnect();
  }
}

/** Removes a test prefix's topics and the ACLs on them. */
export async function deletePrefixTopics(info: StackInfo, prefix: string): Promise<void> {
  const admin = new kafkajs.Kafka(plaintextConfig(info, 'stack-provision')).admin();
  await admin.connect();
  try {
    const mine = (await admin.listTopics()).filter((name) => name.startsWith(`${prefix}.`));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
    await revokeServiceAcls(admin, prefix);
  } finally {
    await admin.disconnect();
  }
}
