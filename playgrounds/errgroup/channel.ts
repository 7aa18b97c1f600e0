/**
 * channel.ts: just enough of a Go channel for the pipeline demo.
 *
 *   Go                                            TypeScript
 *   make(chan int, 3)                             new Channel<number>(3)
 *   select { case ch <- v: case <-ctx.Done(): }   await ch.send(v, signal)
 *   select { case v, ok := <-ch: case <-ctx.Done(): }  const { value, ok } = await ch.recv(signal)
 *   close(ch)                                     ch.close()
 *
 * When the signal has aborted, send and recv reject with signal.reason. Go's select picks
 * at random when both cases are ready; here cancellation wins, so every run is the same.
 */

export type Received<T> = { value: T; ok: true } | { value: undefined; ok: false };

interface Sender<T> {
  value: T;
  accept: () => void;
  fail: (reason: unknown) => void;
}

interface Receiver<T> {
  deliver: (received: Received<T>) => void;
}

export class Channel<T> {
  private readonly buffer: T[] = [];
  private senders: Array<Sender<T>> = [];
  private receivers: Array<Receiver<T>> = [];
  private closed = false;

  constructor(readonly capacity = 0) {}

  /** Values waiting in the buffer: len(ch). */
  get length(): number {
    return this.buffer.length;
  }

  send(value: T, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.closed) return Promise.reject(new Error('send on closed channel'));
    const receiver = this.receivers.shift();
    if (receiver) {
      receiver.deliver({ value, ok: true });
      return Promise.resolve();
    }
    if (this.buffer.length < this.capacity) {
      this.buffer.push(value);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.senders = this.senders.filter((s) => s !== sender);
        reject(signal?.reason);
      };
      const settle = (): void => signal?.removeEventListener('abort', onAbort);
      const sender: Sender<T> = {
        value,
        accept: () => {
          settle();
          resolve();
        },
        fail: (reason) => {
          settle();
          reject(reason);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.senders.push(sender);
    });
  }

  recv(signal?: AbortSignal): Promise<Received<T>> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.buffer.length > 0) {
      const value = this.buffer.shift() as T;
      // A blocked sender's value moves into the freed buffer slot.
      const sender = this.senders.shift();
      if (sender) {
        this.buffer.push(sender.value);
        sender.accept();
      }
      return Promise.resolve({ value, ok: true });
    }
    const sender = this.senders.shift(); // unbuffered: take straight from a waiting sender
    if (sender) {
      sender.accept();
      return Promise.resolve({ value: sender.value, ok: true });
    }
    if (this.closed) return Promise.resolve({ value: undefined, ok: false });
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.receivers = this.receivers.filter((r) => r !== receiver);
        reject(signal?.reason);
      };
      const receiver: Receiver<T> = {
        deliver: (received) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(received);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.receivers.push(receiver);
    });
  }

  /** Only the sender closes. Waiting receivers get ok=false; a send after close fails (Go panics). */
  close(): void {
    if (this.closed) throw new Error('close of closed channel');
    this.closed = true;
    for (const receiver of this.receivers) receiver.deliver({ value: undefined, ok: false });
    this.receivers = [];
    for (const sender of this.senders) sender.fail(new Error('send on closed channel'));
    this.senders = [];
  }
}
