import { CONSUMER_IMAGE } from './images.js';
import { defineEnv } from './schema.js';

/**
 * Production. Account ids are documentation placeholders (444444444444 producer, 5555… and
 * 6666… customers); replace them in a reviewed change before a real apply. Committed in the first phase of a deploy from
 * nothing (`create`, no clusterArn), valid for a first apply (README "First deploy").
 */
export const prod = defineEnv({
  env: 'prod',
  // A first deploy starts here; infra/README.md "First deploy" moves it on, phase by phase.
  phase: 'create',
  region: 'us-east-1',
  producerAccountId: '444444444444',
  backend: {
    bucket: 'marketfeed-tfstate-444444444444',
    region: 'us-east-1',
    kmsKeyArn: 'arn:aws:kms:us-east-1:444444444444:key/00000000-0000-0000-0000-000000000000',
  },
  network: {
    cidr: '10.50.0.0/16',
    azIds: ['use1-az1', 'use1-az2', 'use1-az4'],
    natGateways: 3,
    interfaceEndpoints: true,
  },
  kafka: {
    version: '3.6.0',
    brokerInstanceType: 'kafka.m7g.xlarge',
    brokerCount: 3,
    volumeSizeGiB: 1000,
    storageAutoscaling: { maxVolumeSizeGiB: 4000 },
    topicPrefix: 'marketfeed',
    logRetentionDays: 90,
  },
  search: {
    engineVersion: 'OpenSearch_2.17',
    instanceType: 'r7g.large.search',
    instanceCount: 3,
    dedicatedMasterType: 'm7g.large.search',
    volumeSizeGiB: 200,
    adminPrincipalArns: ['arn:aws:iam::444444444444:role/platform-admin'],
  },
  services: {
    imageTag: 'prod-release-sha',
    logLevel: 'info',
    logRetentionDays: 90,
    ingestor: {
      cpu: 512,
      memoryMiB: 1024,
      source: 'alpaca',
      symbols: ['AMZN', 'NVDA', 'AAPL', 'MSFT', 'GOOGL'],
      alpacaFeed: 'sip',
    },
    enricher: {
      cpu: 1024,
      memoryMiB: 2048,
      scaling: { min: 2, max: 6, targetLagPerTask: 5000 },
      indicatorThresholdPct: 5,
    },
    sink: { cpu: 512, memoryMiB: 1024, scaling: { min: 2, max: 4, targetLagPerTask: 5000 } },
  },
  customers: [
    {
      name: 'acme',
      accountId: '555555555555',
      consumer: {
        stateKmsKeyArn:
          'arn:aws:kms:us-east-1:555555555555:key/00000000-0000-0000-0000-000000000000',
        region: 'us-east-1',
        vpcCidr: '10.90.0.0/16',
        azIds: ['use1-az1', 'use1-az2', 'use1-az4'],
        image: CONSUMER_IMAGE,
      },
    },
    {
      name: 'initech',
      accountId: '666666666666',
      consumer: {
        stateKmsKeyArn:
          'arn:aws:kms:us-east-1:666666666666:key/00000000-0000-0000-0000-000000000000',
        region: 'us-east-1',
        vpcCidr: '172.20.0.0/16',
        azIds: ['use1-az2', 'use1-az4'],
        image: CONSUMER_IMAGE,
      },
    },
  ],
  monitoring: {
    subscriptions: [{ protocol: 'email', endpoint: 'feed-oncall-prod@example.com' }],
    // Three data nodes: a yellow cluster is a lost replica, worth a page.
    searchYellowAlarm: true,
  },
  secretRecoveryDays: 30,
});
