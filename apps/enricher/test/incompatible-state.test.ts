import { describe, expect, it } from 'vitest';
import { StateIncompatibleError } from '@marketfeed/indicators';
import { EXIT, operatorMistake } from '@marketfeed/service';
import { asOperatorError } from '../src/incompatible-state.js';

describe('state the changelog holds but this version cannot use', () => {
  it('ends the service as a config error: exit 78 and the one line that names the variable and the rebuild', () => {
    const line =
      'SMA_FAST changed from 20 to 10: rebuild the enricher state (see apps/enricher/README.md)';
    const mistake = operatorMistake(asOperatorError(new StateIncompatibleError(line, 'SMA_FAST')));
    expect(mistake).toEqual({ exitCode: EXIT.config, line });
    expect(mistake?.line.includes('\n')).toBe(false);
  });

  it('leaves every other failure alone (a bug stays a bug, exit 1)', () => {
    const bug = new TypeError('x is undefined');
    expect(asOperatorError(bug)).toBe(bug);
    expect(operatorMistake(asOperatorError(bug))).toBeUndefined();
  });
});
