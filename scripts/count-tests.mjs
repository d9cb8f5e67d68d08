// Sums vitest's per-package "Tests  N failed | M passed (T)" lines from a turbo log, so the
// suite ends with one plain "N passed, N failed" line that CI can read. When something failed,
// it also lists each failed test with the first lines of its error: CI keeps only the tail of
// the output, and a count alone does not say what to fix.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
for (const file of process.argv.slice(2)) {
  // eslint-disable-next-line no-control-regex
  const text = readFileSync(file, 'utf8').replace(/\u001b\[[0-9;]*m/g, '');
  const lines = text.split('\n').map((line) => line.replace(/^@[\w/.-]+:[\w:-]+: ?/, ''));
  lines.forEach((line, i) => {
    const m = /\sTests\s+(.*)\(\d+\)\s*$/.exec(line);
    if (m) {
      const body = m[1];
      passed += Number(/(\d+) passed/.exec(body)?.[1] ?? 0);
      failed += Number(/(\d+) failed/.exec(body)?.[1] ?? 0);
      skipped += Number(/(\d+) skipped/.exec(body)?.[1] ?? 0);
      return;
    }
    // vitest's failure report: " FAIL  test/x.int.test.ts > suite > test", then the error.
    if (/^\s*FAIL\s+\S+.* > /.test(line)) {
      const detail = lines
        .slice(i + 1, i + 12)
        .map((l) => l.trim())
        .filter((l) => l && !/^[⎯-]+$/.test(l))
        .slice(0, 3);
      failures.push([line.trim(), ...detail.map((l) => `    ${l.slice(0, 300)}`)].join('\n'));
    }
  });
}
const unique = [...new Set(failures)];
if (unique.length > 0) {
  console.log(`failed tests (${unique.length}):`);
  for (const f of unique.slice(0, 20)) console.log(`  ${f}`);
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
