import { defineEnv } from './schema.js';

/**
 * Development environment. Account ids here are documentation placeholders (111111111111 is
 * the producer, 2222… and 3333… customers), never real accounts: replace them in a reviewed
 * change before a real apply. The state recorded here is the steady state after the second
 * apply (ACLs enforced, multi-VPC on); see README "Two-phase deploy".
 */
export const dev = defineEnv({
  env: 'dev',
  region: 'us-east-1',
  producerAccountId: '111111111111',
  backend: { bucket: 'marketfeed-tfstate-111111111111', region: 'us-east-1' },
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
    topicPrefix: 'marketfeed',
    aclsEnforced: true,
    multiVpc: true,
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
      scaling: { min: 1, max: 2, targetCpuPct: 60 },
      indicatorThresholdPct: 5,
    },
    sink: { cpu: 256, memoryMiB: 512, scaling: { min: 1, max: 2, targetCpuPct: 60 } },
  },
  customers: [
    {
      name: 'acme',
      accountId: '222222222222',
      consumer: {
        region: 'us-east-1',
        vpcCidr: '10.90.0.0/16',
        azIds: ['use1-az1', 'use1-az2', 'use1-az4'],
        image: 'apache/kafka:3.8.1',
      },
    },
    { name: 'globex', accountId: '333333333333' },
  ],
  clusterArn:
    'arn:aws:kafka:us-east-1:111111111111:cluster/feed-dev/00000000-0000-0000-0000-000000000000-1',
  secretRecoveryDays: 0,
});
