import { describe, expect, it } from 'vitest';
import { eventually } from '../src/eventually.js';

describe('eventually', () => {
  it('returns the first value that is neither undefined nor false, retrying throws', async () => {
    let calls = 0;
    const value = await eventually(
      'the third call',
      () => {
        calls += 1;
        if (calls === 1) throw new Error('not yet');
        return calls === 3 ? 'ready' : false;
      },
      { intervalMs: 1 },
    );
    expect(value).toBe('ready');
    expect(calls).toBe(3);
  });

  it('names what it waited for and the last error when it gives up', async () => {
    await expect(
      eventually('the moon', () => Promise.reject(new Error('too far')), {
        timeoutMs: 20,
        intervalMs: 5,
      }),
    ).rejects.toThrow('waiting for the moon: Error: too far');
  });
});
