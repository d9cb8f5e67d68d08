/**
 * An operational failure the user can act on (port taken, server died, not ready in time): the
 * CLI prints its message without a stack trace, which would only bury the hint.
 */
export class StackError extends Error {
  override name = 'StackError';
}
