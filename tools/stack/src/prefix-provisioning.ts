import { catalogTopics, topicCatalog } from '@marketfeed/kafka/contract';
import kafkajs from 'kafkajs';
import { grantServiceAcls, revokeServiceAcls } from './acls.js';
import { plaintextConfig } from './kafka-client-config.js';
import { type StackInfo } from './stack-info.js';

/**
 * For integration tests on their own random prefix (`t-<random>`): creates that prefix's catalog
 * topics and grants the service users the same ACLs they have on `marketfeed.*`, so a test can
 * run as `ingestor`/`enricher`/`sink`/`web`/`customer-demo` where least privilege is the point.
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
    const missing = catalogTopics(topicCatalog(prefix, partitions)).filter(
      (topic) => !existing.has(topic.name),
    );
    if (missing.length > 0) {
      // Not waitForLeaders: under load kafkajs can surface a transient UNKNOWN_TOPIC_OR_PARTITION
      // from that wait as an uncaught error; leaders are awaited below with bounded polling.
      await admin.createTopics({
        waitForLeaders: false,
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
    await waitForLeaders(
      admin,
      catalogTopics(topicCatalog(prefix, partitions)).map((t) => t.name),
      30_000,
    );
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

async function waitForLeaders(
  admin: kafkajs.Admin,
  topics: string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const meta = await admin.fetchTopicMetadata({ topics }).catch(() => undefined);
    const ready = meta?.topics.every(
      (t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0),
    );
    if (ready) return;
    if (Date.now() > deadline)
      throw new Error(`no leaders for ${topics.join(', ')} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
