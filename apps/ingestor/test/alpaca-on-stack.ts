import { afterEach } from 'vitest';
import { topicCatalog } from '@marketfeed/kafka';
import type { AlpacaConfig } from '../src/config.js';
import { createAlpacaSource } from '../src/sources/alpaca/alpaca-source.js';
import { fakeAlpacaConfig, FakeAlpaca } from './fake-alpaca.js';
import { buildIngestor, provisionedPrefixes } from './kafka-test-env.js';

/**
 * The Alpaca source against a fake Alpaca and the real local stack. Call once per test file: it
 * registers the hooks that close each test's fake and delete its prefixes, and returns `start`,
 * which provisions a fresh prefix and builds an ingestor on a fresh fake.
 */
export function alpacaOnStack() {
  const freshPrefix = provisionedPrefixes();
  let fake: FakeAlpaca | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  return async function start(
    overrides: (f: FakeAlpaca) => Partial<AlpacaConfig> = () => ({}),
    { expectsData = false }: { expectsData?: boolean } = {},
  ) {
    const prefix = await freshPrefix();
    const f = (fake = await FakeAlpaca.start());
    const config = fakeAlpacaConfig(f, overrides(f));
    const t = buildIngestor(prefix, (ctx) =>
      createAlpacaSource(config, ctx, { expectsData: () => expectsData }),
    );
    const catalog = topicCatalog(prefix);
    return {
      prefix,
      fake: f,
      raw: catalog.raw.name,
      corporateActions: catalog.corporateActions.name,
      ...t,
    };
  };
}
