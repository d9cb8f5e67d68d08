import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks on every mainstream kernel. */
const TICKS_PER_SECOND = 100;

/** The pid in a pid file (the local stack's `.stack/run/<server>.pid`), if there is one. */
export function pidFromFile(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used so far; undefined once it is gone or off Linux. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces: utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * Each process's share of one core between two looks (100 % = one core busy): where the
 * machine's two cores go while the pipeline runs.
 */
export function cpuShares(
  prev: ReadonlyMap<string, number>,
  cur: ReadonlyMap<string, number>,
  seconds: number,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, c] of cur) {
    const p = prev.get(name);
    if (p !== undefined) out.set(name, Math.round(((c - p) / seconds) * 100));
  }
  return out;
}
