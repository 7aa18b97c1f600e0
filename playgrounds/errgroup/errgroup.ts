/**
 * errgroup.ts: a TypeScript port of golang.org/x/sync/errgroup.
 *
 * A Group is a collection of tasks working on parts of one job: like a WaitGroup whose
 * tasks can fail. Read it next to errgroup.go; the names and the order are the same.
 *
 * Go to TypeScript:
 * - `g.Go(func() error)`: `g.go(async () => { ... })`. A task fails by throwing or
 *   rejecting (Go: returning a non-nil error). What a task returns is ignored.
 * - Where Go blocks, the port returns a Promise: `await g.go(...)` waits for a free slot
 *   when a limit is reached; `await g.wait()` waits for every task.
 * - `context.Context` is an AbortSignal. `withContext` returns the group and a signal that
 *   aborts with the first error as `signal.reason` (Go's `context.Cause`), or with
 *   `Canceled` when wait returns.
 * - A panic in Go crashes the program; JavaScript has no panics, so a throw is an error.
 */

/** Go's context.Canceled: the cause of a context cancelled for no other reason. */
export const Canceled: Error = new Error('context canceled');

/** What g.go and g.tryGo accept: a function that fails by throwing or rejecting. */
export type Task = () => unknown;

/**
 * A counting semaphore standing in for Go's `sem chan token`: a full channel blocks the
 * sender, and a receive hands the freed slot straight to the first blocked sender.
 */
class Semaphore {
  private held = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly capacity: number) {}

  /** Tokens taken: len(g.sem) in Go. */
  get inUse(): number {
    return this.held;
  }

  tryAcquire(): boolean {
    if (this.held >= this.capacity) return false;
    this.held++;
    return true;
  }

  /** Calls granted() now if a slot is free, otherwise when one is handed over. */
  acquire(granted: () => void): void {
    if (this.tryAcquire()) granted();
    else this.waiting.push(granted);
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next(); // the token passes to the waiter; held stays the same
    else this.held--;
  }
}

/**
 * A collection of tasks working on subtasks of the same overall task.
 * A zero Group (`new Group()`) is valid, has no limit on active tasks, and does not
 * cancel on error.
 */
export class Group {
  private cancel: ((cause: unknown) => void) | undefined;
  private sem: Semaphore | undefined;
  private active = 0; // the WaitGroup counter
  private idleWaiters: Array<() => void> = [];
  private failed = false; // errOnce
  private err: unknown = undefined;

  /** Used by withContext: a group that calls cancel(cause) on its first error and when wait returns. */
  static cancellingWith(cancel: (cause: unknown) => void): Group {
    const group = new Group();
    group.cancel = cancel;
    return group;
  }

  /**
   * Waits until every task started with go or tryGo has returned, then resolves to the
   * first error (or undefined). Never rejects.
   */
  wait(): Promise<unknown> {
    return new Promise((resolve) => {
      const finish = (): void => {
        this.cancel?.(this.err);
        resolve(this.err);
      };
      if (this.active === 0) finish();
      else this.idleWaiters.push(finish);
    });
  }

  /**
   * Starts task. The returned promise resolves once the task has started: with a limit
   * reached, that is when a running task returns and frees a slot (Go's Go blocks until
   * then). With a limit of 0 it never resolves. The first task to fail cancels the group's
   * signal, if the group came from withContext; wait resolves to that error.
   */
  go(task: Task): Promise<void> {
    const sem = this.sem;
    return new Promise((resolve) => {
      const start = (): void => {
        this.start(task, sem);
        resolve();
      };
      if (sem) sem.acquire(start);
      else start();
    });
  }

  /** Starts task only if the group is below its limit. Reports whether it started. */
  tryGo(task: Task): boolean {
    const sem = this.sem;
    if (sem && !sem.tryAcquire()) return false;
    this.start(task, sem);
    return true;
  }

  /**
   * Limits the number of active tasks to at most n. A negative n means no limit; 0 means
   * no task can start. Changing the limit while limited tasks are active throws (Go panics).
   */
  setLimit(n: number): void {
    if (n < 0) {
      this.sem = undefined;
      return;
    }
    const active = this.sem?.inUse ?? 0;
    if (active !== 0) throw new Error(`errgroup: modify limit while ${active} goroutines in the group are still active`);
    this.sem = new Semaphore(Math.floor(n));
  }

  private start(task: Task, sem: Semaphore | undefined): void {
    this.active++;
    // Like `go f()`: the task runs after the caller continues, and a synchronous
    // throw counts as an error just like a rejection.
    Promise.resolve()
      .then(() => task())
      .then(
        () => this.done(sem),
        (err: unknown) => {
          this.fail(err);
          this.done(sem);
        },
      );
  }

  private fail(err: unknown): void {
    if (this.failed) return; // only the first error is kept
    this.failed = true;
    // A rejection without a reason must still read as a failure in wait's result.
    this.err = err ?? new Error(`errgroup: task failed with ${String(err)}`);
    this.cancel?.(this.err);
  }

  private done(sem: Semaphore | undefined): void {
    sem?.release(); // frees the slot first, as Go's done() does, so a blocked go() starts now
    this.active--;
    if (this.active > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const finish of waiters) finish();
  }
}

/**
 * Returns a new Group and a signal derived from parent. The signal aborts the first time
 * a task fails (reason: that error) or the first time wait returns (reason: Canceled),
 * whichever comes first; and when parent aborts (reason: parent's reason).
 */
export function withContext(parent?: AbortSignal): { group: Group; signal: AbortSignal } {
  const controller = new AbortController();
  const cancel = (cause: unknown): void => {
    if (!controller.signal.aborted) controller.abort(cause ?? Canceled);
  };
  if (parent?.aborted) cancel(parent.reason);
  else if (parent) {
    const onParentAbort = (): void => cancel(parent.reason);
    parent.addEventListener('abort', onParentAbort, { once: true });
    controller.signal.addEventListener('abort', () => parent.removeEventListener('abort', onParentAbort), { once: true });
  }
  return { group: Group.cancellingWith(cancel), signal: controller.signal };
}
