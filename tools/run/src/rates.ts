/** Per-second rate of a monotonically increasing counter between two observations. */
export function ratePerSecond(
  prev: { value: number; atMs: number } | undefined,
  next: { value: number; atMs: number },
): number {
  if (!prev || next.atMs <= prev.atMs) return 0;
  const delta = next.value - prev.value;
  // A counter that went down means the process restarted: report the new value's own rate as 0.
  if (delta < 0) return 0;
  return (delta * 1000) / (next.atMs - prev.atMs);
}
