/**
 * sleep(ms, signal?): a promise that resolves after `ms` milliseconds of wall-clock time.
 *
 * Like Go's `select { case <-time.After(d): case <-ctx.Done(): }`: when the signal aborts
 * first, the promise rejects with `signal.reason` (the context's cause).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      // Remove the listener, or long-lived signals collect one per sleep.
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
