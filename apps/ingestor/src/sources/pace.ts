/**
 * How fast a source plays its data: `max` (as fast as Kafka takes it), `speed` (a factor on the
 * data's own clock: 1 = real time, 60 = one market minute per second) or `rate` (messages/s).
 */
export type Pace =
  { kind: 'max' } | { kind: 'speed'; factor: number } | { kind: 'rate'; perSecond: number };

export function parsePace(text: string): Pace | null {
  const s = text.trim().toLowerCase();
  if (s === 'max') return { kind: 'max' };
  if (s === 'realtime') return { kind: 'speed', factor: 1 };
  const rate = /^(\d+(?:\.\d+)?)\s*\/s$/.exec(s);
  if (rate) {
    const perSecond = Number(rate[1]);
    return perSecond > 0 ? { kind: 'rate', perSecond } : null;
  }
  const speed = /^(\d+(?:\.\d+)?)x?$/.exec(s);
  if (speed) {
    const factor = Number(speed[1]);
    return factor > 0 ? { kind: 'speed', factor } : null;
  }
  return null;
}

/**
 * Milliseconds to wait before emitting a message, given the pacing, the data time of the first
 * message and of this one, and how many messages went out since the start. Pure: the caller
 * owns the clock, so the same arithmetic serves the simulator, replay and tests.
 */
export function delayBeforeMs(
  pace: Pace,
  startedAtMs: number,
  nowMs: number,
  firstDataMs: number,
  dataMs: number,
  sentSoFar: number,
): number {
  let due: number;
  switch (pace.kind) {
    case 'max':
      return 0;
    case 'speed':
      due = startedAtMs + (dataMs - firstDataMs) / pace.factor;
      break;
    case 'rate':
      due = startedAtMs + (sentSoFar / pace.perSecond) * 1000;
      break;
  }
  return Math.max(0, due - nowMs);
}
