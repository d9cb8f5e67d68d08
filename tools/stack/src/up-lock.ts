import { openSync, closeSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { sleep } from './processes.js';

function holderAlive(file: string): boolean {
  try {
    const pid = Number(readFileSync(file, 'utf8'));
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Several engineers and test scripts may run `stack:up` at once; the second one waits for the
 * first instead of racing it for ports and pid files. A lock left by a dead process is taken over.
 */
export async function withUpLock<T>(
  file: string,
  onWait: () => void,
  work: () => Promise<T>,
): Promise<T> {
  let waited = false;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!holderAlive(file)) {
        try {
          unlinkSync(file);
        } catch {
          // someone else took it over first
        }
        continue;
      }
      if (!waited) onWait();
      waited = true;
      await sleep(500);
    }
  }
  try {
    return await work();
  } finally {
    unlinkSync(file);
  }
}
