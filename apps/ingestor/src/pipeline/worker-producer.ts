import { Worker } from 'node:worker_threads';
import type { KafkaSettings } from '@marketfeed/kafka';
import type { Logger } from '@marketfeed/service';
import type { ProducerLike } from './kafka-publisher.js';
import type { ProducerWorkerData } from './producer-worker.js';
import { fromWire, type WorkerReply, type WorkerRequest } from './worker-wire.js';

export type WorkerProducerOptions = {
  settings: KafkaSettings;
  clientId: string;
  logger: Logger;
};

/** producer-worker next to this module: .js in dist, .ts when run from source (bench, tests). */
const workerUrl = new URL(
  `./producer-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url,
);

/**
 * `count` producers, each an idempotent kafkajs producer in a worker thread of its own, for the
 * publisher's lanes. The records of a batch are copied to the worker; kafkajs' encoding, CRC and
 * socket writes run there. A worker that dies is started again on the next call (its batch failed
 * and is retried by the publisher, as after any failed send).
 */
export function createWorkerProducers(count: number, opts: WorkerProducerOptions): ProducerLike[] {
  return Array.from({ length: count }, (_, lane) => workerProducer(lane, opts));
}

function workerProducer(lane: number, opts: WorkerProducerOptions): ProducerLike {
  const log = opts.logger.child({ component: 'producer-worker', lane });
  const pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let worker: Worker | undefined;

  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };

  const ensureWorker = (): Worker => {
    if (worker) return worker;
    const data: ProducerWorkerData = {
      settings: opts.settings,
      clientId: opts.clientId,
      logLevel: opts.logger.level,
      lane,
    };
    // From source, the worker registers tsx's loader before its module: a worker thread gets
    // neither tsx's hooks nor vitest's transform from the thread that starts it.
    const w = workerUrl.pathname.endsWith('.ts')
      ? new Worker(
          `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); })`,
          { eval: true, workerData: data },
        )
      : new Worker(workerUrl, { workerData: data });
    w.on('message', (reply: WorkerReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (reply.ok) p.resolve();
      else p.reject(fromWire(reply.error));
    });
    w.on('error', (err) => log.error({ err }, 'producer worker failed'));
    w.on('exit', (code) => {
      if (worker === w) worker = undefined;
      failAll(new Error(`producer worker ${lane} exited (code ${code})`));
    });
    return (worker = w);
  };

  const call = (req: WorkerRequest): Promise<void> =>
    new Promise((resolve, reject) => {
      pending.set(req.id, { resolve, reject });
      ensureWorker().postMessage(req);
    });

  return {
    connect: () => call({ id: nextId++, op: 'connect' }),
    sendBatch: async (batch) => {
      await call({ id: nextId++, op: 'sendBatch', batch });
      // The publisher reads no record metadata; the worker does not send it back.
      return [];
    },
    async disconnect() {
      if (!worker) return;
      await call({ id: nextId++, op: 'disconnect' });
      await worker?.terminate();
    },
  };
}
