/**
 * rate.ts: a TypeScript port of golang.org/x/time/rate's Limiter (rate.go, x/time v0.15.0),
 * the token bucket main.go uses for API Gateway's throttles.
 *
 * A Limiter has a rate r (tokens per second) and a burst b (the bucket's size), and starts
 * full. Tokens refill continuously at r, never above b; a request takes n tokens. AllowN(t, n)
 * says whether n tokens are there at time t and takes them if so; a refused request changes
 * nothing. ReserveN(t, n) always takes them and says how long to wait until they exist. Read
 * it next to rate.go: the names, the float arithmetic and the order of operations are the
 * same, so a run gives the same answers as the Go original.
 *
 * Go to TypeScript:
 * - time.Time is an integer of nanoseconds (the caller's clock); Go's zero Time, the
 *   limiter's "never", is undefined. time.Duration is nanoseconds too.
 * - The mutex is gone (one thread); Wait, Cancel (and the lastEvent field only Cancel reads)
 *   and the time.Now() conveniences are left out: the demo passes every time explicitly, as
 *   AllowN(t, n) lets a Go program do.
 */

/** Tokens per second. */
export type Limit = number;

/** No limit: every request is allowed (rate.Inf, math.MaxFloat64). */
export const Inf: Limit = Number.MAX_VALUE;

/** time.Duration(math.MaxInt64): "never" (2^63 - 1, which a float64 holds as 2^63). */
export const InfDuration = 2 ** 63;

const Second = 1_000_000_000;

/** rate.Every: the limit for one token every interval nanoseconds. */
export function every(intervalNs: number): Limit {
  if (intervalNs <= 0) return Inf;
  return 1 / seconds(intervalNs);
}

/** time.Duration.Seconds(): whole seconds plus the remainder, as Go computes it. */
function seconds(d: number): number {
  const sec = Math.trunc(d / Second);
  const nsec = d % Second;
  return sec + nsec / 1e9;
}

function durationFromTokens(limit: Limit, tokens: number): number {
  if (limit <= 0) return InfDuration;
  const duration = (tokens / limit) * Second;
  if (duration > InfDuration) return InfDuration;
  return Math.trunc(duration); // time.Duration(float64) truncates toward zero
}

function tokensFromDuration(limit: Limit, d: number): number {
  if (limit <= 0) return 0;
  return seconds(d) * limit;
}

export interface Reservation {
  ok: boolean;
  tokens: number;
  /** When the reserved tokens exist (ns); undefined when not ok. */
  timeToAct: number | undefined;
  limit: Limit;
}

/** How long from t until the reservation may act: 0 if already, InfDuration if it failed. */
export function delayFrom(r: Reservation, t: number): number {
  if (!r.ok) return InfDuration;
  const delay = r.timeToAct! - t;
  return delay < 0 ? 0 : delay;
}

export class Limiter {
  private limitValue: Limit;
  private burstValue: number;
  private tokens: number;
  /** The last time tokens was updated (undefined: Go's zero Time). */
  private last: number | undefined;

  /** rate.NewLimiter(r, b): a full bucket of b tokens refilled at r per second. */
  constructor(r: Limit, b: number) {
    this.limitValue = r;
    this.burstValue = b;
    this.tokens = b;
  }

  limit(): Limit {
    return this.limitValue;
  }

  burst(): number {
    return this.burstValue;
  }

  /** The tokens available at time t. */
  tokensAt(t: number): number {
    return this.advance(t);
  }

  /** Whether n tokens are available at time t; if so they are taken. */
  allowN(t: number, n: number): boolean {
    return this.reserve(t, n, 0).ok;
  }

  /** Takes n tokens at time t, however long they take to exist (unless n > burst). */
  reserveN(t: number, n: number): Reservation {
    return this.reserve(t, n, InfDuration);
  }

  setLimitAt(t: number, newLimit: Limit): void {
    this.tokens = this.advance(t);
    this.last = t;
    this.limitValue = newLimit;
  }

  setBurstAt(t: number, newBurst: number): void {
    this.tokens = this.advance(t);
    this.last = t;
    this.burstValue = newBurst;
  }

  private reserve(t: number, n: number, maxFutureReserve: number): Reservation {
    if (this.limitValue === Inf) return { ok: true, tokens: n, timeToAct: t, limit: this.limitValue };
    let tokens = this.advance(t);
    tokens -= n;
    let waitDuration = 0;
    if (tokens < 0) waitDuration = durationFromTokens(this.limitValue, -tokens);
    const ok = n <= this.burstValue && waitDuration <= maxFutureReserve;
    const r: Reservation = { ok, tokens: 0, timeToAct: undefined, limit: this.limitValue };
    if (ok) {
      r.tokens = n;
      r.timeToAct = t + waitDuration;
      this.last = t;
      this.tokens = tokens;
    }
    return r;
  }

  /** The tokens at time t, without changing the limiter. */
  private advance(t: number): number {
    let last = this.last;
    if (last !== undefined && t < last) last = t;
    const elapsed = last === undefined ? InfDuration : t - last; // t.Sub(zero Time) saturates
    const delta = tokensFromDuration(this.limitValue, elapsed);
    let tokens = this.tokens + delta;
    if (tokens > this.burstValue) tokens = this.burstValue;
    return tokens;
  }
}
