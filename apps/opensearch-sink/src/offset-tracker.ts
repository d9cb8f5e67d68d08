/** A record the tracker waits for; `done(ticket)` marks it indexed or dead-lettered. */
export interface Ticket {
  readonly partition: number;
  readonly offset: string;
  readonly epoch: number;
}

interface Entry {
  offset: bigint;
  done: boolean;
}

interface PartitionState {
  epoch: number;
  /** Records in arrival order (Kafka offsets increase, with gaps for control/compacted records). */
  entries: Entry[];
  /** Index of the first not-yet-popped entry, so popping is O(1) amortised. */
  head: number;
  /** Next offset to commit (last contiguous done + 1), or null when nothing new is done. */
  ready: bigint | null;
  committed: bigint | null;
}

/**
 * Which offsets may be committed. Records of a partition finish out of order (concurrent bulks,
 * retries, DLQ writes); the committable offset is the one after the last record of the longest
 * done prefix, so a commit never passes a record that is not yet indexed or dead-lettered.
 * Contiguity is in arrival order, not offset + 1: a read_committed partition has gaps.
 */
export class OffsetTracker {
  private readonly partitions = new Map<number, PartitionState>();
  private epochCounter = 0;
  private resets = 0;

  /** Changes on every reset; a batch that started before one must not add records. */
  get generation(): number {
    return this.resets;
  }

  private state(partition: number): PartitionState {
    let s = this.partitions.get(partition);
    if (!s) {
      s = { epoch: ++this.epochCounter, entries: [], head: 0, ready: null, committed: null };
      this.partitions.set(partition, s);
    }
    return s;
  }

  /** Registers a delivered record; its offset must be greater than the previous one's. */
  add(partition: number, offset: string): Ticket {
    const s = this.state(partition);
    const o = BigInt(offset);
    const last = s.entries[s.entries.length - 1];
    // A re-delivery within one epoch would break the ordering the watermark relies on; such a
    // record is already tracked, so its duplicate gets a ticket that `done` ignores.
    if (last && last.offset >= o) return { partition, offset, epoch: -1 };
    s.entries.push({ offset: o, done: false });
    return { partition, offset, epoch: s.epoch };
  }

  /**
   * The batch ended past its last delivered record (aborted or control records were filtered):
   * a done placeholder lets the commit move past them, so lag can reach zero on a
   * transactional topic.
   */
  addSkipped(partition: number, offset: string): void {
    const s = this.state(partition);
    const last = s.entries[s.entries.length - 1];
    const o = BigInt(offset);
    if (last && last.offset >= o) return;
    s.entries.push({ offset: o, done: true });
    this.advance(s);
  }

  done(ticket: Ticket): void {
    const s = this.partitions.get(ticket.partition);
    // A ticket from before a rebalance: the partition restarted from its committed offset.
    if (!s || s.epoch !== ticket.epoch) return;
    const o = BigInt(ticket.offset);
    const entry = this.find(s, o);
    if (!entry) return;
    entry.done = true;
    this.advance(s);
  }

  private find(s: PartitionState, offset: bigint): Entry | undefined {
    // Binary search over the live window: entries are sorted by offset.
    let lo = s.head;
    let hi = s.entries.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const e = s.entries[mid]!;
      if (e.offset === offset) return e;
      if (e.offset < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  private advance(s: PartitionState): void {
    while (s.head < s.entries.length && s.entries[s.head]!.done) {
      s.ready = s.entries[s.head]!.offset + 1n;
      s.head++;
    }
    if (s.head > 1024 && s.head * 2 > s.entries.length) {
      s.entries = s.entries.slice(s.head);
      s.head = 0;
    }
  }

  /** Offsets to commit now (only partitions that progressed since the last commit). */
  committable(): { partition: number; offset: string }[] {
    const out: { partition: number; offset: string }[] = [];
    for (const [partition, s] of this.partitions) {
      if (s.ready !== null && s.ready !== s.committed)
        out.push({ partition, offset: s.ready.toString() });
    }
    return out;
  }

  markCommitted(commits: readonly { partition: number; offset: string }[]): void {
    for (const c of commits) {
      const s = this.partitions.get(c.partition);
      if (s) s.committed = BigInt(c.offset);
    }
  }

  /** Records delivered but not yet done, over all partitions. */
  pending(): number {
    let n = 0;
    for (const s of this.partitions.values())
      for (let i = s.head; i < s.entries.length; i++) if (!s.entries[i]!.done) n++;
    return n;
  }

  /**
   * After a rebalance kafkajs restarts every assigned partition from its committed offset, so
   * all tracking restarts too; tickets from before are ignored when they finish.
   */
  reset(): void {
    this.partitions.clear();
    this.resets++;
  }
}
