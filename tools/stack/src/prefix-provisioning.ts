import kafkajs from 'kafkajs';
import { grantServiceAcls, revokeServiceAcls } from './acls.js';
import { plaintextConfig } from './kafka-client-config.js';
import { type StackInfo } from './stack-info.js';
import { stackTopics } from './topic-catalog.js';

/**
 * For integration tests on their own random prefix (`t-<random>`): creates that prefix's catalog
 * topics and grants the service users the same ACLs they have on `marketfeed.*`, so a test can
 * run as `ingestor`/`enricher`/`sink`/`customer-demo` where least privilege is the point.
 * Uses the PLAINTEXT listener (super user); idempotent.
 */
export async function provisionPrefix(
  info: StackInfo,
  prefix: string,
  partitions = 6,
): Promise<void> {
  const admin = new kafkajs.Kafka(plaintextConfig(info, 'stack-provision')).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = stackTopics(prefix, partitions).filter((topic) => !existing.has(topic.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic: topic.name,
          numPartitions: topic.numPartitions,
          replicationFactor: 1,
          configEntries: Object.entries(topic.configEntries).map(([name, value]) => ({
            name,
            value,
          })),
        })),
      });
    }
    await grantServiceAcls(admin, prefix);
  } finally {
    await admin.disconnect();
  }
}

/** Removes a test prefix's topics and the service ACLs on them. */
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
