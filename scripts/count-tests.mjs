// Sums vitest's per-package "Tests  N failed | M passed (T)" lines from a turbo log, so the
// suite ends with one plain "N passed, N failed" line that CI can read.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  // eslint-disable-next-line no-control-regex
  const text = readFileSync(file, 'utf8').replace(/\u001b\[[0-9;]*m/g, '');
  for (const line of text.split('\n')) {
    const m = /\sTests\s+(.*)\(\d+\)\s*$/.exec(line);
    if (!m) continue;
    const body = m[1];
    passed += Number(/(\d+) passed/.exec(body)?.[1] ?? 0);
    failed += Number(/(\d+) failed/.exec(body)?.[1] ?? 0);
    skipped += Number(/(\d+) skipped/.exec(body)?.[1] ?? 0);
  }
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
