/**
 * sync.ts: the parts of Go's sync package the checkout needs, for async "goroutines".
 *
 * - Mutex: lock() waits until the lock is free; waiters get it in arrival order (Go's
 *   mutex is not strictly FIFO, but it hands the lock to a waiter that has waited over 1 ms).
 * - RWMutex: any number of readers, or one writer; as in Go, a waiting writer stops new
 *   readers from getting in, so writers are not starved.
 * - WaitGroup with go(fn) (Go 1.25's WaitGroup.Go) and wait().
 */

export class Mutex {
  private locked = false;
  private readonly waiters: Array<() => void> = [];

  async lock(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  unlock(): void {
    if (!this.locked) throw new Error('fatal error: sync: unlock of unlocked mutex');
    const next = this.waiters.shift();
    if (next) next(); // the lock passes straight to the next waiter
    else this.locked = false;
  }
}

export class RWMutex {
  private readers = 0;
  private writer = false;
  private readonly queue: Array<{ write: boolean; grant: () => void }> = [];

  async rLock(): Promise<void> {
    if (!this.writer && this.queue.length === 0) {
      this.readers++;
      return;
    }
    await new Promise<void>((grant) => this.queue.push({ write: false, grant }));
  }

  rUnlock(): void {
    if (this.readers === 0) throw new Error('fatal error: sync: RUnlock of unlocked RWMutex');
    this.readers--;
    this.admit();
  }

  async lock(): Promise<void> {
    if (!this.writer && this.readers === 0 && this.queue.length === 0) {
      this.writer = true;
      return;
    }
    await new Promise<void>((grant) => this.queue.push({ write: true, grant }));
  }

  unlock(): void {
    if (!this.writer) throw new Error('fatal error: sync: Unlock of unlocked RWMutex');
    this.writer = false;
    this.admit();
  }

  /** Lets the next waiters in: one writer, or every reader up to the next writer. */
  private admit(): void {
    while (this.queue.length > 0 && !this.writer) {
      const next = this.queue[0]!;
      if (next.write) {
        if (this.readers > 0) return;
        this.queue.shift();
        this.writer = true;
        next.grant();
        return;
      }
      this.queue.shift();
      this.readers++;
      next.grant();
    }
  }
}

export class WaitGroup {
  private readonly running: Promise<unknown>[] = [];

  /** wg.Go(f): runs f in a new goroutine, counted by the group. */
  go(f: () => Promise<unknown>): void {
    this.running.push(Promise.resolve().then(f));
  }

  /** wg.Wait(): resolves once every goroutine started with go has returned. */
  async wait(): Promise<void> {
    await Promise.all(this.running);
  }
}
