import type { App } from 'cdktf';
import type { EnvConfig } from '../config/schema.js';
import { FeedStack } from './stacks/feed-stack.js';
import { ConsumerStack } from './stacks/consumer-stack.js';
import { consumerStacksEnabled } from '../config/phases.js';

/**
 * Adds every stack of every environment to `app`: `feed-<env>` for the producer account and
 * `consumer-<env>-<customer>` per customer that runs our consumer stack. Consumer stacks come
 * last: in phase `multi-vpc`, when the cluster accepts managed VPC connections.
 */
export function addStacks(app: App, environments: readonly EnvConfig[]): void {
  for (const cfg of environments) {
    new FeedStack(app, cfg);
    const clusterArn = cfg.clusterArn;
    if (!clusterArn || !consumerStacksEnabled(cfg.phase)) continue;
    for (const customer of cfg.customers) {
      const consumer = customer.consumer;
      if (consumer) new ConsumerStack(app, cfg, { ...customer, consumer }, clusterArn);
    }
  }
}
