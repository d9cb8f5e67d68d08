// The bench side of bench/memory-probe.mjs: spawn arguments that load the probe into the enricher
// process, and a request for one report (full GC first; optionally a heap snapshot).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import type { StackHarness } from '../test/stack-harness.js';

const PROBE = fileURLToPath(new URL('./memory-probe.mjs', import.meta.url));

/** Node flags that load the probe; MEMORY_PROBE_DIR=<dir> in the child's env turns it on. */
export const PROBE_FLAGS = ['--expose-gc', '--import', PROBE];

export interface ProbeReport {
  label: string;
  /** RSS as an operator sees it, before the probe's GC. */
  rssBefore: number;
  heapUsedBefore: number;
  rssAfterGc: number;
  /** After the GC. */
  memoryUsage: NodeJS.MemoryUsage;
  heap: { total_heap_size: number; used_heap_size: number; heap_size_limit: number };
  spaces: Array<{ space_name: string; space_size: number; space_used_size: number }>;
  /** Resident bytes after the GC by kind of mapping (see the probe). */
  resident: { brk: number; anonymous: number; file: number; other: number };
}

/** Asks the probe in `child` for a report labelled `label` and waits for it. */
export async function probeMemory(
  h: StackHarness,
  child: ChildProcess,
  dir: string,
  label: string,
  snapshot = false,
): Promise<ProbeReport> {
  writeFileSync(join(dir, 'request.json'), JSON.stringify({ label, snapshot }));
  const file = join(dir, `${label}.json`);
  child.kill('SIGUSR2');
  await h.waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`enricher exited with ${child.exitCode}`);
      return existsSync(file) ? true : undefined;
    },
    300_000,
    `memory probe ${label}`,
  );
  return JSON.parse(readFileSync(file, 'utf8')) as ProbeReport;
}
