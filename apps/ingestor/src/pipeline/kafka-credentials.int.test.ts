import { describe, expect, it } from 'vitest';
import { buildIngestor, ingestorSettings, provisionedPrefixes } from '../../test/kafka-test-env.js';
import { createSimulatorSource } from '../sources/simulator/simulator-source.js';
import type { SourceContext } from '../sources/source.js';

const freshPrefix = provisionedPrefixes();

const simulator = (ctx: SourceContext) =>
  createSimulatorSource(
    {
      symbols: 3,
      seed: 1,
      pace: { kind: 'max' },
      startDate: '2024-03-04',
      days: 1,
      maxMessages: 100,
      extendedHours: true,
    },
    ctx,
  );

describe('Kafka refusing the ingestor', () => {
  it('stops with a clear error on a wrong SCRAM password instead of retrying forever', async () => {
    const prefix = await freshPrefix();
    const settings = ingestorSettings(prefix);
    const { ingestor, readiness } = buildIngestor(prefix, simulator, {
      kafka: { ...settings, sasl: { ...settings.sasl!, password: 'not-the-password' } },
    });
    await ingestor.start();
    const outcome = await ingestor.done;
    expect(outcome.kind === 'failed' && outcome.error.message).toMatch(/credentials/);
    expect((await readiness.evaluate()).checks.kafka?.ok).toBe(false);
    await ingestor.stop(1_000);
  });

  it('stops with a clear error when its ACLs do not cover the topic', async () => {
    // Topics exist only for the provisioned prefix; this one has no grants for `ingestor`.
    const prefix = await freshPrefix();
    const { ingestor } = buildIngestor(prefix, simulator, {
      topics: { raw: `${prefix}.enriched` },
    });
    await ingestor.start();
    const outcome = await ingestor.done;
    expect(outcome.kind === 'failed' && outcome.error.message).toMatch(/ACL|authoriz/i);
    await ingestor.stop(1_000);
  });
});
