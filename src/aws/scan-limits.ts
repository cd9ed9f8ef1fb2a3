/**
 * Scan-wide limits: at most N calls of one service in flight across all accounts, granted to the
 * waiting call of the OLDEST account first (lowest priority number; FIFO within one account).
 *
 * Why not FIFO across accounts: with FIFO every open account advances at the same pace, so the
 * accounts opened together also finish together, and the next batch then spends its first round
 * trips (AssumeRole, ListBuckets…) with the limit mostly idle — the benchmark showed a dip every
 * batch. Oldest-first finishes accounts one after another, so a new account assumes its role and
 * lists while the older ones keep every slot busy.
 */
export class PriorityLimit {
  private running = 0;
  /** Waiting tasks sorted by (priority, arrival). */
  private readonly waiting: { priority: number; seq: number; start: () => void }[] = [];
  private seq = 0;

  constructor(readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be ≥ 1');
  }

  get active(): number {
    return this.running;
  }

  get pending(): number {
    return this.waiting.length;
  }

  /**
   * Runs `task` when a slot is free (at once when one is: no microtask hop), the waiting ones by
   * (priority, arrival). Per call: the caller's promise and the task's, nothing else — it sits on
   * every AWS call of a scan (twice: the account's limit and the scan's).
   */
  run<T>(priority: number, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.running++;
        let result: Promise<T>;
        try {
          result = task();
        } catch (error) {
          result = Promise.reject(error);
        }
        result.then(
          (value) => {
            this.release();
            resolve(value);
          },
          (error: unknown) => {
            this.release();
            reject(error);
          },
        );
      };
      if (this.running < this.concurrency) {
        start();
        return;
      }
      const entry = { priority, seq: this.seq++, start };
      // Binary search for the first entry that sorts after this one: the queue stays short
      // (accounts open × per-account limit), so an array insert is cheap.
      let lo = 0;
      let hi = this.waiting.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const other = this.waiting[mid] as (typeof this.waiting)[number];
        if (other.priority < priority || (other.priority === priority && other.seq < entry.seq)) lo = mid + 1;
        else hi = mid;
      }
      this.waiting.splice(lo, 0, entry);
    });
  }

  private release(): void {
    this.running--;
    this.waiting.shift()?.start();
  }
}
