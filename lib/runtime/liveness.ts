/**
 * Is the sandbox frame still there?
 *
 * When a program fills the JavaScript heap, the browser does not throw: V8 ends the whole process
 * that holds the sandbox (in Chromium the sandboxed iframe has a renderer process of its own, so
 * the page lives on). Nothing tells the page: the iframe stays, its contentWindow stays, no event
 * fires; the frame just never sends another message. So while a program runs the page pings the
 * frame, and any message from it counts as an answer.
 *
 * It counts unanswered pings, not milliseconds: a page whose main thread was busy runs its late
 * timers and the frame's queued answers in one burst, and a clock would mistake the page's own
 * delay for a dead frame.
 */

export interface LivenessTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(id: unknown): void;
}

export interface LivenessOptions {
  /** How often to ping. */
  intervalMs: number;
  /** Pings in a row left unanswered before the frame counts as gone. */
  misses: number;
  /** Sends one ping. */
  ping(): void;
  /** Called once when the frame has missed `misses` pings in a row. */
  onSilent(): void;
  timers?: LivenessTimers;
}

export interface Liveness {
  /** Something came from the frame. */
  heard(): void;
  stop(): void;
}

export function watchLiveness({ intervalMs, misses, ping, onSilent, timers = globalThis as unknown as LivenessTimers }: LivenessOptions): Liveness {
  let unanswered = 0;
  let stopped = false;
  const id = timers.setInterval(() => {
    if (stopped) return;
    if (unanswered >= misses) {
      stop();
      onSilent();
      return;
    }
    unanswered++;
    ping();
  }, intervalMs);
  function stop(): void {
    if (stopped) return;
    stopped = true;
    timers.clearInterval(id);
  }
  return {
    heard: () => {
      unanswered = 0;
    },
    stop,
  };
}
