import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { deletePrefixTopics, provisionPrefix, readStackInfo } from '@marketfeed/stack';

// `npm start` as a user runs it: in a real pseudo-terminal (util-linux `script`), where Ctrl-C
// is the terminal's SIGINT to the whole foreground process group, not a signal sent by a test.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const stack = readStackInfo();
const prefix = `t-ctrlc-${randomBytes(4).toString('hex')}`;
let term: ChildProcess | undefined;

afterAll(async () => {
  if (term?.exitCode === null) term.kill('SIGKILL');
  await deletePrefixTopics(stack, prefix).catch(() => undefined);
  await fetch(`${stack.opensearch.url}/${prefix}-*`, { method: 'DELETE' }).catch(() => undefined);
}, 60_000);

describe('the live view under a real terminal', () => {
  it('npm start stops every app gracefully, source first, on one Ctrl-C, prints the summary after them, exits 0 and leaves nothing running', async () => {
    await provisionPrefix(stack, prefix);
    // Through npm itself, as the README says: npm, the shell it runs and the runner all get the
    // terminal's SIGINT; npm also forwards its own and waits for the runner to exit. (The script
    // used to exec tsx, whose parent SIGKILLs its child when the child does not acknowledge a
    // signal within 30 ms, as a busy runner on a loaded machine does not: npm then exited 130
    // and the apps were orphaned. It now execs the built runner with plain node.)
    // Ports below Linux's ephemeral range (32768+), where outgoing connections cannot hold them.
    const portBase = 10_000 + Math.floor(Math.random() * 20_000);
    // `script` runs the command through `$SHELL -c`. A user's interactive shell puts the job in
    // a process group of its own and never gets the Ctrl-C; the non-interactive `sh` (dash) that
    // `script` falls back to when SHELL is unset, as in CI, would get it and die of SIGINT
    // (script then exits 130 while npm is still stopping the apps). `exec` leaves npm alone in
    // the foreground group, as in a real terminal.
    const cli = `exec npm start -- --port-base ${portBase}`;
    const t = spawn('script', ['-qfec', cli, '/dev/null'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        FEED_TOPIC_PREFIX: prefix,
        OPENSEARCH_INDEX_PREFIX: prefix,
        SIMULATOR_SYMBOLS: '5',
        SIMULATOR_SEED: '11',
        TERM: 'xterm',
        // The same shell here as in CI, whatever the developer's login shell is.
        SHELL: '/bin/sh',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    term = t;
    let output = '';
    for (const s of [t.stdout, t.stderr]) s.on('data', (d: Buffer) => (output += d));
    const exited = new Promise<number | null>((r) => t.on('exit', (code) => r(code)));

    // Ctrl-C once every app is ready and the live view has been drawn.
    const deadline = Date.now() + 600_000;
    while (!/ingestor ready[\s\S]*customer/.test(output)) {
      if (Date.now() > deadline || t.exitCode !== null)
        throw new Error(`live view never came up:\n${output}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    await new Promise((r) => setTimeout(r, 2000));
    const before = output.length;
    t.stdin.write('\u0003');

    expect(await exited).toBe(0);
    const after = output.slice(before);
    const stopped = ['ingestor', 'enricher', 'opensearch-sink'].map((app) =>
      after.indexOf(`✓ ${app} stopped (exit 0)`),
    );
    expect(
      stopped.every((i) => i >= 0),
      after,
    ).toBe(true);
    expect([...stopped].sort((a, b) => a - b)).toEqual(stopped);
    expect(after.indexOf('summary after')).toBeGreaterThan(Math.max(...stopped));
    expect(after).not.toContain('second interrupt');
    // Nothing left running: no app answers on its ops port any more.
    for (const port of [1, 2, 3, 4].map((i) => portBase + i)) {
      const answered = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        () => true,
        () => false,
      );
      expect(answered, `something still answers on :${port}`).toBe(false);
    }
  }, 720_000);
});
