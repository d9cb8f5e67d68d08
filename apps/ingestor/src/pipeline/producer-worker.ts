/**
 * A worker thread that owns one idempotent kafkajs producer (the ingestor's producer settings) and
 * runs its connect / sendBatch / disconnect for the main thread (see worker-producer.ts). kafkajs
 * encodes a produce request on the thread that calls it; a producer per worker moves that CPU off
 * the event loop that runs the source.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createKafka, type KafkaSettings } from '@marketfeed/kafka';
import { createLogger } from '@marketfeed/service';
import { createIngestorProducer } from '../kafka-producer.js';
import { toWire, type WorkerReply, type WorkerRequest } from './worker-wire.js';

export type ProducerWorkerData = {
  settings: KafkaSettings;
  clientId: string;
  logLevel: string;
  lane: number;
};

const data = workerData as ProducerWorkerData;
const logger = createLogger({ name: 'ingestor', level: data.logLevel, pretty: false }).child({
  component: 'producer-worker',
  lane: data.lane,
});
const producer = createIngestorProducer(
  createKafka(data.settings, { clientId: data.clientId, logger }),
);
const port = parentPort!;

port.on('message', (req: WorkerRequest) => {
  const work =
    req.op === 'sendBatch'
      ? producer.sendBatch(req.batch)
      : req.op === 'connect'
        ? producer.connect()
        : producer.disconnect();
  work.then(
    () => port.postMessage({ id: req.id, ok: true } satisfies WorkerReply),
    (err: unknown) =>
      port.postMessage({ id: req.id, ok: false, error: toWire(err) } satisfies WorkerReply),
  );
});
