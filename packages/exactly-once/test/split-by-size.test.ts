import { describe, expect, it } from 'vitest';
import { splitBySize } from '../src/split-by-size.js';

describe('splitBySize', () => {
  it('keeps every produce request under the byte budget, in order, without losing a record', () => {
    const records = (n: number, size: number) =>
      Array.from({ length: n }, (_, i) => ({ key: `K${i}`, value: 'x'.repeat(size) }));
    const requests = splitBySize(
      [
        { topic: 'enriched', records: records(50, 1000) },
        { topic: 'state', records: records(10, 2000).map((r) => ({ ...r, partition: 2 })) },
        { topic: 'dlq', records: [] },
      ],
      10_000,
    );
    expect(requests.length).toBeGreaterThan(5);
    for (const req of requests) {
      const bytes = req.flatMap((t) => t.messages).reduce((s, m) => s + String(m.value).length, 0);
      expect(bytes).toBeLessThanOrEqual(10_000);
    }
    const flat = requests.flatMap((req) =>
      req.flatMap((t) => t.messages.map((m) => `${t.topic}:${String(m.key)}`)),
    );
    expect(flat).toEqual([
      ...records(50, 1).map((r) => `enriched:${r.key}`),
      ...records(10, 1).map((r) => `state:${r.key}`),
    ]);
    expect(requests.flat().find((t) => t.topic === 'state')?.messages[0]?.partition).toBe(2);
  });
});
