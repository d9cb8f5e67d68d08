import { mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withUpLock } from './up-lock.js';

describe('withUpLock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stack-lock-'));

  it('runs concurrent callers one after the other, telling the second that it waits', async () => {
    const file = join(dir, 'serial.lock');
    const events: string[] = [];
    let releaseFirst = () => {};
    const first = withUpLock(
      file,
      () => events.push('first waited'),
      async () => {
        events.push('first in');
        await new Promise<void>((resolve) => (releaseFirst = resolve));
        events.push('first out');
      },
    );
    await new Promise((resolve) => setImmediate(resolve));
    const second = withUpLock(
      file,
      () => events.push('second waits'),
      async () => {
        events.push('second in');
      },
    );
    releaseFirst();
    await Promise.all([first, second]);
    expect(events).toEqual(['first in', 'second waits', 'first out', 'second in']);
  });

  it('takes over a lock left behind by a process that no longer exists', async () => {
    const file = join(dir, 'stale.lock');
    await writeFile(file, '2147483646');
    const waited: string[] = [];
    await expect(
      withUpLock(
        file,
        () => waited.push('waited'),
        async () => 'ran',
      ),
    ).resolves.toBe('ran');
    expect(waited).toEqual([]);
  });
});
