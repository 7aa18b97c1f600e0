/**
 * semaphore.ts: a TypeScript port of golang.org/x/sync/semaphore, v0.25.0 (semaphore.go).
 *
 * A Weighted semaphore bounds a resource by cost: NewWeighted(n) makes a pool of n units and
 * each caller asks for as many as its work costs. Read it next to semaphore.go; the names, the
 * order of the checks and the comments are the same.
 *
 * Go to TypeScript:
 * - `NewWeighted(n)`: `newWeighted(n)`.
 * - `Acquire(ctx, n) error`: `await sem.acquire(signal, n)`. It resolves once the units are
 *   held; when the signal aborts first it rejects with `signal.reason` (Go returns ctx.Err())
 *   and leaves the semaphore unchanged. No signal is context.Background(): never done.
 * - `TryAcquire(n) bool`, `Release(n)`: `sem.tryAcquire(n)`, `sem.release(n)`.
 * - A panic is a synchronous throw, with Go's message: a negative size or weight, and a
 *   release of more than is held.
 * - Go's mutex sections are plain synchronous code: nothing else runs in between. The waiter
 *   list is an array (Go: container/list), served from the front.
 */

/** A waiter in the queue: how many units it wants, and `ready`, closed when it has them. */
interface Waiter {
  n: number;
  ready: Ready;
}

/** A `chan struct{}` that is only ever closed: `closed` is `case <-ready:` being ready. */
class Ready {
  closed = false;
  private readonly waiting: Array<() => void> = [];

  close(): void {
    this.closed = true;
    for (const wake of this.waiting.splice(0)) wake();
  }

  /** Calls wake once the channel is closed, from a microtask, like a goroutine woken by close. */
  onClose(wake: () => void): void {
    const later = (): void => void Promise.resolve().then(wake);
    if (this.closed) later();
    else this.waiting.push(later);
  }
}

/**
 * Creates a new weighted semaphore with the given maximum combined weight for concurrent
 * access. Throws (Go panics) if n is negative.
 */
export function newWeighted(n: number): Weighted {
  if (n < 0) throw new Error('semaphore: size < 0');
  return new Weighted(n);
}

/** Provides a way to bound concurrent access to a resource. Callers request a non-negative weight. */
export class Weighted {
  private cur = 0;
  private readonly waiters: Waiter[] = [];

  /** Use newWeighted(n), which checks n. */
  constructor(private readonly size: number) {}

  /**
   * Acquires the semaphore with a weight of n, waiting until the units are free or the signal
   * aborts. Resolves on success. On failure rejects with signal.reason and leaves the
   * semaphore unchanged. Throws at once (Go panics) if n is negative.
   */
  acquire(signal: AbortSignal | undefined, n: number): Promise<void> {
    if (n < 0) throw new Error('semaphore: n < 0');

    // s.mu.Lock()
    if (signal?.aborted) {
      // ctx becoming done has "happened before" acquiring the semaphore, whether it became
      // done before the call began or while we were waiting for the mutex. We prefer to fail
      // even if we could acquire the mutex without blocking.
      return Promise.reject(signal.reason);
    }
    if (this.size - this.cur >= n && this.waiters.length === 0) {
      this.cur += n;
      return Promise.resolve();
    }

    if (n > this.size) {
      // Don't make other Acquire calls block on one that's doomed to fail.
      return new Promise((_, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true }); // <-done
      });
    }

    const w: Waiter = { n, ready: new Ready() };
    this.waiters.push(w); // elem := s.waiters.PushBack(w)
    // s.mu.Unlock()

    return new Promise((resolve, reject) => {
      let selected = false; // which case of the select ran

      // case <-done:
      const onDone = (): void => {
        if (selected) return;
        selected = true;
        // s.mu.Lock()
        if (w.ready.closed) {
          // Acquired the semaphore after we were canceled.
          // Pretend we didn't and put the tokens back.
          this.cur -= n;
          this.notifyWaiters();
        } else {
          const isFront = this.waiters[0] === w;
          this.waiters.splice(this.waiters.indexOf(w), 1);
          // If we're at the front and there are extra tokens left, notify other waiters.
          if (isFront && this.size > this.cur) this.notifyWaiters();
        }
        // s.mu.Unlock()
        reject(signal?.reason);
      };

      // case <-ready:
      w.ready.onClose(() => {
        if (selected) return;
        selected = true;
        signal?.removeEventListener('abort', onDone);
        // Acquired the semaphore. Check that ctx isn't already done. (In JavaScript the abort
        // listener runs as the signal aborts, so it has taken the case above by then; the check
        // stays to match Go.)
        if (signal?.aborted) {
          this.release(n);
          reject(signal.reason);
          return;
        }
        resolve();
      });

      signal?.addEventListener('abort', onDone, { once: true });
    });
  }

  /**
   * Acquires the semaphore with a weight of n without waiting. On success returns true. On
   * failure returns false and leaves the semaphore unchanged: it fails whenever someone is
   * queued, even if n units are free, so it never jumps the queue.
   */
  tryAcquire(n: number): boolean {
    if (n < 0) throw new Error('semaphore: n < 0');
    const success = this.size - this.cur >= n && this.waiters.length === 0;
    if (success) this.cur += n;
    return success;
  }

  /** Releases the semaphore with a weight of n, and admits the waiters at the front that now fit. */
  release(n: number): void {
    if (n < 0) throw new Error('semaphore: n < 0');
    this.cur -= n;
    // As in Go, the units stay subtracted: the semaphore is broken from here on.
    if (this.cur < 0) throw new Error('semaphore: released more than held');
    this.notifyWaiters();
  }

  private notifyWaiters(): void {
    for (;;) {
      const next = this.waiters[0];
      if (!next) break; // No more waiters blocked.

      if (this.size - this.cur < next.n) {
        // Not enough tokens for the next waiter. We could keep going (to try to find a waiter
        // with a smaller request), but under load that could cause starvation for large
        // requests; instead, we leave all remaining waiters blocked.
        //
        // Consider a semaphore used as a read-write lock, with N tokens, N readers, and one
        // writer. Each reader can Acquire(1) to obtain a read lock. The writer can Acquire(N)
        // to obtain a write lock, excluding all of the readers. If we allow the readers to
        // jump ahead in the queue, the writer will starve — there is always one token
        // available for every reader.
        break;
      }

      this.cur += next.n;
      this.waiters.shift();
      next.ready.close();
    }
  }
}
