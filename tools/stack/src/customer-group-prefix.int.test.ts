import { topicNames } from '@marketfeed/kafka/contract';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomPrefix, runStackTool, stackInfo } from '../test/int-test-kit.js';
import { stackPaths } from './paths.js';
import { deletePrefixTopics, provisionPrefix } from './prefix-provisioning.js';

// kafkajs reports a group denial as "coordinator not found", so the Java client is the witness.
describe('customer-demo consumer groups', () => {
  const info = stackInfo();
  const prefix = randomPrefix();
  let dir = '';

  beforeAll(async () => {
    await provisionPrefix(info, prefix);
    dir = await mkdtemp(join(tmpdir(), 'stack-int-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await deletePrefixTopics(info, prefix);
  });

  it('is refused a group outside the customer-demo. prefix', async () => {
    const original = await readFile(join(stackPaths().clients, 'customer-demo.properties'), 'utf8');
    const config = join(dir, 'customer-demo-other-group.properties');
    await writeFile(
      config,
      original.replace(/^group\.id=.*$/m, `group.id=${prefix}-not-the-customers`),
      { mode: 0o600 },
    );
    const run = await runStackTool('kafka-console-consumer.sh', [
      '--bootstrap-server',
      info.kafka.saslSsl,
      '--topic',
      topicNames(prefix).enriched,
      '--from-beginning',
      '--consumer.config',
      config,
      '--timeout-ms',
      '30000',
    ]);
    expect(run.stderr).toMatch(/GroupAuthorizationException/);
    expect(run.stderr).toContain(`${prefix}-not-the-customers`);
  });
});
