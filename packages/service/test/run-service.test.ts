import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('./fixtures/scenario-service.ts', import.meta.url));

type Run = {
  /** Resolves once stdout contains `text`. */
  waitFor(text: string): Promise<void>;
  signal(s: NodeJS.Signals): void;
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
};

function run(scenario: string, env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, SCENARIO: scenario, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    for (const w of waiters) if (stdout.includes(w.text)) w.resolve();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return {
    waitFor: (text) =>
      stdout.includes(text)
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ text, resolve })),
    signal: (s) => child.kill(s),
    exited,
  };
}

/** Boots `scenario`, waits until it has started, sends `sig` and waits for the exit. */
async function signalAfterStart(
  scenario: string,
  sig: NodeJS.Signals,
  env: Record<string, string> = {},
): Promise<Awaited<Run['exited']>> {
  const p = run(scenario, env);
  await p.waitFor('"msg":"started"');
  p.signal(sig);
  return p.exited;
}

const logLines = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { level: string; msg: string; err?: { stack?: string } });

// Each case boots a real Node process through tsx: seconds on a loaded shared machine.
describe('runService in a real process', { timeout: 60_000 }, () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('stops gracefully on %s and exits 0', async (sig) => {
    const { code, stdout } = await signalAfterStart('runs', sig);
    expect(code).toBe(0);
    expect(stdout).toContain('service: stopped');
  });

  it('exits 1 when stop outlives the grace period', async () => {
    const { code, stdout } = await signalAfterStart('stop-hangs', 'SIGTERM', { GRACE_MS: '300' });
    expect(code).toBe(1);
    expect(stdout).toContain('shutdown grace period exceeded');
  });

  it('exits at once with 128 + the signal number on a second signal', async () => {
    const p = run('stop-hangs', { GRACE_MS: '600000' });
    await p.waitFor('"msg":"started"');
    p.signal('SIGINT');
    await p.waitFor('service: stop called');
    p.signal('SIGINT');
    expect((await p.exited).code).toBe(130);
  });

  it('stops and exits 0 when the service finishes on its own', async () => {
    const { code, stdout } = await run('finishes').exited;
    expect(code).toBe(0);
    expect(stdout).toContain('service: stopped');
  });

  it('logs a fatal error with its stack, stops and exits 1 when the service fails', async () => {
    const { code, stdout } = await run('fails').exited;
    expect(code).toBe(1);
    expect(stdout).toContain('service: stopped');
    const fatal = logLines(stdout).find((l) => l.level === 'fatal');
    expect(fatal?.msg).toContain('consumer crashed');
    expect(fatal?.err?.stack).toContain('consumer crashed');
  });

  it('exits 1 with the error logged when start rejects', async () => {
    const { code, stdout } = await run('boot-fails').exited;
    expect(code).toBe(1);
    expect(logLines(stdout).find((l) => l.level === 'fatal')?.msg).toContain('boot exploded');
  });

  it('exits 78 with the config message and no stack when the config is wrong', async () => {
    const { code, stderr, stdout } = await run('bad-config').exited;
    expect(code).toBe(78);
    expect(stderr).toBe(
      'scenario: invalid configuration:\n  KAFKA_SSL_CA_FILE: cannot read /nope/ca.pem\n',
    );
    expect(stdout).toBe('');
  });

  // Kafka's classifier (kafkaServiceOps) is tested with the real kafkajs errors in packages/kafka.
  it.each(['hooked', 'fails-hooked'])(
    "exits with the ops classifyError hook's code and one line, no stack, when it recognises the error (%s)",
    async (scenario) => {
      const { code, stderr, stdout } = await run(scenario).exited;
      expect(code).toBe(77);
      expect(stderr).toBe('scenario: the hook says: check KAFKA_PASSWORD\n');
      expect(stdout).not.toMatch(/"level":"fatal"|\n\s+at /);
      expect(stdout).toContain('service: stopped');
    },
  );

  it('writes no EMF metric line unless METRICS_EMF is on', async () => {
    const { code, stdout } = await signalAfterStart('counts', 'SIGTERM', {
      SERVICE_NAME: 'enricher',
    });
    expect(code).toBe(0);
    expect(stdout).not.toContain('"_aws"');
  });

  it('with METRICS_EMF on, writes a last EMF line after the service stopped', async () => {
    const { code, stdout } = await signalAfterStart('counts', 'SIGTERM', {
      SERVICE_NAME: 'enricher',
      METRICS_EMF: 'true',
    });
    expect(code).toBe(0);
    const emf = stdout
      .split('\n')
      .filter((l) => l.includes('"_aws"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(emf).toEqual([
      expect.objectContaining({ Service: 'enricher', DlqRecords: 3, TransactionFailures: 0 }),
    ]);
    expect(stdout.indexOf('service: stopped')).toBeLessThan(stdout.indexOf('"_aws"'));
  });

  it('exits 78 naming METRICS_EMF when its value is not a boolean', async () => {
    const { code, stderr } = await run('runs', { METRICS_EMF: 'maybe' }).exited;
    expect(code).toBe(78);
    expect(stderr).toContain('METRICS_EMF: expected true or false, got "maybe"');
  });

  it('prints an OperatorError found anywhere in the causes as one line and exits with its code', async () => {
    const { code, stderr, stdout } = await run('operator').exited;
    expect(code).toBe(78);
    expect(stderr).toBe(
      'scenario: topics missing: p.raw; create them (npm run feedctl -- topics apply)\n',
    );
    expect(stdout).not.toContain('"level":"fatal"');
  });
});
