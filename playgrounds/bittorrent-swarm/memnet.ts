/**
 * memnet.ts: the two things Go gives the client that JavaScript does not, on the demo's clock.
 *
 * pipe(clock, latencyMs) is net.Pipe with a network in the middle: two connected ends, where
 * bytes written at one end reach the other latencyMs later, in order. Like a net.Conn, an end
 * has read deadlines (setReadDeadline, setDeadline): a read still waiting at the deadline fails
 * with "i/o timeout", which is how the client's handshake, unchoke, message and piece
 * deadlines end a wait. close() makes the end's own reads fail at once and the other end read
 * EOF once the close has crossed the network. Writes never block (the pipe buffers), so the
 * client's write deadlines have nothing to do here.
 *
 * Channel is a Go channel, from playgrounds/errgroup/channel.ts:
 *   make(chan T, n)                                 new Channel<T>(n)
 *   select { case ch <- v: case <-ctx.Done(): }     await ch.send(v, signal)
 *   select { case v := <-ch: case <-ctx.Done(): }   const { value, ok } = await ch.recv(signal)
 * When the signal has aborted, send and recv reject with its reason: cancellation wins, where
 * Go's select would pick at random, so every run is the same.
 */
import type { Clock } from '../_shared/clock';

/** A read that was still waiting at its deadline (Go: os.ErrDeadlineExceeded). */
export class DeadlineExceeded extends Error {
  constructor() {
    super('i/o timeout');
    this.name = 'DeadlineExceeded';
  }
}

/** Reading or writing an end that was closed (Go: io.ErrClosedPipe). */
export class ClosedPipe extends Error {
  constructor() {
    super('io: read/write on closed pipe');
    this.name = 'ClosedPipe';
  }
}

/** The other end closed (Go: io.EOF, or io.ErrUnexpectedEOF in the middle of a read). */
export class EOF extends Error {
  constructor(unexpected = false) {
    super(unexpected ? 'unexpected EOF' : 'EOF');
    this.name = 'EOF';
  }
}

export interface Conn {
  write(bytes: Uint8Array): void;
  readFull(n: number): Promise<Uint8Array>;
  /** Absolute clock time (ms) after which reads fail; undefined for none. */
  setReadDeadline(at: number | undefined): void;
  setDeadline(at: number | undefined): void;
  close(): void;
  readonly closed: boolean;
}

class PipeEnd implements Conn {
  remote!: PipeEnd;
  private chunks: Uint8Array[] = [];
  private available = 0;
  private ownClosed = false;
  private remoteClosed = false;
  private readDeadline: number | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly latencyMs: number,
  ) {}

  get closed(): boolean {
    return this.ownClosed;
  }

  write(bytes: Uint8Array): void {
    if (this.ownClosed || this.remoteClosed) throw new ClosedPipe();
    const copy = bytes.slice();
    void this.clock.sleep(this.latencyMs).then(() => this.remote.deliver(copy));
  }

  private deliver(bytes: Uint8Array): void {
    if (this.ownClosed) return;
    this.chunks.push(bytes);
    this.available += bytes.length;
    this.notify();
  }

  private hangUp(): void {
    this.remoteClosed = true;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  close(): void {
    if (this.ownClosed) return;
    this.ownClosed = true;
    this.chunks = [];
    this.available = 0;
    this.notify();
    void this.clock.sleep(this.latencyMs).then(() => this.remote.hangUp());
  }

  setReadDeadline(at: number | undefined): void {
    this.readDeadline = at;
    this.notify(); // a waiting read re-arms its timer
  }

  setDeadline(at: number | undefined): void {
    this.setReadDeadline(at);
  }

  async readFull(n: number): Promise<Uint8Array> {
    for (;;) {
      if (this.ownClosed) throw new ClosedPipe();
      if (this.available >= n) return this.take(n);
      if (this.remoteClosed) throw new EOF(this.available > 0);
      const deadline = this.readDeadline;
      if (deadline !== undefined && this.clock.now() >= deadline) throw new DeadlineExceeded();
      await this.waitForData(deadline);
    }
  }

  /** Resolves when bytes arrive, either end closes, the deadline changes, or the deadline passes. */
  private waitForData(deadline: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      const timer = new AbortController();
      this.wake = () => {
        timer.abort();
        resolve();
      };
      if (deadline !== undefined) {
        this.clock.sleep(deadline - this.clock.now(), timer.signal).then(
          () => {
            this.wake = undefined;
            resolve();
          },
          () => {}, // woken before the deadline
        );
      }
    });
  }

  private take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let at = 0;
    while (at < n) {
      const chunk = this.chunks[0]!;
      const use = Math.min(chunk.length, n - at);
      out.set(chunk.subarray(0, use), at);
      at += use;
      if (use === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(use);
    }
    this.available -= n;
    return out;
  }
}

/** Two connected ends; bytes take latencyMs to cross in either direction. */
export function pipe(clock: Clock, latencyMs: number): [Conn, Conn] {
  const a = new PipeEnd(clock, latencyMs);
  const b = new PipeEnd(clock, latencyMs);
  a.remote = b;
  b.remote = a;
  return [a, b];
}

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
      const sender = this.senders.shift(); // a blocked sender's value moves into the freed slot
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
