import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * SCRAM credentials through Kafka's own ConfigCommand (kafkajs has no AlterUserScramCredentials).
 * The password goes through `--add-config-file` (a 0600 file in a 0700 directory, deleted
 * afterwards), never on the command line where `ps` would show it to every local user. In that
 * file the value has no brackets (`SCRAM-SHA-512=iterations=8192,password=...`), unlike the
 * `--add-config` form.
 */
export interface ScramStore {
  upsert(username: string, password: string): Promise<void>;
  delete(username: string): Promise<void>;
  /** Users with a SCRAM-SHA-512 credential. */
  list(): Promise<string[]>;
}

export class ScramToolError extends Error {
  override name = 'ScramToolError';
}

export function kafkaConfigsScramStore(bin: string, bootstrap: string): ScramStore {
  const base = ['--bootstrap-server', bootstrap, '--entity-type', 'users'];
  const exec = async (args: string[]): Promise<string> => {
    try {
      const { stdout } = await run(bin, args, { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
      return stdout;
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      // The arguments never hold the password, so the tool's message is safe to show.
      throw new ScramToolError(`kafka-configs failed: ${(e.stderr ?? '').trim() || e.message}`);
    }
  };
  return {
    async upsert(username, password) {
      const dir = await mkdtemp(join(tmpdir(), 'feedctl-'));
      const file = join(dir, 'scram.properties');
      try {
        await writeFile(file, `SCRAM-SHA-512=iterations=8192,password=${password}\n`, {
          mode: 0o600,
        });
        await exec([...base, '--entity-name', username, '--alter', '--add-config-file', file]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    async delete(username) {
      await exec([
        ...base,
        '--entity-name',
        username,
        '--alter',
        '--delete-config',
        'SCRAM-SHA-512',
      ]);
    },
    async list() {
      const out = await exec([...base, '--describe']);
      return parseScramDescribe(out);
    },
  };
}

/**
 * Parses `kafka-configs --describe --entity-type users` output:
 * `SCRAM credential configs for user-principal 'alice' are SCRAM-SHA-512=iterations=8192`.
 */
export function parseScramDescribe(out: string): string[] {
  const users = new Set<string>();
  for (const line of out.split('\n')) {
    const m = /^SCRAM credential configs for user-principal '([^']+)' are (.*)$/.exec(line.trim());
    if (m?.[1] && m[2]?.includes('SCRAM-SHA-512')) users.add(m[1]);
  }
  return [...users].sort();
}
