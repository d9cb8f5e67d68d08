import { StateIncompatibleError } from '@marketfeed/indicators';
import { ConfigError } from '@marketfeed/service';

/**
 * State in the changelog that this version cannot use (`StateIncompatibleError` from
 * @marketfeed/indicators, e.g. after SMA_FAST changed) is the operator's to fix, not a bug: its
 * message names the variable and how to rebuild. As a ConfigError it ends the service with exit
 * 78 and that one line, no stack trace.
 */
export class IncompatibleStateError extends ConfigError {
  constructor(cause: StateIncompatibleError) {
    super([{ variable: cause.variable ?? 'enricher state', reason: cause.message }]);
    this.name = 'IncompatibleStateError';
    this.message = cause.message;
    this.cause = cause;
  }
}

/** Thrown by the changelog codec at restore, or by the enrichment at a symbol's next bar. */
export function asOperatorError(err: Error): Error {
  return err instanceof StateIncompatibleError ? new IncompatibleStateError(err) : err;
}
