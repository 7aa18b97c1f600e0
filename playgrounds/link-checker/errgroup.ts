// Copied from playgrounds/errgroup/errgroup.ts (playground code cannot import from another playground).
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
 * Go's `sem chan token`, with the parts of a channel the group uses: a send that blocks while
 * the buffer is full, a send that gives up instead (select with default), a receive that blocks
 * while the buffer is empty, and len. A receive moves the first blocked sender's token into the
 * slot it frees, so nothing barges in; on an unbuffered channel (SetLimit(0)) a send and a
 * receive meet directly. Callbacks stand in for the goroutines that Go would block.
 */
class TokenChannel {
  private buffered = 0;
  private readonly senders: Array<() => void> = [];
  private readonly receivers: Array<() => void> = [];

  constructor(private readonly capacity: number) {}

  /** Tokens in the buffer: len(g.sem) in Go. */
  get length(): number {
    return this.buffered;
  }

  /** `g.sem <- token{}`: calls sent() now if the send can complete, otherwise once it does. */
  send(sent: () => void): void {
    if (!this.trySend(sent)) this.senders.push(sent);
  }

  /** `select { case g.sem <- token{}: sent() default: }`; reports whether it sent. */
  trySend(sent: () => void): boolean {
    const receiver = this.receivers.shift();
    if (receiver) {
      // Straight to a blocked receiver: the sender goes on first, so that the group counts
      // the new task before the receiver's task leaves it.
      sent();
      receiver();
      return true;
    }
    if (this.buffered < this.capacity) {
      this.buffered++;
      sent();
      return true;
    }
    return false;
  }

  /** `<-g.sem`: calls received() now if a token is there or a sender waits, otherwise once one is sent. */
  recv(received: () => void): void {
    const sender = this.senders.shift();
    if (this.buffered > 0) {
      // The first blocked sender's token takes the freed slot (the buffer stays as full).
      if (!sender) this.buffered--;
    } else if (!sender) {
      this.receivers.push(received); // empty: blocks until something is sent
      return;
    }
    sender?.(); // the sender goes on first, as a released slot did before
    received();
  }
}

/**
 * A collection of tasks working on subtasks of the same overall task.
 * A zero Group (`new Group()`) is valid, has no limit on active tasks, and does not
 * cancel on error.
 */
export class Group {
  private cancel: ((cause: unknown) => void) | undefined;
  private sem: TokenChannel | undefined;
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
   * then). With a limit of 0 it blocks for good (but see setLimit). The first task to fail cancels the group's
   * signal, if the group came from withContext; wait resolves to that error.
   */
  go(task: Task): Promise<void> {
    const sem = this.sem; // Go sends on the channel g.sem holds when Go is called
    return new Promise((resolve) => {
      const start = (): void => {
        this.start(task);
        resolve();
      };
      if (sem) sem.send(start);
      else start();
    });
  }

  /** Starts task only if the group is below its limit. Reports whether it started. */
  tryGo(task: Task): boolean {
    const start = (): void => this.start(task);
    if (!this.sem) start();
    else if (!this.sem.trySend(start)) return false;
    return true;
  }

  /**
   * Limits the number of active tasks to at most n. A negative n means no limit; 0 means
   * no task can start. Call it before the first go: as in Go, a change while tasks run is
   * checked only in part, because a task's done() gives its token back to the group's
   * *current* semaphore:
   * - from one limit to another while tokens are held, it throws (Go panics);
   * - setLimit(-1) removes the limit without complaint; a go() still blocked on the old
   *   limit then never starts, since no task gives a token back to that semaphore;
   * - setLimit(n) on a group with no limit (or after setLimit(-1)) while tasks run is
   *   accepted, and each of those tasks, as it finishes, waits to take a token from the new,
   *   empty semaphore: they never finish, and wait() never returns.
   */
  setLimit(n: number): void {
    if (n < 0) {
      this.sem = undefined;
      return;
    }
    const active = this.sem?.length ?? 0; // len of a nil channel is 0
    if (active !== 0) throw new Error(`errgroup: modify limit while ${active} goroutines in the group are still active`);
    this.sem = new TokenChannel(Math.floor(n));
  }

  private start(task: Task): void {
    this.active++;
    // Like `go f()`: the task runs after the caller continues, and a synchronous
    // throw counts as an error just like a rejection.
    Promise.resolve()
      .then(() => task())
      .then(
        () => this.done(),
        (err: unknown) => {
          this.fail(err);
          this.done();
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

  /** Go's done(): `if g.sem != nil { <-g.sem }`, reading g.sem now, then wg.Done(). */
  private done(): void {
    // The slot is freed first, so a blocked go() starts now; with the current semaphore
    // empty (see setLimit), this task waits here for a token and is not done until one comes.
    if (this.sem) this.sem.recv(() => this.finished());
    else this.finished();
  }

  private finished(): void {
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
