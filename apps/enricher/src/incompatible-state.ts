import { ConfigError } from '@marketfeed/service';

/**
 * State in the changelog that this version cannot use (`StateIncompatibleError` from
 * @marketfeed/indicators, e.g. after SMA_FAST changed) is the operator's to fix, not a bug: its
 * message names the variable and how to rebuild. As a ConfigError it ends the service with exit
 * 78 and that one line, no stack trace.
 */
export class IncompatibleStateError extends ConfigError {
  constructor(cause: Error & { variable?: unknown }) {
    super([
      {
        variable: typeof cause.variable === 'string' ? cause.variable : 'enricher state',
        reason: cause.message,
      },
    ]);
    this.name = 'IncompatibleStateError';
    this.message = cause.message;
    this.cause = cause;
  }
}

/** Recognised by name: the changelog's codec throws it, from whichever copy of the package. */
export function asOperatorError(err: Error): Error {
  return err.name === 'StateIncompatibleError' ? new IncompatibleStateError(err) : err;
}
