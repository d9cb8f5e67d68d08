import { defineEnv } from './schema.js';
import * as shared from './shared.js';

/**
 * Production. Account ids are documentation placeholders (444444444444 producer, 5555… and
 * 6666… customers); replace them in a reviewed change before a real apply. Committed in the first phase of a deploy from
 * nothing (`create`, no clusterArn), valid for a first apply (README "First deploy").
 */
export const prod = defineEnv({
  env: 'prod',
  // A first deploy starts here; infra/README.md "First deploy" moves it on, phase by phase.
  phase: 'create',
  region: shared.REGION,
  producerAccountId: '444444444444',
  backend: shared.stateBackend('444444444444'),
  network: {
    cidr: '10.50.0.0/16',
    azIds: shared.BROKER_AZ_IDS,
    natGateways: 3,
    interfaceEndpoints: true,
  },
  kafka: {
    ...shared.KAFKA_COMMON,
    brokerInstanceType: 'kafka.m7g.xlarge',
    brokerCount: 3,
    volumeSizeGiB: 1000,
    storageAutoscaling: { maxVolumeSizeGiB: 4000 },
    logRetentionDays: 90,
  },
  search: {
    engineVersion: shared.SEARCH_ENGINE_VERSION,
    instanceType: 'r7g.large.search',
    instanceCount: 3,
    dedicatedMasterType: 'm7g.large.search',
    volumeSizeGiB: 200,
    adminPrincipalArns: [shared.platformAdminArn('444444444444')],
  },
  services: {
    imageTag: 'prod-release-sha',
    logLevel: 'info',
    logRetentionDays: 90,
    ingestor: {
      ...shared.taskSize(512),
      source: 'alpaca',
      symbols: ['AMZN', 'NVDA', 'AAPL', 'MSFT', 'GOOGL'],
      alpacaFeed: 'sip',
    },
    enricher: {
      ...shared.taskSize(1024),
      scaling: shared.lagScaling(2, 6),
      indicatorThresholdPct: 5,
    },
    sink: { ...shared.taskSize(512), scaling: shared.lagScaling(2, 4) },
  },
  customers: [
    {
      name: 'acme',
      accountId: '555555555555',
      consumer: shared.consumerStack('555555555555', '10.90.0.0/16'),
    },
    {
      name: 'initech',
      accountId: '666666666666',
      consumer: shared.consumerStack('666666666666', '172.20.0.0/16', ['use1-az2', 'use1-az4']),
    },
  ],
  monitoring: {
    subscriptions: [{ protocol: 'email', endpoint: 'feed-oncall-prod@example.com' }],
    // Three data nodes: a yellow cluster is a lost replica, worth a page.
    searchYellowAlarm: true,
  },
  secretRecoveryDays: 30,
});
