/**
 * A FIFO of bounded capacity, the ingestor's buffer between a source and Kafka. Readers peek a
 * batch and remove it only once Kafka acknowledged it, so a record is never lost between the
 * two; writers that can wait (simulator, replay) await `whenWritable()` — that is the
 * backpressure — and writers that cannot (a live stream) learn from `offer()` that it is full.
 */
export class BoundedQueue<T> {
  private items: (T | undefined)[] = [];
  private head = 0;
  private writableWaiters: (() => void)[] = [];
  private readableWaiters: (() => void)[] = [];

  constructor(
    readonly capacity: number,
    /** Writers blocked on a full queue resume once it drains below this. */
    readonly resumeBelow = Math.max(1, Math.floor(capacity * 0.8)),
  ) {
    if (capacity < 1) throw new RangeError('capacity must be >= 1');
  }

  get size(): number {
    return this.items.length - this.head;
  }

  get isFull(): boolean {
    return this.size >= this.capacity;
  }

  /** Appends unless full; returns false when the item was not taken. */
  offer(item: T): boolean {
    if (this.isFull) return false;
    this.items.push(item);
    if (this.readableWaiters.length > 0) {
      const waiters = this.readableWaiters;
      this.readableWaiters = [];
      for (const w of waiters) w();
    }
    return true;
  }

  /** Resolves at once while there is room, else when the queue drained below `resumeBelow`. */
  whenWritable(): Promise<void> {
    if (!this.isFull) return Promise.resolve();
    return new Promise((resolve) => this.writableWaiters.push(resolve));
  }

  /** Resolves when at least one item is queued (or at once if some are). */
  whenReadable(): Promise<void> {
    if (this.size > 0) return Promise.resolve();
    return new Promise((resolve) => this.readableWaiters.push(resolve));
  }

  /** Wakes readers without an item (used on shutdown). */
  wakeReaders(): void {
    const waiters = this.readableWaiters;
    this.readableWaiters = [];
    for (const w of waiters) w();
  }

  /** The first `max` items, or fewer while `accept` says yes, left in place. */
  peek(max: number, accept?: (item: T, index: number) => boolean): T[] {
    const out: T[] = [];
    const end = Math.min(this.items.length, this.head + max);
    for (let i = this.head; i < end; i++) {
      const item = this.items[i] as T;
      if (accept && !accept(item, out.length)) break;
      out.push(item);
    }
    return out;
  }

  /** Removes the first `n` items (after they were delivered). */
  remove(n: number): void {
    const count = Math.min(n, this.size);
    for (let i = this.head; i < this.head + count; i++) this.items[i] = undefined;
    this.head += count;
    // Compact now and then so memory does not grow with the total ever queued.
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    if (this.writableWaiters.length > 0 && this.size < this.resumeBelow) {
      const waiters = this.writableWaiters;
      this.writableWaiters = [];
      for (const w of waiters) w();
    }
  }
}
