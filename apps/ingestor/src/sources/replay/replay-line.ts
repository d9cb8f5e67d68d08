import { dlqRecord, recordForInput, type OutboundRecord } from '../../pipeline/outbound-record.js';

function dataTimeMs(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const t = (value as { t?: unknown }).t;
  if (typeof t !== 'string') return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * One replay line -> the records it yields and its data time (for pacing). A line holds one
 * stream message or an array of them (Alpaca sends batches as arrays). A single valid message
 * is published byte for byte as it appears in the file.
 */
export function recordsForLine(
  line: string,
  origin: string,
  nowMs: number,
): { records: OutboundRecord[]; dataMs: number | undefined } {
  const text = line.trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return {
      records: [
        dlqRecord({
          reason: 'replay line is not JSON',
          issues: [{ path: '', reason: (err as Error).message }],
          payload: text,
          origin,
          nowMs,
        }),
      ],
      dataMs: undefined,
    };
  }
  if (Array.isArray(parsed)) {
    return {
      records: parsed.map((m, i) => recordForInput(m, `${origin}#${i}`, nowMs)),
      dataMs: dataTimeMs(parsed[0]),
    };
  }
  return { records: [recordForInput(parsed, origin, nowMs, text)], dataMs: dataTimeMs(parsed) };
}
