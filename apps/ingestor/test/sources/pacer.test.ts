import { describe, expect, it } from 'vitest';
import { createPacer } from '../../src/sources/pacer.js';

describe('the pacer of the simulator and replay', () => {
  it('never sleeps at max pace, nor for a message that is already due', () => {
    expect(createPacer({ kind: 'max' }, () => 0).untilDue(0, 0, 3_600_000, 1)).toBeNull();
    const realTime = createPacer({ kind: 'speed', factor: 1 }, () => 60_000);
    expect(realTime.untilDue(0, 0, 60_000, 1)).toBeNull();
  });

  it('sleeps until a later message is due, and interrupt() ends the sleep at once', async () => {
    // An hour ahead of the clock: only interrupt() can end this sleep within the test's timeout.
    const pacer = createPacer({ kind: 'speed', factor: 1 }, () => 0);
    const due = pacer.untilDue(0, 0, 3_600_000, 1);
    expect(due).toBeInstanceOf(Promise);
    pacer.interrupt();
    await due;
  });
});
