/** One validation problem: `path` is dotted (`corporate_actions.forward_splits.0.new_rate`), `""` for the root. */
export type Issue = { path: string; reason: string };

/** Bad data is a value, not an exception: every validator returns this and never throws. */
export type Result<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T>(issues: Issue[]): Result<T> {
  return { ok: false, issues };
}
