// Bench-only preload for the enricher process (never shipped, never imported by src/):
//   node --expose-gc --import ./bench/memory-probe.mjs dist/main.js
// On SIGUSR2 it reads MEMORY_PROBE_DIR/request.json ({ label, snapshot }), takes RSS as it is,
// runs full GCs, and writes MEMORY_PROBE_DIR/<label>.json with RSS before and after the GC,
// process.memoryUsage(), v8.getHeapStatistics() and the heap spaces; with `snapshot` also
// <label>.heapsnapshot. Plain JS so that the measured process loads no TypeScript loader.
/* global process */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';

const dir = process.env.MEMORY_PROBE_DIR;
const gc = globalThis.gc;

function rssBytes() {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) * 1024;
}

/** Resident KB by kind of mapping: the malloc heap (brk), anonymous (V8's heap pages, malloc's other arenas, thread stacks), files (node's code). */
function residentByKind() {
  const out = { brk: 0, anonymous: 0, file: 0, other: 0 };
  let kind = 'other';
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      const path = header[1];
      kind =
        path === '[heap]'
          ? 'brk'
          : path === ''
            ? 'anonymous'
            : path.startsWith('/')
              ? 'file'
              : 'other';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) out[kind] += Number(rss[1]) * 1024;
  }
  return out;
}

if (dir && gc) {
  process.on('SIGUSR2', () => {
    const { label, snapshot } = JSON.parse(readFileSync(join(dir, 'request.json'), 'utf8'));
    const rssBefore = rssBytes();
    const heapBefore = process.memoryUsage().heapUsed;
    // Several rounds: weak references and finalizers let go of more on the second.
    for (let i = 0; i < 3; i++) gc();
    const report = {
      label,
      rssBefore,
      heapUsedBefore: heapBefore,
      rssAfterGc: rssBytes(),
      resident: residentByKind(),
      memoryUsage: process.memoryUsage(),
      heap: v8.getHeapStatistics(),
      spaces: v8.getHeapSpaceStatistics(),
      snapshot: snapshot ? v8.writeHeapSnapshot(join(dir, `${label}.heapsnapshot`)) : null,
    };
    // Written then renamed: the bench polls for the file and must never read half of it.
    writeFileSync(join(dir, `${label}.json.tmp`), JSON.stringify(report));
    renameSync(join(dir, `${label}.json.tmp`), join(dir, `${label}.json`));
  });
}
