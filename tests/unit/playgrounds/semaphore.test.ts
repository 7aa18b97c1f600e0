/**
 * The semaphore port (playgrounds/semaphore/semaphore.ts) against golang.org/x/sync/semaphore
 * v0.25.0, rule by rule, with the FIFO figure of the advanced-concurrency article replayed
 * with its exact numbers (content/go/errgroupsemantics/semaphore_test.go does the same with
 * the real package).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newWeighted, type Weighted } from '../../../playgrounds/semaphore/semaphore';
import { isSettled, settle } from './helpers';

/** Starts acquire(signal, n) and records, in order, when each named waiter gets in or fails. */
function tracker() {
  const log: string[] = [];
  const start = (sem: Weighted, name: string, n: number, signal?: AbortSignal): Promise<void> => {
    const p = sem.acquire(signal, n);
    p.then(
      () => log.push(`${name} in`),
      () => log.push(`${name} failed`),
    );
    return p;
  };
  return { log, start };
}

/** Units free, measured the only way the API allows: the largest n that tryAcquire takes (then given back). */
function freeUnits(sem: Weighted, size: number): number {
  for (let n = size; n >= 0; n--) {
    if (sem.tryAcquire(n)) {
      sem.release(n);
      return n;
    }
  }
  return -1; // someone is queued: tryAcquire fails for every n
}

describe('semaphore port: newWeighted and negative weights', () => {
  it('newWeighted panics (throws) on a negative size, and a size of 0 admits only weight 0', () => {
    assert.throws(() => newWeighted(-1), /^Error: semaphore: size < 0$/);
    const none = newWeighted(0);
    assert.equal(none.tryAcquire(1), false);
    assert.equal(none.tryAcquire(0), true);
  });

  it('acquire, tryAcquire and release throw on a negative weight, as v0.25.0 panics; acquire throws at once rather than rejecting', () => {
    const sem = newWeighted(1);
    assert.throws(() => sem.acquire(undefined, -1), /^Error: semaphore: n < 0$/);
    assert.throws(() => sem.tryAcquire(-1), /^Error: semaphore: n < 0$/);
    assert.throws(() => sem.release(-1), /^Error: semaphore: n < 0$/);
    assert.equal(freeUnits(sem, 1), 1, 'the throws changed nothing');
  });
});

describe('semaphore port: acquire', () => {
  it('resolves at once when the units are free and nobody waits, and holds them', async () => {
    const sem = newWeighted(10);
    await sem.acquire(undefined, 7);
    assert.equal(freeUnits(sem, 10), 3);
    sem.release(7);
    assert.equal(freeUnits(sem, 10), 10);
  });

  it('fails at once with an already-aborted signal, even when the units are free (since v0.7.0), and takes nothing', async () => {
    const sem = newWeighted(10);
    const ctx = new AbortController();
    const reason = new Error('context canceled');
    ctx.abort(reason);
    const acquiring = sem.acquire(ctx.signal, 1);
    assert.equal(await isSettled(acquiring), true);
    await assert.rejects(acquiring, (err) => err === reason);
    assert.equal(freeUnits(sem, 10), 10);
  });

  it('a request larger than the size does not queue: it waits for its signal, then rejects, and never blocks smaller ones', async () => {
    const sem = newWeighted(10);
    const ctx = new AbortController();
    const oversized = sem.acquire(ctx.signal, 11);
    await settle();
    assert.equal(await isSettled(oversized), false);
    assert.equal(sem.tryAcquire(10), true, 'nobody is queued: the oversized request is not a waiter');
    sem.release(10);
    const reason = new Error('context deadline exceeded');
    ctx.abort(reason);
    await assert.rejects(oversized, (err) => err === reason);
    assert.equal(freeUnits(sem, 10), 10);
  });

  it('a request larger than the size with no signal (context.Background) never returns', async () => {
    const sem = newWeighted(2);
    const forever = sem.acquire(undefined, 3);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(await isSettled(forever), false);
    assert.equal(freeUnits(sem, 2), 2);
  });

  it('a weight of 0 waits its turn behind queued waiters, like any other', async () => {
    const sem = newWeighted(5);
    await sem.acquire(undefined, 5);
    const { log, start } = tracker();
    start(sem, 'big', 3);
    start(sem, 'zero', 0);
    await settle();
    assert.deepEqual(log, []);
    sem.release(5);
    await settle();
    assert.deepEqual(log, ['big in', 'zero in']);
  });

  it('a waiter that got in ignores its signal afterwards: the units stay held', async () => {
    const sem = newWeighted(4);
    await sem.acquire(undefined, 4);
    const ctx = new AbortController();
    const waiting = sem.acquire(ctx.signal, 3);
    sem.release(4);
    await waiting;
    ctx.abort(new Error('too late'));
    await settle();
    assert.equal(freeUnits(sem, 4), 1);
  });
});

describe('semaphore port: tryAcquire', () => {
  it('takes the units when they fit and nobody waits, and fails without changing anything when they do not fit', () => {
    const sem = newWeighted(10);
    assert.equal(sem.tryAcquire(6), true);
    assert.equal(sem.tryAcquire(5), false);
    assert.equal(sem.tryAcquire(4), true);
    assert.equal(sem.tryAcquire(1), false);
  });

  it('fails while anyone is queued, even when the units are free: it cannot jump the queue', async () => {
    const sem = newWeighted(10);
    await sem.acquire(undefined, 6);
    void sem.acquire(undefined, 5); // queued: 4 free
    await settle();
    assert.equal(sem.tryAcquire(1), false, '4 units are free, but a waiter is queued');
    assert.equal(sem.tryAcquire(0), false, 'even a weight of 0');
    sem.release(6); // the waiter gets in: 5 free, nobody queued
    await settle();
    assert.equal(sem.tryAcquire(5), true);
  });
});

describe('semaphore port: release', () => {
  it('throws when releasing more than is held, and like Go leaves the count broken', async () => {
    const sem = newWeighted(10);
    await sem.acquire(undefined, 3);
    assert.throws(() => sem.release(5), /^Error: semaphore: released more than held$/);
    // Go: cur is now -2, so the semaphore believes 12 of its 10 units are free.
    assert.equal(sem.tryAcquire(12), true);
  });

  it('wakes the waiters at the front that fit, in order, and stops at the first one that does not', async () => {
    const sem = newWeighted(10);
    await sem.acquire(undefined, 10);
    const { log, start } = tracker();
    start(sem, 'w4', 4);
    start(sem, 'w3', 3);
    start(sem, 'w5', 5);
    start(sem, 'w1', 1);
    await settle();
    sem.release(8); // 8 free: w4 and w3 fit (7), w5 does not fit in the 1 left, and w1, which would, waits behind it
    await settle();
    assert.deepEqual(log, ['w4 in', 'w3 in']);
    sem.release(2); // 3 free: w5 still does not fit
    await settle();
    assert.deepEqual(log, ['w4 in', 'w3 in']);
    sem.release(3); // 6 free: w5 then w1
    await settle();
    assert.deepEqual(log, ['w4 in', 'w3 in', 'w5 in', 'w1 in']);
  });
});

describe('semaphore port: FIFO, as in the article\'s figure', () => {
  it('100 units, A holds 40 and B 30; C (50), D (5), E (10), F (20) queue in order; A releases 40: C, D, E take 65 of the 70, and F waits for 15 more', async () => {
    const sem = newWeighted(100);
    await sem.acquire(undefined, 40); // A
    await sem.acquire(undefined, 30); // B
    const { log, start } = tracker();
    start(sem, 'C', 50);
    start(sem, 'D', 5);
    start(sem, 'E', 10);
    start(sem, 'F', 20);
    await settle();
    assert.deepEqual(log, [], '30 free: D and E would fit, but C is at the head and does not');
    assert.equal(sem.tryAcquire(5), false, 'TryAcquire(5) fails with 30 units free: waiters are queued');

    sem.release(40); // A leaves: 70 free
    await settle();
    assert.deepEqual(log, ['C in', 'D in', 'E in'], 'admitted in arrival order, 65 of the 70 units');

    sem.release(5); // 10 free, F wants 20
    await settle();
    assert.deepEqual(log, ['C in', 'D in', 'E in'], '5 more units are not enough');
    sem.release(10); // 15 more than after A's release: 20 free
    await settle();
    assert.deepEqual(log, ['C in', 'D in', 'E in', 'F in'], 'F gets in once 15 more units are released');
    assert.equal(freeUnits(sem, 100), 0, 'F took the last 20');
  });

  it('does not starve a large request: readers that arrive after a queued writer wait behind it', async () => {
    const N = 3;
    const sem = newWeighted(N);
    for (let i = 0; i < N; i++) await sem.acquire(undefined, 1); // N readers hold the lock
    const { log, start } = tracker();
    start(sem, 'writer', N);
    start(sem, 'late reader', 1);
    await settle();
    sem.release(1); // one reader leaves: a unit is free, and the late reader would fit
    await settle();
    assert.deepEqual(log, [], 'the late reader does not overtake the writer');
    sem.release(1);
    sem.release(1);
    await settle();
    assert.deepEqual(log, ['writer in']);
    sem.release(N);
    await settle();
    assert.deepEqual(log, ['writer in', 'late reader in']);
  });
});

describe('semaphore port: a waiter that gives up', () => {
  it('fails with its signal\'s reason, takes nothing, and at the front with units free wakes the waiters behind it that fit (the run 2 numbers)', async () => {
    const sem = newWeighted(100);
    await sem.acquire(undefined, 40); // A
    await sem.acquire(undefined, 30); // B
    const deadline = new AbortController();
    const { log, start } = tracker();
    const c = start(sem, 'C', 50, deadline.signal);
    start(sem, 'D', 5);
    start(sem, 'E', 10);
    start(sem, 'F', 20);
    await settle();
    const reason = new Error('context deadline exceeded');
    deadline.abort(reason);
    await assert.rejects(c, (err) => err === reason);
    await settle();
    assert.deepEqual(log, ['C failed', 'D in', 'E in'], 'D and E fit in the 30 free; F (20) does not fit in the 15 left');
    sem.release(5); // 20 free
    await settle();
    assert.deepEqual(log, ['C failed', 'D in', 'E in', 'F in']);
  });

  it('behind the front, leaves the queue without waking anyone', async () => {
    const sem = newWeighted(10);
    await sem.acquire(undefined, 8);
    const ctx = new AbortController();
    const { log, start } = tracker();
    start(sem, 'head', 5);
    start(sem, 'middle', 2, ctx.signal);
    start(sem, 'tail', 1);
    await settle();
    ctx.abort(new Error('gone'));
    await settle();
    assert.deepEqual(log, ['middle failed'], 'tail fits in the 2 free, but head is still at the front');
    sem.release(8);
    await settle();
    assert.deepEqual(log, ['middle failed', 'head in', 'tail in'], 'the queue goes on without it');
  });

  it('at the front with no units free, leaves without waking anyone, even a waiter of weight 0; the next release does', async () => {
    const sem = newWeighted(4);
    await sem.acquire(undefined, 4);
    const ctx = new AbortController();
    const { log, start } = tracker();
    start(sem, 'first', 4, ctx.signal);
    start(sem, 'zero', 0);
    start(sem, 'third', 2);
    await settle();
    ctx.abort(new Error('gone'));
    await settle();
    // Go wakes the others only `if isFront && s.size > s.cur`: with nothing free, not even a weight of 0.
    assert.deepEqual(log, ['first failed']);
    sem.release(1);
    await settle();
    assert.deepEqual(log, ['first failed', 'zero in'], 'zero is the head now; third (2) does not fit in 1');
    sem.release(1);
    await settle();
    assert.deepEqual(log, ['first failed', 'zero in', 'third in']);
  });

  it('if it is admitted and its signal aborts before it runs, it puts the units back and the next waiter gets them', async () => {
    const sem = newWeighted(5);
    await sem.acquire(undefined, 5);
    const ctx = new AbortController();
    const { log, start } = tracker();
    start(sem, 'first', 5, ctx.signal);
    start(sem, 'second', 5);
    await settle();
    sem.release(5); // first is admitted (its ready channel is closed)...
    ctx.abort(new Error('canceled')); // ...and its context ends before it has seen that
    await settle();
    assert.deepEqual(log, ['first failed', 'second in'], 'Go: "Acquired the semaphore after we were canceled. Pretend we didn\'t"');
    assert.equal(freeUnits(sem, 5), 0);
  });
});
