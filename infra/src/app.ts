import type { App } from 'cdktf';
import type { EnvConfig } from '../config/schema.js';
import { FeedStack } from './stacks/feed-stack.js';
import { ConsumerStack } from './stacks/consumer-stack.js';

/**
 * Adds every stack of every environment to `app`: `feed-<env>` for the producer account and
 * `consumer-<env>-<customer>` per customer that runs our consumer stack. Consumer stacks wait
 * for `clusterArn` (known after the first apply).
 */
export function addStacks(app: App, environments: readonly EnvConfig[]): void {
  for (const cfg of environments) {
    new FeedStack(app, cfg);
    const clusterArn = cfg.clusterArn;
    if (!clusterArn) continue;
    for (const customer of cfg.customers) {
      const consumer = customer.consumer;
      if (consumer) new ConsumerStack(app, cfg, { ...customer, consumer }, clusterArn);
    }
  }
}
