// What holds the memory that grows between two heap snapshots of the same process:
//   node --max-old-space-size=4096 --import tsx bench/heap-diff.ts <before.heapsnapshot> <after.heapsnapshot> [symbols added]
// (the snapshots bench/memory.ts writes with BENCH_HEAP_SNAPSHOTS=<dir>). V8 keeps an object's id
// across snapshots of one process, so the same object's retained size can be compared. Prints
// (1) self size by kind of object, after minus before; (2) the retainers of the growth: objects
// whose retained size grew by at least 2 % of the total while none of the objects they dominate
// did, with their dominator chain (what holds the holder), per symbol added when given.
import { readFileSync } from 'node:fs';
import { parseHeapSnapshot, type HeapGraph } from './heap-snapshot.js';

const [beforePath, afterPath, symbolsArg] = process.argv.slice(2);
if (!beforePath || !afterPath) {
  console.error('usage: heap-diff.ts <before.heapsnapshot> <after.heapsnapshot> [symbols added]');
  process.exit(64);
}
const symbolsAdded = symbolsArg ? Number(symbolsArg) : NaN;

const load = (path: string): HeapGraph => parseHeapSnapshot(readFileSync(path, 'utf8'));
const before = load(beforePath);
const after = load(afterPath);

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
const perSymbol = (bytes: number) =>
  Number.isFinite(symbolsAdded) ? `${(bytes / symbolsAdded).toFixed(0)} B` : 'n/a';

console.log(
  `heap (reachable, self sizes): ${mb(before.totalSelf)} MB → ${mb(after.totalSelf)} MB, +${mb(after.totalSelf - before.totalSelf)} MB` +
    (Number.isFinite(symbolsAdded)
      ? ` for ${symbolsAdded} symbols added (${perSymbol(after.totalSelf - before.totalSelf)} per symbol)`
      : ''),
);

// (1) self size by kind
const byKind = (g: HeapGraph) => {
  const m = new Map<string, { size: number; count: number }>();
  for (let i = 0; i < g.count; i++) {
    if (!g.reachable[i]) continue;
    const k = g.kindOf(i);
    const e = m.get(k) ?? { size: 0, count: 0 };
    e.size += g.selfSize[i]!;
    e.count++;
    m.set(k, e);
  }
  return m;
};
const kindsBefore = byKind(before);
const kindsAfter = byKind(after);
const kinds = [...kindsAfter.entries()]
  .map(([k, a]) => {
    const b = kindsBefore.get(k) ?? { size: 0, count: 0 };
    return { k, size: a.size - b.size, count: a.count - b.count };
  })
  .sort((x, y) => y.size - x.size)
  .slice(0, 20);
console.log('\n| kind of object | + self KB | + objects | per symbol added |');
console.log('|---|---|---|---|');
for (const r of kinds)
  console.log(`| ${r.k} | ${kb(r.size)} | ${r.count} | ${perSymbol(r.size)} |`);

// (2) retainers of the growth
const total = after.totalSelf - before.totalSelf;
const threshold = Math.max(1, 0.02 * total);
const delta = (i: number): number => {
  const b = before.indexOfId.get(after.id[i]!);
  return after.retained[i]! - (b === undefined ? 0 : before.retained[b]!);
};
const grew: number[] = [];
for (let i = 0; i < after.count; i++) if (after.reachable[i] && delta(i) >= threshold) grew.push(i);
const grewSet = new Set(grew);
const frontier = grew.filter((i) => !after.domChildren(i).some((c) => grewSet.has(c)));
frontier.sort((a, b) => delta(b) - delta(a));
console.log(
  `\nRetainers of the growth (retained size grew >= ${kb(threshold)} KB and no object they dominate did):`,
);
console.log(
  '| retained growth KB | per symbol added | object | held by (dominator chain, nearest first) |',
);
console.log('|---|---|---|---|');
let covered = 0;
for (const i of frontier) {
  covered += delta(i);
  const chain: string[] = [];
  for (let d = after.idom[i]!, n = 0; d !== 0 && n < 5; d = after.idom[d]!, n++)
    chain.push(after.label(d));
  console.log(
    `| ${kb(delta(i))} | ${perSymbol(delta(i))} | ${after.label(i)} | ${chain.join(' ← ')} |`,
  );
}
console.log(`\ncovered by these: ${mb(covered)} of ${mb(total)} MB`);
