/**
 * Runs `work` while sending the consumer group's heartbeat every `intervalMs`, and returns its
 * result. kafkajs sends heartbeats only when the consumer code awaits `heartbeat()`; a step that
 * awaits the broker for long (restoring a partition, a transaction commit on a starved host)
 * would otherwise let the session expire and cost a rebalance. A failed heartbeat (the group is
 * rebalancing, the member is unknown) is ignored here: the next awaited `heartbeat()` in the
 * batch loop surfaces it to kafkajs, which rejoins.
 */
export async function whileBeating<T>(
  heartbeat: () => Promise<void>,
  intervalMs: number,
  work: () => Promise<T>,
): Promise<T> {
  const beat = setInterval(() => void heartbeat().catch(() => undefined), intervalMs);
  try {
    return await work();
  } finally {
    clearInterval(beat);
  }
}
