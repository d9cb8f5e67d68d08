import type { Message } from 'kafkajs';
import type { OutputRecord } from './types.js';

/**
 * kafkajs puts one request's messages for a partition into one record batch, and the broker
 * rejects a batch above `max.message.bytes` (1 MiB by default, on MSK too) with a non-retriable
 * error. A transaction may span many requests, so its records are sent in requests of at most
 * this many bytes, whatever the transaction's record limit is.
 */
export const MAX_REQUEST_BYTES = 512 * 1024;

export type TopicMessages = { topic: string; messages: Message[] };

export function splitBySize(
  topics: ReadonlyArray<{ topic: string; records: readonly OutputRecord[] }>,
  maxBytes = MAX_REQUEST_BYTES,
): TopicMessages[][] {
  const requests: TopicMessages[][] = [];
  let current: TopicMessages[] = [];
  let bytes = 0;
  for (const { topic, records } of topics) {
    let entry: TopicMessages | undefined;
    for (const r of records) {
      // UTF-16 length is a close enough upper bound for the JSON we write (ASCII in practice).
      const size = r.value.length + (r.key?.length ?? 0) + 64;
      if (bytes > 0 && bytes + size > maxBytes) {
        requests.push(current);
        current = [];
        bytes = 0;
        entry = undefined;
      }
      if (!entry) {
        entry = { topic, messages: [] };
        current.push(entry);
      }
      const m: Message = { key: r.key, value: r.value };
      if (r.headers) m.headers = r.headers;
      if (r.partition !== undefined) m.partition = r.partition;
      entry.messages.push(m);
      bytes += size;
    }
  }
  if (current.length > 0) requests.push(current);
  return requests;
}
