/**
 * hystrix.ts: the command layer of github.com/afex/hystrix-go (the library of the FOX
 * talk), built on breaker.ts.
 *
 * hystrix.Do(name, run, fallback) runs `run` under a named command's settings:
 * - timeout: the caller stops waiting after `timeout` ms and gets ErrTimeout;
 * - maxConcurrentRequests: a bulkhead; calls over it get ErrMaxConcurrency at once;
 * - a rolling window of outcomes (10 one-second buckets, like hystrix-go's rolling.Number):
 *   once it holds at least requestVolumeThreshold requests and the error percentage
 *   reaches errorPercentThreshold, the circuit opens and calls get ErrCircuitOpen;
 * - after sleepWindow ms one probe goes through; its success closes the circuit and
 *   clears the window, its failure keeps the circuit open for another sleepWindow.
 * Every error (run's, a timeout, a rejection, an open circuit) is handed to fallback,
 * whose answer becomes the result.
 *
 * The open/half-open/closed machine is breaker.ts (gobreaker) with maxRequests 1 and
 * timeout = sleepWindow, and a readyToTrip that reads the rolling window.
 *
 * Where this port deliberately differs from hystrix-go:
 * - run receives an AbortSignal that aborts with ErrTimeout on timeout; hystrix-go cannot
 *   stop run, which goes on unobserved. (Both free the concurrency slot at the timeout.)
 * - run and fallback return values (do resolves to them); hystrix-go's return only errors.
 * - The circuit opens when a failing call crosses the thresholds (gobreaker evaluates
 *   readyToTrip on failures); hystrix-go checks on the next call, which only matters when
 *   a success is what brings the volume up to the threshold.
 * - A failed probe reopens the circuit for sleepWindow from the probe's end; hystrix-go
 *   counts from the probe's start. While the probe runs, other calls are short-circuited.
 * - A success from a call that started before the circuit opened does not close it
 *   (gobreaker's generations); in hystrix-go any success reported while open closes it.
 * - Metrics are recorded synchronously (hystrix-go updates them through a channel), the
 *   window holds exactly the last 10 whole seconds, and there is no event stream,
 *   forceOpen or context error types. Settings live on a Hystrix instance; `hystrix` is
 *   the default one, like the package-level functions of hystrix-go.
 */
import { CircuitBreaker, ErrOpenState, ErrTooManyRequests, type State } from './breaker';
import { sleep as realSleep } from '../_shared/sleep';

export interface CommandConfig {
  /** ms before the caller gets ErrTimeout. Default 1000. */
  timeout?: number;
  /** Calls allowed at once; more get ErrMaxConcurrency. Default 10. */
  maxConcurrentRequests?: number;
  /** Requests the rolling window must hold before the circuit can open. Default 20. */
  requestVolumeThreshold?: number;
  /** ms the circuit stays open before a probe is let through. Default 5000. */
  sleepWindow?: number;
  /** Error percentage (0-100) that opens the circuit. Default 50. */
  errorPercentThreshold?: number;
}

export const DefaultTimeout = 1000;
export const DefaultMaxConcurrent = 10;
export const DefaultVolumeThreshold = 20;
export const DefaultSleepWindow = 5000;
export const DefaultErrorPercentThreshold = 50;

/** hystrix-go's CircuitError: its message reads "hystrix: <reason>". */
export class CircuitError extends Error {
  constructor(readonly reason: string) {
    super(`hystrix: ${reason}`);
    this.name = 'CircuitError';
  }
}

export const ErrMaxConcurrency = new CircuitError('max concurrency');
export const ErrCircuitOpen = new CircuitError('circuit open');
export const ErrTimeout = new CircuitError('timeout');

/** Both run and fallback failed. */
export class FallbackError extends Error {
  constructor(
    readonly fallbackError: unknown,
    readonly runError: unknown,
  ) {
    super(`fallback failed with '${errorText(fallbackError)}'. run error was '${errorText(runError)}'`);
    this.name = 'FallbackError';
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export type RunFunc<T> = (signal: AbortSignal) => Promise<T> | T;
export type FallbackFunc<T> = (err: unknown) => Promise<T> | T;

type EventType = 'success' | 'failure' | 'timeout' | 'rejected' | 'short-circuit';

/** hystrix-go's rolling.Number: a sum over the last `windowSeconds` one-second buckets. */
class RollingNumber {
  private buckets = new Map<number, number>();

  constructor(private readonly windowSeconds = 10) {}

  increment(nowMs: number): void {
    const second = Math.floor(nowMs / 1000);
    this.buckets.set(second, (this.buckets.get(second) ?? 0) + 1);
    for (const bucket of this.buckets.keys()) if (bucket <= second - this.windowSeconds) this.buckets.delete(bucket);
  }

  sum(nowMs: number): number {
    const second = Math.floor(nowMs / 1000);
    let total = 0;
    for (const [bucket, value] of this.buckets) if (bucket > second - this.windowSeconds && bucket <= second) total += value;
    return total;
  }

  reset(): void {
    this.buckets.clear();
  }
}

/** The health of one command: requests and errors in the rolling window. */
class Metrics {
  private readonly requests = new RollingNumber();
  private readonly errors = new RollingNumber();

  record(type: EventType, now: number): void {
    this.requests.increment(now);
    if (type !== 'success') this.errors.increment(now);
  }

  requestCount(now: number): number {
    return this.requests.sum(now);
  }

  /** Rounded like hystrix-go: int(errors / requests * 100 + 0.5). */
  errorPercent(now: number): number {
    const requests = this.requests.sum(now);
    return requests > 0 ? Math.floor((this.errors.sum(now) / requests) * 100 + 0.5) : 0;
  }

  reset(): void {
    this.requests.reset();
    this.errors.reset();
  }
}

interface Command {
  config: Required<CommandConfig>;
  metrics: Metrics;
  breaker: CircuitBreaker;
  active: number;
}

/** What a dashboard would show about one command's circuit. */
export interface CircuitInfo {
  name: string;
  state: State;
  isOpen: boolean;
  requests: number;
  errorPercent: number;
  active: number;
}

export interface HystrixOptions {
  /** The clock, in ms. Default performance.now(). */
  now?: () => number;
  /** How the timeout waits. Default: a real sleep. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Called on every circuit state change (from the underlying breaker). */
  onStateChange?: (name: string, from: State, to: State) => void;
}

export class Hystrix {
  private readonly configs = new Map<string, Required<CommandConfig>>();
  private readonly commands = new Map<string, Command>();
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly onStateChange: ((name: string, from: State, to: State) => void) | undefined;

  constructor(options: HystrixOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? realSleep;
    this.onStateChange = options.onStateChange;
  }

  /** Sets a command's settings; unset fields take hystrix-go's defaults. Resets the command's circuit. */
  configureCommand(name: string, config: CommandConfig): void {
    this.configs.set(name, {
      timeout: config.timeout || DefaultTimeout,
      maxConcurrentRequests: config.maxConcurrentRequests || DefaultMaxConcurrent,
      requestVolumeThreshold: config.requestVolumeThreshold || DefaultVolumeThreshold,
      sleepWindow: config.sleepWindow || DefaultSleepWindow,
      errorPercentThreshold: config.errorPercentThreshold || DefaultErrorPercentThreshold,
    });
    this.commands.delete(name);
  }

  getCircuit(name: string): CircuitInfo {
    const cmd = this.command(name);
    const now = this.now();
    const state = cmd.breaker.state();
    return {
      name,
      state,
      isOpen: state !== 'closed',
      requests: cmd.metrics.requestCount(now),
      errorPercent: cmd.metrics.errorPercent(now),
      active: cmd.active,
    };
  }

  /**
   * Runs run under the command's circuit, timeout and concurrency limit. Resolves to run's
   * value, or on any error to fallback(err)'s value; rejects with the error when there is
   * no fallback, or with a FallbackError when the fallback fails too.
   */
  async do<T>(name: string, run: RunFunc<T>, fallback?: FallbackFunc<T>): Promise<T> {
    const cmd = this.command(name);
    try {
      return await cmd.breaker.execute(() => this.attempt(cmd, run));
    } catch (err) {
      let reason = err;
      if (err === ErrOpenState || err === ErrTooManyRequests) {
        cmd.metrics.record('short-circuit', this.now());
        reason = ErrCircuitOpen;
      }
      if (!fallback) throw reason;
      try {
        return await fallback(reason);
      } catch (fallbackErr) {
        throw new FallbackError(fallbackErr, reason);
      }
    }
  }

  /** Like hystrix.Go: resolves to the error the errors channel would carry, or undefined. Never rejects. */
  go<T>(name: string, run: RunFunc<T>, fallback?: FallbackFunc<T>): Promise<unknown> {
    return this.do(name, run, fallback).then(
      () => undefined,
      (err: unknown) => err,
    );
  }

  private command(name: string): Command {
    let cmd = this.commands.get(name);
    if (cmd) return cmd;
    if (!this.configs.has(name)) this.configureCommand(name, {});
    const config = this.configs.get(name)!;
    const metrics = new Metrics();
    const breaker = new CircuitBreaker({
      name,
      maxRequests: 1, // allowSingleTest: one probe after the sleep window
      timeout: config.sleepWindow,
      now: this.now,
      readyToTrip: () => {
        const now = this.now();
        return metrics.requestCount(now) >= config.requestVolumeThreshold && metrics.errorPercent(now) >= config.errorPercentThreshold;
      },
      onStateChange: (circuit, from, to) => {
        if (to === 'closed') metrics.reset(); // setClose() resets the metrics
        this.onStateChange?.(circuit, from, to);
      },
    });
    cmd = { config, metrics, breaker, active: 0 };
    this.commands.set(name, cmd);
    return cmd;
  }

  /** One admitted call: the bulkhead, then run raced against the timeout. */
  private attempt<T>(cmd: Command, run: RunFunc<T>): Promise<T> {
    if (cmd.active >= cmd.config.maxConcurrentRequests) {
      cmd.metrics.record('rejected', this.now());
      return Promise.reject(ErrMaxConcurrency);
    }
    cmd.active++;
    const runSignal = new AbortController(); // tells run about the timeout
    const timer = new AbortController(); // stops the timeout once run settles
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish = (type: EventType, settle: () => void): void => {
        if (settled) return;
        settled = true;
        cmd.active--; // hystrix-go returns the ticket at the timeout too
        timer.abort();
        cmd.metrics.record(type, this.now());
        settle();
      };
      this.sleep(cmd.config.timeout, timer.signal).then(
        () => {
          finish('timeout', () => reject(ErrTimeout));
          runSignal.abort(ErrTimeout);
        },
        () => {}, // run settled first
      );
      Promise.resolve()
        .then(() => run(runSignal.signal))
        .then(
          (value) => finish('success', () => resolve(value)),
          (err: unknown) => finish('failure', () => reject(err)),
        );
    });
  }
}

/** The default instance, for code that reads like hystrix-go: hystrix.configureCommand(...); hystrix.do(...). */
export const hystrix = new Hystrix();
