import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import kafkajs, { type Consumer, type Kafka, type KafkaMessage } from 'kafkajs';
import { saslSslConfig } from './kafka-client-config.js';
import { stackPaths } from './paths.js';
import { readStackInfo, userPassword, type StackInfo } from './stack-info.js';

/** Test helpers for this package's `*.int.test.ts` against the running local stack. */
export const stackInfo = (): StackInfo => readStackInfo();

/** Each test gets its own topics: `t-<random>.raw`, `t-<random>.enriched`, … */
export const randomPrefix = () => `t-${randomUUID().slice(0, 8)}`;

export function kafkaAs(info: StackInfo, user: string, password = userPassword(info, user)): Kafka {
  return new kafkajs.Kafka({
    ...saslSslConfig(info, user, password, `stack-int-${user}`),
    retry: { retries: 2 },
  });
}

/** Runs `consumer` until `count` messages arrived, then stops it. */
export function collect(consumer: Consumer, count: number): Promise<KafkaMessage[]> {
  const messages: KafkaMessage[] = [];
  return new Promise((resolveMessages, reject) => {
    consumer
      .run({
        eachMessage: async ({ message }) => {
          messages.push(message);
          if (messages.length === count) resolveMessages(messages);
        },
      })
      .catch(reject);
    consumer.on(consumer.events.CRASH, (event) => reject(event.payload.error));
  });
}

export interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of the `.stack/bin` wrappers (a JVM) to completion. */
export function runStackTool(script: string, args: readonly string[]): Promise<ToolRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(join(stackPaths().bin, script), args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}
