import { ensureTopics, grantAcls, revokeAcls } from '@marketfeed/kafka';
import {
  catalogTopics,
  isPrefixIndependent,
  localAcls,
  serviceIds,
  topicCatalog,
  type ServiceIds,
  type TopicCatalog,
} from '@marketfeed/kafka/contract';
import { randomBytes } from 'node:crypto';
import { adminKafka } from './clients.js';
import { stackInfo, type StackInfo } from './stack-info.js';

/** `t-<label>-<hex>`: each test gets its own topics, groups and transactional ids. */
export function randomPrefix(label?: string): string {
  const id = randomBytes(4).toString('hex');
  return label ? `t-${label}-${id}` : `t-${id}`;
}

export interface TestPrefix {
  prefix: string;
  catalog: TopicCatalog;
  ids: ServiceIds;
  info: StackInfo;
  /** Deletes the prefix's topics and its ACLs (not the demo customer's shared group grant). */
  cleanup(): Promise<void>;
}

/**
 * A random prefix on the local stack, provisioned through the contract: every catalog topic with
 * the catalog's configs, and the local ACL set (services, web and the demo customer), waited for
 * until the broker enforces it. Small partition counts keep tests fast.
 */
export async function provisionTestPrefix(
  opts: { label?: string; partitions?: number; prefix?: string; info?: StackInfo } = {},
): Promise<TestPrefix> {
  const prefix = opts.prefix ?? randomPrefix(opts.label);
  const info = opts.info ?? stackInfo();
  const catalog = topicCatalog(prefix, opts.partitions ?? 3);
  const admin = adminKafka('testkit-provision', info).admin();
  await admin.connect();
  try {
    // The shared broker is busy with the whole team's tests; metadata can lag, so retry.
    for (let attempt = 1; ; attempt++) {
      try {
        await ensureTopics(admin, catalogTopics(catalog), 1);
        await grantAcls(admin, localAcls(prefix));
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
        await new Promise((r) => setTimeout(r, 1000 * attempt));
      }
    }
  } finally {
    await admin.disconnect();
  }
  return {
    prefix,
    catalog,
    ids: serviceIds(prefix),
    info,
    cleanup: () => cleanupPrefix(prefix, info),
  };
}

export async function cleanupPrefix(prefix: string, info: StackInfo = stackInfo()): Promise<void> {
  const admin = adminKafka('testkit-cleanup', info).admin();
  await admin.connect();
  try {
    const mine = (await admin.listTopics()).filter((name) => name.startsWith(`${prefix}.`));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
    await revokeAcls(
      admin,
      localAcls(prefix).filter((g) => !isPrefixIndependent(g, prefix)),
    );
  } finally {
    await admin.disconnect();
  }
}
