import { delayBeforeMs, type Pace } from './pace.js';

/** What a paced source awaits before each message; `interrupt` is for its stop(). */
export interface Pacer {
  /**
   * A sleep until the message with data time `dataMs` is due, or null when it is due already:
   * no promise at all then, so that a loop at `max` pace does not yield once per message.
   */
  untilDue(
    startedAtMs: number,
    firstDataMs: number,
    dataMs: number,
    sentSoFar: number,
  ): Promise<void> | null;
  /** Ends a sleep now, so that stopping does not wait out a slow pace. */
  interrupt(): void;
}

/** The sleeping half of pacing, shared by the simulator and replay; the arithmetic is pace.ts. */
export function createPacer(pace: Pace, now: () => number): Pacer {
  let wake: (() => void) | undefined;
  return {
    untilDue(startedAtMs, firstDataMs, dataMs, sentSoFar) {
      if (pace.kind === 'max') return null;
      const delay = delayBeforeMs(pace, startedAtMs, now(), firstDataMs, dataMs, sentSoFar);
      // Sleeping under a millisecond costs more than it paces; such delays accumulate into the next real one.
      if (delay < 1) return null;
      return new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, delay);
      }).then(() => {
        wake = undefined;
      });
    },
    interrupt() {
      wake?.();
    },
  };
}
