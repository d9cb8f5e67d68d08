import type { SimulatorConfig } from '../../config.js';
import {
  corporateActionRecord,
  recordForInput,
  type OutboundRecord,
} from '../../pipeline/outbound-record.js';
import { createPacer } from '../pacer.js';
import type { Source, SourceContext, SourceSummary } from '../source.js';
import { generateSimulatedFeed } from './generate.js';

const YIELD_EVERY = 256;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The simulator as a source: plays `generateSimulatedFeed` at the configured pace. Unbounded
 * unless SIMULATOR_DAYS or SIMULATOR_MAX_MESSAGES is set; then it ends with a summary.
 */
export function createSimulatorSource(config: SimulatorConfig, ctx: SourceContext): Source {
  let stopped = false;
  const pacer = createPacer(config.pace, ctx.now);
  return {
    name: 'simulator',
    async run(sink): Promise<SourceSummary> {
      ctx.check.up('simulating');
      const startedAt = ctx.now();
      const log = ctx.logger.child({ component: 'simulator' });
      log.info(
        {
          seed: config.seed,
          symbols: typeof config.symbols === 'number' ? config.symbols : config.symbols.length,
          pace: config.pace,
          startDate: config.startDate,
          continuedSymbols: Object.keys(config.startPrices ?? {}).length,
          days: config.days,
          maxMessages: config.maxMessages,
        },
        'simulator started',
      );
      const feed = generateSimulatedFeed(config.seed, {
        symbols: config.symbols,
        startDate: config.startDate,
        days: config.days,
        extendedHours: config.extendedHours,
        ...(config.startPrices ? { startPrices: config.startPrices } : {}),
      });
      const counts: Record<string, number> = {};
      let sent = 0;
      let firstDataMs: number | undefined;
      let lastDate = '';
      for (const item of feed) {
        if (stopped) break;
        firstDataMs ??= item.atMs;
        const due = pacer.untilDue(startedAt, firstDataMs, item.atMs, sent);
        if (due) {
          await due;
          if (stopped) break;
        }
        const now = ctx.now();
        let record: OutboundRecord;
        if (item.kind === 'corporate-action') {
          record = corporateActionRecord(item.action, now);
          log.info({ action: item.action }, 'corporate action');
        } else {
          record = recordForInput(item.event, 'simulator', now);
          if (item.event.T === 'b') {
            const date = item.event.t.slice(0, 10);
            if (date !== lastDate) {
              lastDate = date;
              log.debug({ date, sent }, 'simulated day');
            }
          }
        }
        ctx.metrics.countReceived(record.type);
        counts[record.type] = (counts[record.type] ?? 0) + 1;
        if (sink.full) await sink.writable();
        sink.offer(record);
        sent++;
        // At max pace nothing else would await: let the publisher encode and send while we generate.
        if (sent % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
        if (config.maxMessages > 0 && sent >= config.maxMessages) break;
      }
      ctx.check.up(stopped ? 'stopped' : 'finished');
      return {
        source: 'simulator',
        messages: sent,
        byType: counts,
        seed: config.seed,
        lastDate,
        durationMs: ctx.now() - startedAt,
      };
    },
    async stop() {
      stopped = true;
      pacer.interrupt();
      await sleep(0);
    },
  };
}
