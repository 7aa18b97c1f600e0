import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CircuitBreaker, ErrOpenState, ErrTooManyRequests, type Settings, type State } from '../../../playgrounds/circuit-breaker/breaker';
import { deferred, manualClock } from './helpers';

const boom = new Error('dependency failed');
const ok = (): Promise<string> => Promise.resolve('ok');
const failing = (): Promise<never> => Promise.reject(boom);

/** Runs req and returns its error, or undefined. */
async function outcome(cb: CircuitBreaker, req: () => Promise<unknown>): Promise<unknown> {
  try {
    await cb.execute(req);
    return undefined;
  } catch (err) {
    return err;
  }
}

function breaker(settings: Settings = {}) {
  const clock = manualClock(1000);
  const changes: Array<[string, State, State]> = [];
  const cb = new CircuitBreaker({ now: clock.now, onStateChange: (name, from, to) => changes.push([name, from, to]), ...settings });
  return { cb, clock, changes };
}

async function trip(cb: CircuitBreaker, failures = 6): Promise<void> {
  for (let i = 0; i < failures; i++) await outcome(cb, failing);
}

describe('breaker port: errors and defaults', () => {
  it('exports gobreaker\'s errors', () => {
    assert.equal(ErrOpenState.message, 'circuit breaker is open');
    assert.equal(ErrTooManyRequests.message, 'too many requests');
  });

  it('starts closed, with zero counts and its name', () => {
    const { cb } = breaker({ name: 'ads' });
    assert.equal(cb.name(), 'ads');
    assert.equal(cb.state(), 'closed');
    assert.deepEqual(cb.counts(), { requests: 0, totalSuccesses: 0, totalFailures: 0, consecutiveSuccesses: 0, consecutiveFailures: 0 });
    assert.equal(new CircuitBreaker().name(), '');
  });

  it('resolves to the value of a successful request and counts it', async () => {
    const { cb } = breaker();
    assert.equal(await cb.execute(ok), 'ok');
    assert.deepEqual(cb.counts(), { requests: 1, totalSuccesses: 1, totalFailures: 0, consecutiveSuccesses: 1, consecutiveFailures: 0 });
  });

  it('counts a failure, then rethrows the very same error', async () => {
    const { cb } = breaker();
    assert.equal(await outcome(cb, failing), boom);
    assert.equal(
      await outcome(cb, () => {
        throw boom;
      }),
      boom,
      'a synchronous throw too',
    );
    assert.deepEqual(cb.counts(), { requests: 2, totalSuccesses: 0, totalFailures: 2, consecutiveSuccesses: 0, consecutiveFailures: 2 });
  });

  it('by default trips after more than 5 consecutive failures', async () => {
    const { cb, changes } = breaker({ name: 'ads' });
    await trip(cb, 5);
    assert.equal(cb.state(), 'closed');
    await outcome(cb, ok); // a success resets the consecutive failures
    await trip(cb, 5);
    assert.equal(cb.state(), 'closed');
    await outcome(cb, failing);
    assert.equal(cb.state(), 'open');
    assert.deepEqual(changes, [['ads', 'closed', 'open']]);
  });

  it('rejects at once with ErrOpenState while open, without running the request', async () => {
    const { cb } = breaker();
    await trip(cb);
    let ran = false;
    const err = await outcome(cb, async () => {
      ran = true;
    });
    assert.equal(err, ErrOpenState);
    assert.equal(ran, false);
  });

  it('stays open for 60 s by default, then goes half-open', async () => {
    const { cb, clock, changes } = breaker();
    await trip(cb);
    clock.advance(60_000);
    assert.equal(cb.state(), 'open', 'the expiry must be passed, not reached');
    clock.advance(1);
    assert.equal(cb.state(), 'half-open');
    assert.deepEqual(changes.at(-1)?.slice(1), ['open', 'half-open']);
  });

  it('maxRequests 0 means 1: half-open lets one request through, the next gets ErrTooManyRequests', async () => {
    const { cb, clock } = breaker({ maxRequests: 0, timeout: 100 });
    await trip(cb);
    clock.advance(101);
    const probe = deferred<string>();
    const first = cb.execute(() => probe.promise);
    assert.equal(await outcome(cb, ok), ErrTooManyRequests);
    probe.resolve('fine');
    assert.equal(await first, 'fine');
    assert.equal(cb.state(), 'closed');
  });
});

describe('breaker port: half-open', () => {
  it('closes after maxRequests consecutive successes, with the counts cleared', async () => {
    const { cb, clock, changes } = breaker({ maxRequests: 3, timeout: 1000 });
    await trip(cb);
    clock.advance(1001);
    await cb.execute(ok);
    await cb.execute(ok);
    assert.equal(cb.state(), 'half-open');
    assert.equal(cb.counts().consecutiveSuccesses, 2);
    await cb.execute(ok);
    assert.equal(cb.state(), 'closed');
    assert.deepEqual(cb.counts(), { requests: 0, totalSuccesses: 0, totalFailures: 0, consecutiveSuccesses: 0, consecutiveFailures: 0 });
    assert.deepEqual(
      changes.map(([, from, to]) => `${from}->${to}`),
      ['closed->open', 'open->half-open', 'half-open->closed'],
    );
  });

  it('allows maxRequests requests at once and rejects the rest with ErrTooManyRequests', async () => {
    const { cb, clock } = breaker({ maxRequests: 2, timeout: 1000 });
    await trip(cb);
    clock.advance(1001);
    const gates = [deferred<string>(), deferred<string>()];
    const probes = gates.map((gate) => cb.execute(() => gate.promise));
    assert.equal(await outcome(cb, ok), ErrTooManyRequests);
    gates.forEach((gate) => gate.resolve('ok'));
    await Promise.all(probes);
    assert.equal(cb.state(), 'closed');
  });

  it('opens again on any failure, for another timeout', async () => {
    const { cb, clock, changes } = breaker({ maxRequests: 3, timeout: 1000 });
    await trip(cb);
    clock.advance(1001);
    await cb.execute(ok);
    await outcome(cb, failing);
    assert.equal(cb.state(), 'open');
    clock.advance(1000);
    assert.equal(cb.state(), 'open');
    clock.advance(1);
    assert.equal(cb.state(), 'half-open');
    assert.deepEqual(
      changes.map(([, , to]) => to),
      ['open', 'half-open', 'open', 'half-open'],
    );
  });
});

describe('breaker port: counts, intervals and generations', () => {
  it('with interval 0 never clears the counts while closed', async () => {
    const { cb, clock } = breaker();
    await outcome(cb, failing);
    clock.advance(10 * 60_000);
    await outcome(cb, failing);
    assert.equal(cb.counts().totalFailures, 2);
  });

  it('with an interval clears the counts once it has passed, cyclically', async () => {
    const { cb, clock } = breaker({ interval: 1000 });
    await outcome(cb, failing);
    await outcome(cb, failing);
    clock.advance(1000);
    assert.equal(cb.counts().totalFailures, 2, 'not before the interval has passed');
    clock.advance(1);
    await outcome(cb, failing);
    assert.deepEqual(cb.counts(), { requests: 1, totalSuccesses: 0, totalFailures: 1, consecutiveSuccesses: 0, consecutiveFailures: 1 });
    clock.advance(1001);
    await outcome(cb, ok);
    assert.equal(cb.counts().totalFailures, 0, 'cleared again one interval later');
  });

  it('ignores the outcome of a request that started before the counts were cleared', async () => {
    const { cb, clock } = breaker({ interval: 1000 });
    const slow = deferred<string>();
    const started = cb.execute(() => slow.promise).catch((err: unknown) => err);
    clock.advance(1001);
    await cb.execute(ok); // a new generation begins
    slow.reject(boom);
    assert.equal(await started, boom, 'the caller still gets its error');
    assert.deepEqual(cb.counts(), { requests: 1, totalSuccesses: 1, totalFailures: 0, consecutiveSuccesses: 1, consecutiveFailures: 0 });
  });

  it('does not let a request from before the breaker opened close it', async () => {
    const { cb, clock } = breaker({ timeout: 1000 });
    const old = deferred<string>();
    const oldRequest = cb.execute(() => old.promise);
    await trip(cb);
    clock.advance(1001);
    assert.equal(cb.state(), 'half-open');
    old.resolve('late');
    await oldRequest;
    assert.equal(cb.state(), 'half-open');
    assert.equal(cb.counts().totalSuccesses, 0);
  });

  it('calls readyToTrip with a copy of the counts on every failure while closed', async () => {
    const seen: number[] = [];
    const { cb } = breaker({
      readyToTrip: (counts) => {
        seen.push(counts.totalFailures);
        counts.totalFailures = 99; // a copy: this must not leak into the breaker
        return counts.requests >= 3 && counts.consecutiveFailures >= 2;
      },
    });
    await outcome(cb, failing);
    await outcome(cb, ok);
    await outcome(cb, failing);
    assert.equal(cb.state(), 'closed');
    await outcome(cb, failing);
    assert.equal(cb.state(), 'open');
    assert.deepEqual(seen, [1, 2, 3]);
  });

  it('lets isSuccessful count an error as a success; the error still reaches the caller', async () => {
    const notFound = new Error('404');
    const { cb } = breaker({ isSuccessful: (err) => err == null || err === notFound });
    const err = await outcome(cb, () => Promise.reject(notFound));
    assert.equal(err, notFound);
    assert.deepEqual(cb.counts(), { requests: 1, totalSuccesses: 1, totalFailures: 0, consecutiveSuccesses: 1, consecutiveFailures: 0 });
  });

  it('asks isSuccessful about successes too, with no error', async () => {
    const seen: unknown[] = [];
    const { cb } = breaker({
      isSuccessful: (err) => {
        seen.push(err);
        return false;
      },
    });
    await cb.execute(ok);
    assert.deepEqual(seen, [undefined]);
    assert.equal(cb.counts().totalFailures, 1);
  });
});
