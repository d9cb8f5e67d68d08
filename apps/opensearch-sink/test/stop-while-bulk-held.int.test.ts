import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '@marketfeed/testkit';
import { describe, expect } from 'vitest';
import { barSeries } from './bars.js';
import { startHoldingProxy } from './holding-http-proxy.js';
import { errorLines, eventually, itOnStack as it, parseLogLines } from './stack-harness.js';

const mainJs = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('stopping the sink process while OpenSearch holds a bulk', () => {
  it('exits 0 within the grace period, commits nothing unacknowledged, and a restart indexes the rest', async ({
    world,
  }) => {
    // Every bulk is held and never applied: what the stop leaves must come back on restart.
    const proxy = await startHoldingProxy(world.osUrl, { holdOver: 0, applyHeld: false });
    try {
      const bars = barSeries(['AMZN', 'NVDA'], 100);
      await world.produce(bars);
      const child = spawn(process.execPath, [mainJs], {
        env: world.processEnv({
          PORT: String(await freePort()),
          LOG_LEVEL: 'info',
          OPENSEARCH_URL: proxy.url,
          // Far beyond the grace period (10 s by default), as a starved node's answer can be.
          OPENSEARCH_REQUEST_TIMEOUT_MS: '120000',
        }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      try {
        await eventually('a bulk held by the proxy', () =>
          proxy.holding() > 0 ? true : undefined,
        );
        child.kill('SIGTERM');
        // runService exits 1 once the grace period is spent: 0 says the stop finished inside it.
        expect(await exited, stderr).toBe(0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }

      const lines = parseLogLines(stdout);
      expect(errorLines(lines)).toEqual([]);
      const left = lines.filter((l) => l.level === 'warn' && /re-indexed on restart/.test(l.msg));
      expect(left).toHaveLength(1);
      expect(left[0]?.unindexed).toBeGreaterThan(0);
      expect(await world.count()).toBe(0);
      expect(await world.fullyCommitted(`${world.topicPrefix}-opensearch-sink`)).toBe(false);

      // The restart, straight to OpenSearch, in the same group: nothing was committed past it.
      const sut = await world.startSink();
      await world.waitForDocuments(bars.length, 'every bar indexed after the restart');
      await world.waitForCommitted(sut.groupId);
      expect(sut.sink.stats().deadLettered).toBe(0);
    } finally {
      await proxy.close();
    }
  });
});
