import type { ProducerBatch } from 'kafkajs';

/** What the main thread asks a producer worker to do. */
export type WorkerRequest =
  | { id: number; op: 'connect' | 'disconnect' }
  | { id: number; op: 'sendBatch'; batch: ProducerBatch };

export type WorkerReply = { id: number; ok: true } | { id: number; ok: false; error: WireError };

/** The fields of a kafkajs error (and its causes) that @marketfeed/kafka's classification reads. */
export type WireError = {
  name: string;
  message: string;
  type?: string;
  code?: number;
  retriable?: boolean;
  cause?: WireError;
};

const MAX_DEPTH = 8;

export function toWire(err: unknown, depth = 0): WireError {
  const e = (err ?? {}) as Partial<WireError> & { originalError?: unknown; cause?: unknown };
  const next = e.originalError ?? e.cause;
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : String(err),
    ...(typeof e.type === 'string' ? { type: e.type } : {}),
    ...(typeof e.code === 'number' ? { code: e.code } : {}),
    ...(typeof e.retriable === 'boolean' ? { retriable: e.retriable } : {}),
    ...(next && depth < MAX_DEPTH ? { cause: toWire(next, depth + 1) } : {}),
  };
}

/** An Error on the main thread that classifies as the worker's error did (auth stays auth). */
export function fromWire(w: WireError): Error {
  const err = new Error(w.message, w.cause ? { cause: fromWire(w.cause) } : undefined);
  err.name = w.name;
  return Object.assign(err, {
    ...(w.type !== undefined ? { type: w.type } : {}),
    ...(w.code !== undefined ? { code: w.code } : {}),
    ...(w.retriable !== undefined ? { retriable: w.retriable } : {}),
  });
}
