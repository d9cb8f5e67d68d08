import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEmfWriter } from './emf-writer.js';
import { Counter, createMetricsRegistry } from './metrics.js';

type Line = { _aws: { Timestamp: number }; Service: string } & Record<string, unknown>;

function sinkSetup() {
  const registry = createMetricsRegistry('opensearch-sink', false);
  const lines: Line[] = [];
  let clock = 1_000;
  const writer = createEmfWriter({
    registry,
    service: 'opensearch-sink',
    intervalMs: 60_000,
    write: (l) => lines.push(JSON.parse(l) as Line),
    now: () => clock,
  });
  const bulk = new Counter({
    name: 'sink_bulk_requests_total',
    help: 'h',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const dlq = new Counter({
    name: 'sink_dlq_records_total',
    help: 'h',
    labelNames: ['reason'],
    registers: [registry],
  });
  return { registry, lines, writer, bulk, dlq, tick: (ms: number) => (clock += ms) };
}

afterEach(() => vi.useRealTimers());

describe('the EMF writer on a real prom-client registry', () => {
  it('writes the increase of each contract counter since the previous line, zeros included', async () => {
    const { lines, writer, bulk, dlq, tick } = sinkSetup();
    bulk.inc({ outcome: 'ok' }, 10);
    bulk.inc({ outcome: 'unreachable' }, 2);
    dlq.inc({ reason: 'schema' }, 3);
    dlq.inc({ reason: 'mapping' });
    await writer.flush();
    tick(60_000);
    bulk.inc({ outcome: 'http_429' });
    await writer.flush();
    tick(60_000);
    await writer.flush();

    expect(lines.map((l) => [l.Service, l._aws.Timestamp, l.DlqRecords, l.BulkFailures])).toEqual([
      ['opensearch-sink', 1_000, 4, 2],
      ['opensearch-sink', 61_000, 0, 1],
      ['opensearch-sink', 121_000, 0, 0],
    ]);
  });

  it('counts a counter registered after it started from zero', async () => {
    const registry = createMetricsRegistry('ingestor', false);
    const lines: Line[] = [];
    const writer = createEmfWriter({
      registry,
      service: 'ingestor',
      write: (l) => lines.push(JSON.parse(l) as Line),
    });
    await writer.flush();
    const gaps = new Counter({
      name: 'ingestor_gaps_total',
      help: 'h',
      labelNames: ['cause'],
      registers: [registry],
    });
    gaps.inc({ cause: 'silence' });
    gaps.inc({ cause: 'disconnect' });
    gaps.inc({ cause: 'buffer_full' });
    await writer.flush();
    expect(lines.map((l) => [l.SilentSocketGaps, l.DlqRecords])).toEqual([
      [0, 0],
      [2, 0],
    ]);
  });

  it('writes a line every interval once started, and a last one on stop', async () => {
    vi.useFakeTimers();
    const { lines, writer, dlq } = sinkSetup();
    writer.start();
    dlq.inc({ reason: 'schema' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(lines).toHaveLength(1);
    dlq.inc({ reason: 'schema' }, 5);
    await writer.stop();
    expect(lines.map((l) => l.DlqRecords)).toEqual([1, 5]);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(lines).toHaveLength(2);
  });

  it('writes nothing for a service the contract does not name', async () => {
    const lines: string[] = [];
    const writer = createEmfWriter({
      registry: createMetricsRegistry('web', false),
      service: 'web',
      write: (l) => lines.push(l),
    });
    writer.start();
    await writer.stop();
    expect(lines).toEqual([]);
  });
});
