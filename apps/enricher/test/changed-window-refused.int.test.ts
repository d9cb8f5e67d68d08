import { describe, expect, it } from 'vitest';
import { generateRawFeed } from './raw-feed-generator.js';
import { MAIN_JS } from './stack-harness.js';
import { useStackHarness } from './stack-suite.js';

describe('an enricher started with a changed SMA_FAST on an existing changelog', () => {
  const h = useStackHarness(2);

  it('exits 78 at boot with one line naming SMA_FAST and the rebuild path, and dead-letters nothing', async () => {
    const feed = generateRawFeed({ seed: 5, symbols: 4, days: 1, minutesPerDay: 30 });
    await h.produceRaw(feed.records);
    const first = await h.startEnricher();
    await h.waitForCaughtUp(90_000);
    await h.stopEnricher(first.enricher);

    // The harness inherits the child's stderr, where runService writes the one-line message:
    // the built main.js runs with stderr folded into the piped stdout.
    const foldStderr = [
      '--input-type=module',
      '-e',
      'process.stderr.write = process.stdout.write.bind(process.stdout); await import(process.argv[1]);',
      MAIN_JS,
    ];
    const child = h.spawnEnricher({ SMA_FAST: '10', LOG_LEVEL: 'warn' }, foldStderr, 'pipe');
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    // New bars for the restored symbols: had the state been applied, they would be dead-lettered.
    await h.produceRaw(feed.records.slice(0, 20));
    const code = await h.exitOf(child);

    expect(code).toBe(78);
    expect(output).toMatch(
      /SMA_FAST is 10 but the enricher state of \S+ was built with SMA_FAST=20/,
    );
    expect(output).toMatch(/rebuild the state by replaying the raw topic into a new changelog/);
    const dlq = await h.readCommitted(h.topics.dlq.name);
    expect(dlq).toEqual([]);
  }, 240_000);
});
