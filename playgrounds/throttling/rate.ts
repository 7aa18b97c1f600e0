/**
 * rate.ts: a TypeScript port of golang.org/x/time/rate v0.15.0 (rate.go), the token bucket
 * Go programs use for rate limiting.
 *
 * A Limiter is a bucket of `burst` tokens, full at the start and refilled continuously at
 * `limit` tokens per second, never above `burst`. allowN(t, n) takes n tokens if they are
 * there and reports whether it did; reserveN(t, n) always takes them (the bucket may go
 * negative) and says how long the caller must wait before acting. Read it next to rate.go:
 * the names, the arithmetic and its order are the same, so the same calls at the same times
 * give the same answers as Go's, down to the last float64 bit.
 *
 * Go to TypeScript:
 * - A time.Time is a number of milliseconds (the demo's clock.now()); inside, times and
 *   durations are whole nanoseconds, as in Go, so the refill arithmetic is Go's.
 * - The Limiter's zero `last` (Go's zero time.Time) is -Infinity; Go's InfDuration is
 *   Infinity. Durations that Go saturates at InfDuration saturate at Infinity here.
 * - Wait and WaitN are left out: they need a real timer. Use reserveN and sleep for the delay.
 * - No mutex: JavaScript runs one callback at a time.
 */

/** Limit is a number of events per second. A zero Limit allows no events. */
export type Limit = number;

/** The infinite rate limit (Go: math.MaxFloat64): it allows all events, even with burst 0. */
export const Inf: Limit = Number.MAX_VALUE;

/** Go's InfDuration (math.MaxInt64 nanoseconds): what delayFrom returns for a reservation that is not OK. */
export const InfDuration = Infinity;

const second = 1e9; // nanoseconds
const maxInt64 = 2 ** 63; // float64(math.MaxInt64) in Go: MaxInt64 rounds to 2^63 as a float64

/** milliseconds -> whole nanoseconds */
function toNanos(ms: number): number {
  return Math.round(ms * 1e6);
}

/** nanoseconds -> milliseconds */
function toMillis(ns: number): number {
  return ns === Infinity || ns === -Infinity ? ns : ns / 1e6;
}

/** time.Time.Sub: a - b in nanoseconds, saturating like Go's (equal times give 0, even at infinity). */
function sub(a: number, b: number): number {
  if (a === b) return 0;
  const d = a - b;
  if (d >= maxInt64) return Infinity;
  if (d <= -maxInt64) return -Infinity;
  return d;
}

/** time.Duration.Seconds: whole seconds plus the nanoseconds left over, as Go computes it. */
function seconds(d: number): number {
  if (!Number.isFinite(d)) return d > 0 ? maxInt64 / second : -maxInt64 / second;
  const nsec = d % second;
  const sec = (d - nsec) / second;
  return sec + nsec / 1e9;
}

/** Every converts a minimum time interval (ms) between events to a Limit. */
export function every(intervalMs: number): Limit {
  const interval = toNanos(intervalMs);
  if (interval <= 0) return Inf;
  return 1 / seconds(interval);
}

/** The time (ns) it takes to accumulate tokens at limit tokens per second. */
function durationFromTokens(limit: Limit, tokens: number): number {
  if (limit <= 0) return InfDuration;
  const duration = (tokens / limit) * second;
  if (duration > maxInt64) return InfDuration;
  return Math.trunc(duration); // time.Duration(float64) truncates toward zero
}

/** The tokens accumulated in d nanoseconds at limit tokens per second. */
function tokensFromDuration(limit: Limit, d: number): number {
  if (limit <= 0) return 0;
  return seconds(d) * limit;
}

/** Events a Limiter permits to happen after a delay. Can be cancelled to give tokens back. */
export class Reservation {
  constructor(
    readonly ok: boolean,
    private readonly lim: Limiter,
    readonly tokens: number,
    /** When the holder may act, in ns. */
    private readonly timeToAct: number,
    /** The Limit when the reservation was made; it can change later. */
    private readonly limit: Limit,
  ) {}

  /** Whether the limiter can provide the tokens within the maximum wait. */
  OK(): boolean {
    return this.ok;
  }

  /** Milliseconds the holder must wait from time t (ms) before acting: 0 means now, InfDuration never. */
  delayFrom(t: number): number {
    if (!this.ok) return InfDuration;
    const delay = sub(this.timeToAct, toNanos(t));
    if (delay < 0) return 0;
    return toMillis(delay);
  }

  /**
   * The holder will not act: give back what tokens can be given back at time t (ms), minus
   * those reserved after this reservation.
   */
  cancelAt(tMs: number): void {
    if (!this.ok) return;
    const t = toNanos(tMs);
    const lim = this.lim.state;
    if (lim.limit === Inf || this.tokens === 0 || this.timeToAct < t) return;

    // The tokens reserved after this reservation (lastEvent - timeToAct) are not restored.
    const restoreTokens = this.tokens - tokensFromDuration(this.limit, sub(lim.lastEvent, this.timeToAct));
    if (restoreTokens <= 0) return;
    let tokens = this.lim.advance(t);
    tokens += restoreTokens;
    const burst = lim.burst;
    if (tokens > burst) tokens = burst;
    lim.last = t;
    lim.tokens = tokens;
    if (this.timeToAct === lim.lastEvent) {
      const prevEvent = this.timeToAct + durationFromTokens(this.limit, -this.tokens);
      if (!(prevEvent < t)) lim.lastEvent = prevEvent;
    }
  }
}

interface LimiterState {
  limit: Limit;
  burst: number;
  tokens: number;
  /** When tokens was last updated (ns); -Infinity is Go's zero time. */
  last: number;
  /** The latest time of a rate-limited event, past or future (ns). */
  lastEvent: number;
}

/**
 * A token bucket of size burst, full at the start and refilled at limit tokens per second.
 * `new Limiter()` (the zero value) rejects all events, as in Go.
 */
export class Limiter {
  /** @internal the fields of Go's Limiter; Reservation.cancelAt updates them. */
  readonly state: LimiterState;

  constructor(limit: Limit = 0, burst = 0) {
    this.state = { limit, burst, tokens: burst, last: -Infinity, lastEvent: -Infinity };
  }

  limit(): Limit {
    return this.state.limit;
  }

  burst(): number {
    return this.state.burst;
  }

  /** The tokens available at time t (ms). Does not change the limiter. */
  tokensAt(t: number): number {
    return this.advance(toNanos(t));
  }

  /** Whether n events may happen at time t (ms); if so, their tokens are taken. */
  allowN(t: number, n: number): boolean {
    return this.reserve(toNanos(t), n, 0).ok;
  }

  /** allowN(t, 1) */
  allow(t: number): boolean {
    return this.allowN(t, 1);
  }

  /** A reservation for n events at time t (ms); not OK only when n exceeds the burst. */
  reserveN(t: number, n: number): Reservation {
    return this.reserve(toNanos(t), n, InfDuration);
  }

  /** Sets a new Limit at time t (ms); the tokens accumulated so far are kept. */
  setLimitAt(t: number, newLimit: Limit): void {
    const now = toNanos(t);
    const tokens = this.advance(now);
    this.state.last = now;
    this.state.tokens = tokens;
    this.state.limit = newLimit;
  }

  /** Sets a new burst size at time t (ms). */
  setBurstAt(t: number, newBurst: number): void {
    const now = toNanos(t);
    const tokens = this.advance(now);
    this.state.last = now;
    this.state.tokens = tokens;
    this.state.burst = newBurst;
  }

  /** reserveN in rate.go: maxFutureReserve is the longest wait (ns) the caller accepts. */
  private reserve(t: number, n: number, maxFutureReserve: number): Reservation {
    const lim = this.state;
    if (lim.limit === Inf) return new Reservation(true, this, n, t, 0);

    let tokens = this.advance(t);
    // The tokens left after this request; below zero, the caller must wait for them.
    tokens -= n;
    let waitDuration = 0;
    if (tokens < 0) waitDuration = durationFromTokens(lim.limit, -tokens);

    const ok = n <= lim.burst && waitDuration <= maxFutureReserve;
    if (!ok) return new Reservation(false, this, 0, 0, lim.limit);
    const timeToAct = t + waitDuration;
    lim.last = t;
    lim.tokens = tokens;
    lim.lastEvent = timeToAct;
    return new Reservation(true, this, n, timeToAct, lim.limit);
  }

  /** @internal the tokens at time t (ns) after the refill since last, capped at burst; the limiter is not changed. */
  advance(t: number): number {
    const lim = this.state;
    let last = lim.last;
    if (t < last) last = t;
    const elapsed = sub(t, last);
    const delta = tokensFromDuration(lim.limit, elapsed);
    let tokens = lim.tokens + delta;
    const burst = lim.burst;
    if (tokens > burst) tokens = burst;
    return tokens;
  }
}
