/**
 * breaker.ts: a TypeScript port of github.com/sony/gobreaker (the CircuitBreaker of v1
 * and v2, without v2's BucketPeriod rolling window).
 *
 * A circuit breaker wraps calls to a dependency. While closed it counts outcomes; when
 * readyToTrip says so, it opens and rejects calls at once (ErrOpenState) for `timeout`;
 * then it goes half-open and lets `maxRequests` probes through (more get
 * ErrTooManyRequests). That many consecutive successes close it; one failure opens it again.
 * Read it next to gobreaker.go; the names and the order are the same.
 *
 * Go to TypeScript:
 * - Durations are milliseconds. `now` makes the clock injectable (gobreaker uses time.Now).
 * - `cb.Execute(func() (T, error))` is `await cb.execute(async () => ...)`: the request
 *   fails by throwing; the error is counted, then rethrown to the caller.
 * - A panic in Go is counted as a failure and re-panicked; here a throw is an error, and
 *   isSuccessful decides how it counts.
 */

export type State = 'closed' | 'half-open' | 'open';

/** Numbers of requests and their outcomes, cleared on every state change and closed-state interval. */
export interface Counts {
  requests: number;
  totalSuccesses: number;
  totalFailures: number;
  consecutiveSuccesses: number;
  consecutiveFailures: number;
}

export interface Settings {
  name?: string;
  /** Requests allowed through while half-open. 0 means 1. */
  maxRequests?: number;
  /** Cyclic period (ms) after which the closed state clears its counts. 0 or less: never. */
  interval?: number;
  /** How long (ms) the breaker stays open before going half-open. 0 or less: 60 seconds. */
  timeout?: number;
  /** Called with the counts whenever a request fails while closed; true trips the breaker. Default: more than 5 consecutive failures. */
  readyToTrip?: (counts: Counts) => boolean;
  onStateChange?: (name: string, from: State, to: State) => void;
  /** Called with the request's error (undefined on success); true counts it as a success. Default: err == null. */
  isSuccessful?: (err: unknown) => boolean;
  /** The clock, in milliseconds. Default: performance.now(). */
  now?: () => number;
}

/** Returned when the breaker is half-open and the probes allowed are all in flight. */
export const ErrTooManyRequests: Error = new Error('too many requests');
/** Returned when the breaker is open. */
export const ErrOpenState: Error = new Error('circuit breaker is open');

const defaultTimeout = 60_000;

function defaultReadyToTrip(counts: Counts): boolean {
  return counts.consecutiveFailures > 5;
}

function defaultIsSuccessful(err: unknown): boolean {
  return err == null;
}

function zeroCounts(): Counts {
  return { requests: 0, totalSuccesses: 0, totalFailures: 0, consecutiveSuccesses: 0, consecutiveFailures: 0 };
}

export class CircuitBreaker {
  private readonly breakerName: string;
  private readonly maxRequests: number;
  private readonly interval: number;
  private readonly timeout: number;
  private readonly readyToTrip: (counts: Counts) => boolean;
  private readonly isSuccessful: (err: unknown) => boolean;
  private readonly onStateChange: ((name: string, from: State, to: State) => void) | undefined;
  private readonly now: () => number;

  private current: State = 'closed';
  private generation = 0;
  private stats: Counts = zeroCounts();
  /** When the closed interval or the open timeout ends; undefined: never (Go's zero time). */
  private expiry: number | undefined;

  constructor(settings: Settings = {}) {
    this.breakerName = settings.name ?? '';
    this.maxRequests = settings.maxRequests && settings.maxRequests > 0 ? settings.maxRequests : 1;
    this.interval = settings.interval && settings.interval > 0 ? settings.interval : 0;
    this.timeout = settings.timeout && settings.timeout > 0 ? settings.timeout : defaultTimeout;
    this.readyToTrip = settings.readyToTrip ?? defaultReadyToTrip;
    this.isSuccessful = settings.isSuccessful ?? defaultIsSuccessful;
    this.onStateChange = settings.onStateChange;
    this.now = settings.now ?? (() => performance.now());
    this.toNewGeneration(this.now());
  }

  name(): string {
    return this.breakerName;
  }

  /** The current state; an open breaker whose timeout has passed becomes half-open here. */
  state(): State {
    return this.currentState(this.now()).state;
  }

  /** A copy of the internal counts. */
  counts(): Counts {
    return { ...this.stats };
  }

  /**
   * Runs req if the breaker accepts it, and resolves or rejects as req does. Rejects at
   * once with ErrOpenState or ErrTooManyRequests when the breaker refuses the request.
   */
  async execute<T>(req: () => Promise<T> | T): Promise<T> {
    const generation = this.beforeRequest(); // runs synchronously, when execute is called
    let result: T;
    try {
      result = await req();
    } catch (err) {
      this.afterRequest(generation, this.isSuccessful(err));
      throw err;
    }
    this.afterRequest(generation, this.isSuccessful(undefined));
    return result;
  }

  private beforeRequest(): number {
    const { state, generation } = this.currentState(this.now());
    if (state === 'open') throw ErrOpenState;
    if (state === 'half-open' && this.stats.requests >= this.maxRequests) throw ErrTooManyRequests;
    this.stats.requests++;
    return generation;
  }

  private afterRequest(before: number, success: boolean): void {
    const now = this.now();
    const { state, generation } = this.currentState(now);
    // The counts were cleared since this request started: its outcome belongs to the past.
    if (generation !== before) return;
    if (success) this.onSuccess(state, now);
    else this.onFailure(state, now);
  }

  private onSuccess(state: State, now: number): void {
    if (state === 'closed') {
      this.countSuccess();
    } else if (state === 'half-open') {
      this.countSuccess();
      if (this.stats.consecutiveSuccesses >= this.maxRequests) this.setState('closed', now);
    }
  }

  private onFailure(state: State, now: number): void {
    if (state === 'closed') {
      this.countFailure();
      if (this.readyToTrip({ ...this.stats })) this.setState('open', now);
    } else if (state === 'half-open') {
      this.setState('open', now);
    }
  }

  private countSuccess(): void {
    this.stats.totalSuccesses++;
    this.stats.consecutiveSuccesses++;
    this.stats.consecutiveFailures = 0;
  }

  private countFailure(): void {
    this.stats.totalFailures++;
    this.stats.consecutiveFailures++;
    this.stats.consecutiveSuccesses = 0;
  }

  private currentState(now: number): { state: State; generation: number } {
    if (this.current === 'closed') {
      if (this.expiry !== undefined && this.expiry < now) this.toNewGeneration(now);
    } else if (this.current === 'open') {
      if (this.expiry !== undefined && this.expiry < now) this.setState('half-open', now);
    }
    return { state: this.current, generation: this.generation };
  }

  private setState(state: State, now: number): void {
    if (this.current === state) return;
    const previous = this.current;
    this.current = state;
    this.toNewGeneration(now);
    this.onStateChange?.(this.breakerName, previous, state);
  }

  private toNewGeneration(now: number): void {
    this.generation++;
    this.stats = zeroCounts();
    if (this.current === 'closed') this.expiry = this.interval === 0 ? undefined : now + this.interval;
    else if (this.current === 'open') this.expiry = now + this.timeout;
    else this.expiry = undefined; // half-open
  }
}
