import { describe, expect } from 'vitest';
import { barSeries } from '../test/bars.js';
import { itOnStack as it } from '../test/stack-harness.js';

describe('index design', () => {
  it('creates the template, monthly indices behind the read alias, and a filtered alias per symbol', async ({
    world,
  }) => {
    const bars = barSeries(['AMZN', 'BRK/B'], 90);
    await world.produce(bars);
    await world.startSink();
    await world.waitForDocuments(bars.length, 'all bars searchable');

    const p = world.indexPrefix;
    const template = await world.os.indices.getIndexTemplate({ name: `${p}-bars` });
    const t = template.body.index_templates[0]!.index_template;
    expect(t.index_patterns).toEqual([`${p}-bars-*`]);
    expect(t.template?.mappings?.dynamic).toBe('strict');

    const aliases = await world.os.indices.getAlias({ index: `${p}-bars-*` });
    expect(Object.keys(aliases.body).sort()).toEqual([`${p}-bars-2024.07`, `${p}-bars-2024.08`]);
    for (const index of Object.values(aliases.body)) {
      expect(Object.keys(index.aliases ?? {}).sort()).toEqual([
        `${p}-amzn`,
        `${p}-bars`,
        `${p}-brk~b`,
      ]);
      expect(index.aliases?.[`${p}-amzn`]?.filter).toEqual({ term: { symbol: 'AMZN' } });
    }

    // The blog's `amzn*` view: the symbol alias shows exactly that symbol's bars.
    expect(await world.count(`${p}-amzn`)).toBe(90);
    expect(await world.count(`${p}-brk~b`)).toBe(90);
  });

  it('applies the design idempotently on a restart and keeps going', async ({ world }) => {
    await world.produce(barSeries(['AMZN'], 5));
    const first = await world.startSink();
    await world.waitForDocuments(5, 'first bars');
    await world.stopSink(first);
    // A graceful stop flushes and commits what it indexed.
    expect(await world.fullyCommitted(first.groupId)).toBe(true);
    await world.produce(barSeries(['AMZN'], 10, '2024-07-31T23:05:00Z'));
    await world.startSink();
    await world.waitForDocuments(15, 'all bars');
    expect(await world.count(`${world.indexPrefix}-amzn`)).toBe(15);
  });
});
