import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readComposeRaw, readEnvFile } from './compose.js';
import { readRepoFile, repoRoot } from './repo.js';

const devPasswords = readComposeRaw()['x-dev-passwords'] as Record<string, string>;
const defaults = Object.values(devPasswords).map((v) => /:-([^}]*)\}$/.exec(v)?.[1] ?? '');

describe('compose passwords are dev-only', () => {
  it('come from the env file, each with a default that says it is dev-only', () => {
    // admin plus the SCRAM users kafka-init creates (docker/kafka/users.conf, from the contract).
    const users = readRepoFile('docker/kafka/users.conf')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'));
    expect(Object.keys(devPasswords).sort()).toEqual(['admin', ...users].sort());
    for (const value of Object.values(devPasswords))
      expect(value).toMatch(/^\$\{KAFKA_[A-Z_]+_PASSWORD:-dev-only-[a-z-]+\}$/);
  });

  it('are not reused anywhere else in the repository (infra in particular)', () => {
    // git grep: tracked and untracked files, .gitignore respected, fast.
    for (const secret of defaults) {
      let hits = '';
      try {
        hits = execFileSync('git', ['grep', '--untracked', '-l', '-F', secret], {
          cwd: repoRoot,
          encoding: 'utf8',
        });
      } catch {
        hits = ''; // exit 1: no match
      }
      expect(hits.split('\n').filter(Boolean), secret).toEqual(['docker-compose.yml']);
    }
  });

  it('leave .env git-ignored and .env.example without any value for a secret', () => {
    expect(readRepoFile('.gitignore').split('\n')).toContain('.env');
    const example = readEnvFile('.env.example', { includeCommented: true });
    for (const [name, value] of Object.entries(example))
      if (/PASSWORD|SECRET|KEY_ID/.test(name)) expect(value, name).toBe('');
  });
});
