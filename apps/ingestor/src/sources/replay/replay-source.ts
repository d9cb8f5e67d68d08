import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { ReplayConfig } from '../../config.js';
import type { OutboundRecord } from '../../pipeline/outbound-record.js';
import { createPacer } from '../pacer.js';
import type { IngestSink, Source, SourceContext, SourceSummary } from '../source.js';
import { corporateActionRecordsFromFile } from './corporate-actions-file.js';
import { recordsForLine } from './replay-line.js';

const PROGRESS_EVERY_MS = 5_000;

/**
 * Replays a JSON Lines file of Alpaca stream messages (one message, or one array of messages as
 * the stream batches them, per line). Corporate actions from CORPORATE_ACTIONS_FILE are published
 * first, so every split is on its topic before any bar. Lines keep their order; lines that are not
 * valid events go to the DLQ with the reason and their line number.
 */
export function createReplaySource(config: ReplayConfig, ctx: SourceContext): Source {
  let stopped = false;
  const pacer = createPacer(config.pace, ctx.now);
  const log = ctx.logger.child({ component: 'replay' });

  const emit = async (sink: IngestSink, record: OutboundRecord, counts: Record<string, number>) => {
    ctx.metrics.countReceived(record.type);
    counts[record.type] = (counts[record.type] ?? 0) + 1;
    if (record.role === 'dlq') ctx.metrics.rejected.inc({ reason: 'invalid' });
    if (sink.full) await sink.writable();
    sink.offer(record);
  };

  return {
    name: 'replay',
    async run(sink): Promise<SourceSummary> {
      ctx.check.up(`replaying ${config.file}`);
      const startedAt = ctx.now();
      const counts: Record<string, number> = {};
      let lines = 0;
      let records = 0;
      let passes = 0;

      if (config.corporateActionsFile) {
        const text = await readFile(config.corporateActionsFile, 'utf8');
        const actions = corporateActionRecordsFromFile(
          text,
          `replay:${config.corporateActionsFile}`,
          ctx.now(),
        );
        for (const r of actions) await emit(sink, r, counts);
        log.info(
          { file: config.corporateActionsFile, records: actions.length },
          'corporate actions queued before the bars',
        );
      }

      let lastProgress = startedAt;
      do {
        passes++;
        const input = createInterface({
          input: createReadStream(config.file, 'utf8'),
          crlfDelay: Infinity,
        });
        const passStart = ctx.now();
        let firstDataMs: number | undefined;
        let lineNo = 0;
        try {
          for await (const line of input) {
            lineNo++;
            if (stopped) break;
            if (line.trim() === '') continue;
            lines++;
            const now = ctx.now();
            const { records: out, dataMs } = recordsForLine(
              line,
              `replay:${config.file}:${lineNo}`,
              now,
            );
            if (dataMs !== undefined) {
              firstDataMs ??= dataMs;
              const due = pacer.untilDue(passStart, firstDataMs, dataMs, records);
              if (due) await due;
            }
            for (const r of out) await emit(sink, r, counts);
            records += out.length;
            if (now - lastProgress >= PROGRESS_EVERY_MS) {
              lastProgress = now;
              const seconds = (now - startedAt) / 1000;
              log.info(
                { lines, records, perSecond: Math.round(records / seconds), pass: passes },
                'replay progress',
              );
            }
          }
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT')
            throw new Error(`REPLAY_FILE ${config.file} does not exist`, { cause: err });
          throw err;
        } finally {
          input.close();
        }
      } while (config.loop && !stopped);

      ctx.check.up(stopped ? 'stopped' : 'replay finished');
      return {
        source: 'replay',
        file: config.file,
        lines,
        records,
        byType: counts,
        passes,
        durationMs: ctx.now() - startedAt,
        stopped,
      };
    },
    async stop() {
      stopped = true;
      pacer.interrupt();
    },
  };
}
