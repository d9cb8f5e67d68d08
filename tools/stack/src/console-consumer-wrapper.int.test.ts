import { topicNames } from '@marketfeed/kafka/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { kafkaAs, randomPrefix, runStackTool, stackInfo } from '../test/int-test-kit.js';
import { stackPaths } from './paths.js';
import { deletePrefixTopics, provisionPrefix } from './prefix-provisioning.js';

describe('.stack/bin/kafka-console-consumer.sh', () => {
  const info = stackInfo();
  const prefix = randomPrefix();
  const topics = topicNames(prefix);
  const value = JSON.stringify({ symbol: 'TSLA', indicator: 'Bearish', prefix });

  beforeAll(async () => {
    await provisionPrefix(info, prefix);
    const producer = kafkaAs(info, 'enricher').producer();
    await producer.connect();
    await producer.send({ topic: topics.enriched, messages: [{ key: 'TSLA', value }] });
    await producer.disconnect();
  });
  afterAll(() => deletePrefixTopics(info, prefix));

  it('reads, as customer-demo over SASL_SSL, a record that kafkajs produced', async () => {
    const run = await runStackTool('kafka-console-consumer.sh', [
      '--bootstrap-server',
      info.kafka.saslSsl,
      '--topic',
      topics.enriched,
      '--from-beginning',
      '--consumer.config',
      join(stackPaths().clients, 'customer-demo.properties'),
      '--formatter-property',
      'print.key=true',
      '--max-messages',
      '1',
      '--timeout-ms',
      '60000',
    ]);
    // Kafka 4 prints option deprecation notices (for --consumer.config) on stdout as well.
    expect(run.stdout.split('\n')).toContain(`TSLA\t${value}`);
    expect(run.code).toBe(0);
  });
});
