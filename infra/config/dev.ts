import { CONSUMER_IMAGE } from './images.js';
import { defineEnv } from './schema.js';

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
  region: 'us-east-1',
  producerAccountId: '111111111111',
  backend: {
    bucket: 'marketfeed-tfstate-111111111111',
    region: 'us-east-1',
    kmsKeyArn: 'arn:aws:kms:us-east-1:111111111111:key/00000000-0000-0000-0000-000000000000',
  },
  network: {
    cidr: '10.40.0.0/16',
    // use1-az3 is left out: MSK does not place brokers there.
    azIds: ['use1-az1', 'use1-az2', 'use1-az4'],
    natGateways: 1,
    interfaceEndpoints: false,
  },
  kafka: {
    version: '3.6.0',
    // The smallest size multi-VPC connectivity supports (not kafka.t3.small).
    brokerInstanceType: 'kafka.m7g.large',
    brokerCount: 3,
    volumeSizeGiB: 100,
    storageAutoscaling: { maxVolumeSizeGiB: 500 },
    topicPrefix: 'marketfeed',
    logRetentionDays: 14,
  },
  search: {
    engineVersion: 'OpenSearch_2.17',
    // The smallest general-purpose size with encryption at rest (a prerequisite of FGAC).
    instanceType: 'm6g.large.search',
    instanceCount: 1,
    volumeSizeGiB: 20,
    adminPrincipalArns: ['arn:aws:iam::111111111111:role/platform-admin'],
  },
  services: {
    imageTag: 'dev-latest-sha',
    logLevel: 'debug',
    logRetentionDays: 14,
    ingestor: {
      cpu: 256,
      memoryMiB: 512,
      source: 'simulator',
      symbols: ['AMZN', 'NVDA', 'AAPL'],
      alpacaFeed: 'iex',
    },
    enricher: {
      cpu: 512,
      memoryMiB: 1024,
      scaling: { min: 1, max: 2, targetLagPerTask: 5000 },
      indicatorThresholdPct: 5,
    },
    sink: { cpu: 256, memoryMiB: 512, scaling: { min: 1, max: 2, targetLagPerTask: 5000 } },
  },
  customers: [
    {
      name: 'acme',
      accountId: '222222222222',
      consumer: {
        stateKmsKeyArn:
          'arn:aws:kms:us-east-1:222222222222:key/00000000-0000-0000-0000-000000000000',
        region: 'us-east-1',
        vpcCidr: '10.90.0.0/16',
        azIds: ['use1-az1', 'use1-az2', 'use1-az4'],
        image: CONSUMER_IMAGE,
      },
    },
    { name: 'globex', accountId: '333333333333' },
  ],
  monitoring: {
    subscriptions: [{ protocol: 'email', endpoint: 'feed-oncall-dev@example.com' }],
  },
  secretRecoveryDays: 0,
});
