import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  collect,
  kafkaAs as kitKafkaAs,
  randomPrefix as kitPrefix,
  stackInfo,
  type StackInfo,
} from '@marketfeed/testkit';
import type { Kafka } from 'kafkajs';
import { stackPaths } from '../src/paths.js';

/** The stack's own `*.int.test.ts` helpers, on @marketfeed/testkit. */
export { collect, stackInfo };

export const randomPrefix = (): string => kitPrefix('stack');

export function kafkaAs(info: StackInfo, user: string, password?: string): Kafka {
  return kitKafkaAs(user, {
    info,
    clientId: `stack-int-${user}`,
    ...(password === undefined ? {} : { password }),
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
