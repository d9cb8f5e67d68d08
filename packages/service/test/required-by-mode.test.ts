import { describe, expect, it } from 'vitest';
import { requiredByMode } from '../src/config.js';

describe('requiredByMode', () => {
  it('names each unset variable of the mode, with the _FILE form for secrets', () => {
    expect(requiredByMode('AUTH=basic', { USER: undefined, PASSWORD: '' }, ['PASSWORD'])).toEqual([
      { variable: 'USER', reason: 'is required when AUTH=basic' },
      { variable: 'PASSWORD', reason: 'is required when AUTH=basic (or set PASSWORD_FILE)' },
    ]);
    expect(requiredByMode('AUTH=basic', { USER: 'u', PASSWORD: 'p' })).toEqual([]);
  });
});
