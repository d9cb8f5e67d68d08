import { defineEnv } from './schema.js';
import * as shared from './shared.js';

/**
 * Development environment. Account ids here are documentation placeholders (111111111111 is
 * the producer, 2222… and 3333… customers), never real accounts: replace them in a reviewed
 * change before a real apply. Committed in the first
 * phase of a deploy from nothing (`create`, no clusterArn), valid for a first apply.
 */
export const dev = defineEnv({
  env: 'dev',
  // A first deploy starts here; infra/README.md "First deploy" moves it on, phase by phase.
  phase: 'create',
  region: shared.REGION,
  producerAccountId: '111111111111',
  backend: shared.stateBackend('111111111111'),
  network: {
    cidr: '10.40.0.0/16',
    azIds: shared.BROKER_AZ_IDS,
    natGateways: 1,
    interfaceEndpoints: false,
  },
  kafka: {
    ...shared.KAFKA_COMMON,
    // The smallest size multi-VPC connectivity supports (not kafka.t3.small).
    brokerInstanceType: 'kafka.m7g.large',
    brokerCount: 3,
    volumeSizeGiB: 100,
    storageAutoscaling: { maxVolumeSizeGiB: 500 },
    logRetentionDays: 14,
  },
  search: {
    engineVersion: shared.SEARCH_ENGINE_VERSION,
    // The smallest general-purpose size with encryption at rest (a prerequisite of FGAC).
    instanceType: 'm6g.large.search',
    instanceCount: 1,
    volumeSizeGiB: 20,
    adminPrincipalArns: [shared.platformAdminArn('111111111111')],
  },
  services: {
    imageTag: 'dev-latest-sha',
    logLevel: 'debug',
    logRetentionDays: 14,
    ingestor: {
      ...shared.taskSize(256),
      source: 'simulator',
      symbols: ['AMZN', 'NVDA', 'AAPL'],
      alpacaFeed: 'iex',
    },
    enricher: {
      ...shared.taskSize(512),
      scaling: shared.lagScaling(1, 2),
      indicatorThresholdPct: 5,
    },
    sink: { ...shared.taskSize(256), scaling: shared.lagScaling(1, 2) },
  },
  customers: [
    {
      name: 'acme',
      accountId: '222222222222',
      consumer: shared.consumerStack('222222222222', '10.90.0.0/16'),
    },
    { name: 'globex', accountId: '333333333333' },
  ],
  monitoring: {
    subscriptions: [{ protocol: 'email', endpoint: 'feed-oncall-dev@example.com' }],
  },
  secretRecoveryDays: 0,
});
