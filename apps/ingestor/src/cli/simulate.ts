/**
 * Writes the simulator's feed as a replay file, so the enricher, the sink and the benchmarks can
 * make input without Kafka:
 *   npm run simulate -w @marketfeed/ingestor -- --out day.jsonl [--seed 1] [--symbols 50]
 *     [--days 1] [--start-date 2024-01-02] [--max-messages N] [--no-extended-hours]
 *     [--corporate-actions-out day.corporate-actions.json]
 * The corporate actions go to their own file in Alpaca's REST shape (CORPORATE_ACTIONS_FILE).
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CorporateAction } from '@marketfeed/schema';
import { generateSimulatedFeed } from '../sources/simulator/generate.js';
import { alpacaCorporateActionsJson } from './alpaca-corporate-actions-json.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      'corporate-actions-out': { type: 'string' },
      seed: { type: 'string', default: '1' },
      symbols: { type: 'string', default: '50' },
      days: { type: 'string', default: '1' },
      'start-date': { type: 'string', default: '2024-01-02' },
      'max-messages': { type: 'string', default: '0' },
      'no-extended-hours': { type: 'boolean', default: false },
    },
  });
  if (!values.out) throw new Error('--out <file.jsonl> is required (use - for stdout)');
  // `npm run -w` runs in the workspace directory; paths mean what they meant where the user typed them.
  const base = process.env.INIT_CWD ?? process.cwd();
  const outPath = values.out === '-' ? '-' : resolve(base, values.out);
  const caOut = values['corporate-actions-out']
    ? resolve(base, values['corporate-actions-out'])
    : undefined;
  const symbols = /^\d+$/.test(values.symbols)
    ? Number(values.symbols)
    : values.symbols.split(',').filter(Boolean);
  const maxMessages = Number(values['max-messages']);
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 0)
    throw new Error('--days must be a whole number (0 = unbounded, needs --max-messages)');
  if (days === 0 && maxMessages <= 0) throw new Error('--days 0 (unbounded) needs --max-messages');

  const out = outPath === '-' ? process.stdout : createWriteStream(outPath);
  const actions: CorporateAction[] = [];
  let events = 0;
  let chunk: string[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const ok = out.write(`${chunk.join('\n')}\n`);
    chunk = [];
    if (!ok) await once(out, 'drain');
  };
  for (const item of generateSimulatedFeed(Number(values.seed), {
    symbols,
    days,
    startDate: values['start-date'],
    extendedHours: !values['no-extended-hours'],
  })) {
    if (item.kind === 'corporate-action') {
      actions.push(item.action);
      continue;
    }
    chunk.push(JSON.stringify(item.event));
    events++;
    if (chunk.length >= 2000) await flush();
    if (maxMessages > 0 && events >= maxMessages) break;
  }
  await flush();
  if (out !== process.stdout) {
    out.end();
    await once(out, 'finish');
  }
  let caFile: string | undefined;
  if (actions.length > 0 || caOut) {
    caFile =
      caOut ??
      `${outPath === '-' ? 'simulated' : outPath.replace(/\.jsonl$/, '')}.corporate-actions.json`;
    writeFileSync(caFile, `${JSON.stringify(alpacaCorporateActionsJson(actions), null, 2)}\n`);
  }
  process.stderr.write(
    `simulate: wrote ${events} events${outPath === '-' ? '' : ` to ${outPath}`}${caFile ? `, ${actions.length} corporate actions to ${caFile}` : ''}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`simulate: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
