/**
 * Time for the demos: wall-clock time since the program started, and a virtual clock.
 *
 * The demos run on a VirtualClock so that a run is the same every time: every decision
 * (who finishes first, whether a breaker's timeout has passed) is taken in virtual time,
 * which only moves when the program is waiting. The clock still advances at wall-clock
 * pace (pace 1 = one virtual millisecond per real one), so the output and the timeline
 * unfold live, like the Go original does.
 */
import { sleep } from './sleep';

const programStart = performance.now();

/** Milliseconds of wall-clock time since the program started. */
export function elapsedMs(): number {
  return performance.now() - programStart;
}

/** 1234.5 -> "+1.235s" */
export function formatElapsed(ms: number): string {
  return `+${(Math.round(Math.max(0, ms)) / 1000).toFixed(3)}s`;
}

/** What the demos need from a clock: the current time and a cancellable sleep. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Wall-clock time. */
export const realClock: Clock = { now: elapsedMs, sleep };

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
}

export interface VirtualClockOptions {
  /** Real milliseconds per virtual millisecond: 1 = real time, 0.5 = twice as fast, 0 = as fast as possible. */
  pace?: number;
}

/**
 * A deterministic clock. sleep() registers a timer at now + ms; the clock fires timers in
 * order of their time (ties in the order they were set), one instant per macrotask, so
 * everything that an instant's wake-ups cause has happened before the next instant begins.
 */
export class VirtualClock implements Clock {
  private current = 0;
  private seq = 0;
  private timers: Timer[] = [];
  private handle: ReturnType<typeof setTimeout> | undefined;
  private readonly realStart = performance.now();
  private readonly pace: number;

  constructor(options: VirtualClockOptions = {}) {
    this.pace = Math.max(0, options.pace ?? 1);
  }

  /** Virtual milliseconds since the clock was created. */
  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const delay = Number.isFinite(ms) ? Math.max(0, ms) : 0;
      const onAbort = (): void => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(signal?.reason);
      };
      const timer: Timer = {
        at: this.current + delay,
        seq: this.seq++,
        fire: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.insert(timer);
      this.schedule();
    });
  }

  private insert(timer: Timer): void {
    let i = this.timers.length;
    while (i > 0 && this.timers[i - 1]!.at > timer.at) i--;
    this.timers.splice(i, 0, timer);
  }

  /** Wake up, in real time, when the earliest timer is due. */
  private schedule(): void {
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = undefined;
    const next = this.timers[0];
    if (!next) return;
    const due = this.realStart + next.at * this.pace;
    this.handle = setTimeout(() => this.fireNext(), Math.max(0, due - performance.now()));
  }

  private fireNext(): void {
    this.handle = undefined;
    const next = this.timers[0];
    if (!next) return;
    this.current = Math.max(this.current, next.at);
    const due = this.timers.filter((t) => t.at <= this.current);
    this.timers = this.timers.slice(due.length);
    for (const timer of due) timer.fire();
    this.schedule();
  }
}
