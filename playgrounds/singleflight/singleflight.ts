/**
 * singleflight.ts: a TypeScript port of golang.org/x/sync/singleflight.
 *
 * A Group suppresses duplicate work: while a call for a key is in flight, later callers
 * for the same key wait for it and receive its result instead of running fn again.
 * Read it next to singleflight.go; the names and the order are the same.
 *
 * Go to TypeScript:
 * - `v, err, shared := g.Do(key, fn)` is `const { val, err, shared } = await g.do(key, fn)`.
 *   do never rejects: a throw or rejection in fn comes back in `err`, for every caller.
 * - `g.DoChan(key, fn)` returns a channel to select on; here doChan returns a promise of
 *   the same Result, to race against a timeout or an AbortSignal. A caller that gives up
 *   stops waiting; the call itself goes on for the others.
 * - Go re-panics a panic in every waiting caller; JavaScript has no panics, so a throw is
 *   an ordinary error.
 */

export interface Result<T> {
  val: T | undefined;
  err: unknown;
  /** true when the result was given to more than one caller (the first one included). */
  shared: boolean;
}

/** An in-flight or completed call. */
interface Call<T> {
  done: Promise<void>;
  val: T | undefined;
  err: unknown;
  /** Set when forget(key) is called while this call is in flight. */
  forgotten: boolean;
  /** Callers that joined after the first one. */
  dups: number;
}

export class Group<T = unknown> {
  private readonly calls = new Map<string, Call<T>>();

  /**
   * Runs fn and resolves to its result, making sure that only one execution is in flight
   * for a key at a time. A caller that arrives meanwhile waits for the original to
   * complete and receives the same result.
   */
  async do(key: string, fn: () => Promise<T> | T): Promise<Result<T>> {
    const call = this.join(key) ?? this.lead(key, fn);
    await call.done;
    return { val: call.val, err: call.err, shared: call.dups > 0 };
  }

  /** Like do, for code that reads like Go's `select { case r := <-g.DoChan(...): case <-ctx.Done(): }`. */
  doChan(key: string, fn: () => Promise<T> | T): Promise<Result<T>> {
    return this.do(key, fn);
  }

  /**
   * Tells the group to forget about a key: the next call for it runs fn again instead of
   * waiting for the earlier call, which still completes for its own callers.
   */
  forget(key: string): void {
    const call = this.calls.get(key);
    if (call) call.forgotten = true;
    this.calls.delete(key);
  }

  private join(key: string): Call<T> | undefined {
    const call = this.calls.get(key);
    if (call) call.dups++;
    return call;
  }

  private lead(key: string, fn: () => Promise<T> | T): Call<T> {
    let finish!: () => void;
    const call: Call<T> = {
      done: new Promise<void>((resolve) => (finish = resolve)),
      val: undefined,
      err: undefined,
      forgotten: false,
      dups: 0,
    };
    this.calls.set(key, call);
    void this.doCall(call, key, fn, finish);
    return call;
  }

  /** Runs the single call for a key. */
  private async doCall(call: Call<T>, key: string, fn: () => Promise<T> | T, finish: () => void): Promise<void> {
    try {
      call.val = await fn();
    } catch (err) {
      call.err = err;
    }
    // A forgotten call no longer owns the key: a newer call may be there now.
    if (!call.forgotten) this.calls.delete(key);
    finish();
  }
}
