import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Admin } from 'kafkajs';
import { createKafka, loadKafkaSettings, type KafkaSettings } from '@marketfeed/kafka';
import type { Env, Logger } from '@marketfeed/service';
import { kafkaConfigsScramStore, type ScramStore } from './scram.js';

/** Where feedctl works: the local stack, or a cluster from the shared env contract (MSK). */
export interface Target {
  kind: 'stack' | 'msk';
  settings: KafkaSettings;
  /** Local SCRAM credential store; undefined on MSK, where infra owns credentials. */
  scram: ScramStore | undefined;
  /** What customers connect to (printed into their properties file). */
  customerBootstrap: string;
  customerCaFile: string | undefined;
  /** Default directory for generated customer files. */
  outDir: string | undefined;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** The nearest `.stack` directory holding `stack.json`, from `from` upwards. */
export function findStackDir(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, '.stack', 'stack.json'))) return join(dir, '.stack');
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The part of the local stack's `.stack/stack.json` that feedctl needs. */
export interface LocalStack {
  plaintext: string;
  saslSsl: string;
  caFile: string;
}

/**
 * Reads `stack.json` as a file, not through tools/stack: feedctl is the production admin CLI
 * and ships without the dev stack; the file is the interface between the two.
 */
export function readLocalStack(file: string): LocalStack {
  const invalid = `${file} is not a valid stack description; run npm run stack:down -- --wipe && npm run stack:up`;
  let kafka: Partial<LocalStack> | undefined;
  try {
    kafka = (JSON.parse(readFileSync(file, 'utf8')) as { kafka?: Partial<LocalStack> }).kafka;
  } catch {
    throw new UsageError(invalid);
  }
  const { plaintext, saslSsl, caFile } = kafka ?? {};
  if (typeof plaintext !== 'string' || typeof saslSsl !== 'string' || typeof caFile !== 'string')
    throw new UsageError(invalid);
  return { plaintext, saslSsl, caFile };
}

export interface TargetOptions {
  stack: boolean;
  stackDir: string | undefined;
  prefix: string | undefined;
  bootstrap: string | undefined;
  cwd: string;
}

export function resolveTarget(opts: TargetOptions, env: Env): Target {
  if (opts.stack || opts.stackDir) {
    // From the working directory up, then from this package up (feedctl run from elsewhere).
    const stackDir = opts.stackDir
      ? resolve(opts.stackDir)
      : (findStackDir(opts.cwd) ?? findStackDir(fileURLToPath(new URL('.', import.meta.url))));
    if (!stackDir)
      throw new UsageError(
        '--stack: no .stack/stack.json found here or above; run npm run stack:up',
      );
    const info = { kafka: readLocalStack(join(stackDir, 'stack.json')) };
    return {
      kind: 'stack',
      // PLAINTEXT on loopback is the stack's super-user listener for admin work.
      settings: {
        brokers: [info.kafka.plaintext],
        ssl: false,
        caFile: undefined,
        sasl: undefined,
        topicPrefix: opts.prefix ?? env.FEED_TOPIC_PREFIX ?? 'marketfeed',
      },
      scram: kafkaConfigsScramStore(
        join(stackDir, 'bin', 'kafka-configs.sh'),
        info.kafka.plaintext,
      ),
      customerBootstrap: opts.bootstrap ?? info.kafka.saslSsl,
      customerCaFile: info.kafka.caFile,
      outDir: join(stackDir, 'customers'),
    };
  }
  const settings = loadKafkaSettings(env);
  return {
    kind: 'msk',
    settings: opts.prefix ? { ...settings, topicPrefix: opts.prefix } : settings,
    scram: undefined,
    customerBootstrap: opts.bootstrap ?? '<multi-VPC connection bootstrap brokers>',
    customerCaFile: undefined,
    outDir: undefined,
  };
}

export async function connectAdmin(target: Target, logger: Logger): Promise<Admin> {
  const kafka = createKafka(target.settings, { clientId: 'feedctl', logger });
  const admin = kafka.admin();
  await admin.connect();
  return admin;
}
