import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Canceled, Group, withContext } from '../../../playgrounds/errgroup/errgroup';
import { deferred, isSettled, settle } from './helpers';

describe('errgroup port: Group.wait', () => {
  it('waits for every task and resolves to undefined when none fails', async () => {
    const g = new Group();
    const finished: number[] = [];
    const gates = [deferred(), deferred(), deferred()];
    gates.forEach((gate, i) => void g.go(async () => {
      await gate.promise;
      finished.push(i);
    }));
    const waiting = g.wait();
    gates[0]!.resolve();
    gates[2]!.resolve();
    assert.equal(await isSettled(waiting), false, 'wait must not return while a task runs');
    gates[1]!.resolve();
    assert.equal(await waiting, undefined);
    assert.deepEqual(finished.sort(), [0, 1, 2]);
  });

  it('resolves to the first error, after all tasks have returned, and never rejects', async () => {
    const g = new Group();
    const first = new Error('first');
    const second = new Error('second');
    const slow = deferred();
    let slowDone = false;
    const failFirst = deferred();
    const failSecond = deferred();
    void g.go(async () => {
      await failFirst.promise;
      throw first;
    });
    void g.go(async () => {
      await failSecond.promise;
      throw second;
    });
    void g.go(async () => {
      await slow.promise;
      slowDone = true;
    });
    const waiting = g.wait();
    failFirst.resolve();
    await settle();
    failSecond.resolve();
    await settle();
    assert.equal(await isSettled(waiting), false, 'wait still waits for the slow task');
    slow.resolve();
    assert.equal(await waiting, first);
    assert.equal(slowDone, true);
  });

  it('counts a synchronous throw as an error, like a returned error', async () => {
    const g = new Group();
    const boom = new Error('sync');
    void g.go(() => {
      throw boom;
    });
    assert.equal(await g.wait(), boom);
  });

  it('still reports a failure when a task rejects without a reason', async () => {
    const g = new Group();
    void g.go(() => Promise.reject(undefined));
    const err = await g.wait();
    assert.ok(err instanceof Error);
  });

  it('returns at once with no tasks', async () => {
    assert.equal(await new Group().wait(), undefined);
  });

  it('runs a task after go returns, as a goroutine would', async () => {
    const g = new Group();
    let ran = false;
    const started = g.go(() => {
      ran = true;
    });
    assert.equal(ran, false);
    await started;
    await g.wait();
    assert.equal(ran, true);
  });
});

describe('errgroup port: the zero value', () => {
  it('cancels nothing: the other tasks run to the end after an error', async () => {
    const g = new Group();
    const steps: string[] = [];
    const later = deferred();
    void g.go(() => {
      throw new Error('fails at once');
    });
    void g.go(async () => {
      await later.promise;
      steps.push('kept running');
    });
    await settle();
    later.resolve();
    const err = await g.wait();
    assert.equal((err as Error).message, 'fails at once');
    assert.deepEqual(steps, ['kept running']);
  });
});

describe('errgroup port: withContext', () => {
  it('aborts the signal on the first error, with that error as the reason', async () => {
    const { group, signal } = withContext();
    const boom = new Error('boom');
    let observed: unknown;
    void group.go(
      () =>
        new Promise<void>((_, reject) =>
          signal.addEventListener('abort', () => {
            observed = signal.reason;
            reject(signal.reason);
          }),
        ),
    );
    assert.equal(signal.aborted, false);
    void group.go(async () => {
      throw boom;
    });
    const err = await group.wait();
    assert.equal(err, boom);
    assert.equal(signal.aborted, true);
    assert.equal(signal.reason, boom);
    assert.equal(observed, boom, 'the other task saw the cancellation');
  });

  it('keeps the first error as the cause when later tasks fail too', async () => {
    const { group, signal } = withContext();
    const first = new Error('first');
    void group.go(() => {
      throw first;
    });
    void group.go(async () => {
      await settle();
      throw new Error('second');
    });
    await group.wait();
    assert.equal(signal.reason, first);
  });

  it('aborts with Canceled when wait returns without an error', async () => {
    const { group, signal } = withContext();
    void group.go(async () => {});
    assert.equal(await group.wait(), undefined);
    assert.equal(signal.aborted, true);
    assert.equal(signal.reason, Canceled);
    assert.equal(Canceled.message, 'context canceled');
  });

  it('does not abort before wait returns when every task succeeds', async () => {
    const { group, signal } = withContext();
    const gate = deferred();
    void group.go(() => gate.promise);
    await settle();
    assert.equal(signal.aborted, false);
    gate.resolve();
    await group.wait();
    assert.equal(signal.aborted, true);
  });

  it('propagates the parent signal with its reason', async () => {
    const parent = new AbortController();
    const { signal } = withContext(parent.signal);
    const reason = new Error('parent gone');
    assert.equal(signal.aborted, false);
    parent.abort(reason);
    assert.equal(signal.aborted, true);
    assert.equal(signal.reason, reason);
  });

  it('starts aborted under an aborted parent', () => {
    const parent = new AbortController();
    parent.abort(new Error('already'));
    const { signal } = withContext(parent.signal);
    assert.equal(signal.aborted, true);
    assert.equal((signal.reason as Error).message, 'already');
  });
});

describe('errgroup port: setLimit and tryGo', () => {
  it('never runs more tasks than the limit, and go resolves only once its task has started', async () => {
    const g = new Group();
    g.setLimit(2);
    let active = 0;
    let peak = 0;
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: boolean[] = [];
    const goCalls = gates.map((gate, i) =>
      g.go(async () => {
        started[i] = true;
        active++;
        peak = Math.max(peak, active);
        await gate.promise;
        active--;
      }),
    );
    await settle();
    assert.equal(await isSettled(goCalls[0]!), true);
    assert.equal(await isSettled(goCalls[1]!), true);
    assert.equal(await isSettled(goCalls[2]!), false, 'the third go blocks while the group is full');
    assert.equal(started[2], undefined);
    gates[0]!.resolve();
    await settle();
    assert.equal(await isSettled(goCalls[2]!), true, 'a freed slot goes to the first blocked go');
    assert.equal(await isSettled(goCalls[3]!), false);
    gates[1]!.resolve();
    gates[2]!.resolve();
    gates[3]!.resolve();
    await g.wait();
    assert.equal(peak, 2);
    assert.deepEqual(started, [true, true, true, true]);
  });

  it('tryGo reports false when the group is full and true when a slot is free', async () => {
    const g = new Group();
    g.setLimit(1);
    const gate = deferred();
    assert.equal(g.tryGo(() => gate.promise), true);
    let ranSecond = false;
    assert.equal(
      g.tryGo(() => {
        ranSecond = true;
      }),
      false,
    );
    gate.resolve();
    await g.wait();
    assert.equal(ranSecond, false);
    assert.equal(g.tryGo(() => {}), true);
    await g.wait();
  });

  it('without a limit, tryGo always starts the task', async () => {
    const g = new Group();
    const gates = [deferred(), deferred(), deferred()];
    for (const gate of gates) assert.equal(g.tryGo(() => gate.promise), true);
    gates.forEach((gate) => gate.resolve());
    await g.wait();
  });

  it('a negative limit means no limit', async () => {
    const g = new Group();
    g.setLimit(1);
    g.setLimit(-1);
    const gates = [deferred(), deferred(), deferred()];
    const goCalls = gates.map((gate) => g.go(() => gate.promise));
    await settle();
    for (const call of goCalls) assert.equal(await isSettled(call), true);
    gates.forEach((gate) => gate.resolve());
    await g.wait();
  });

  it('a limit of 0 lets no task start: tryGo is false and go never resolves', async () => {
    const g = new Group();
    g.setLimit(0);
    let ran = false;
    assert.equal(
      g.tryGo(() => {
        ran = true;
      }),
      false,
    );
    const blocked = g.go(() => {
      ran = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(await isSettled(blocked), false);
    assert.equal(ran, false);
  });

  it('throws when the limit changes while limited tasks are active, like Go panics', async () => {
    const g = new Group();
    g.setLimit(2);
    const gate = deferred();
    void g.go(() => gate.promise);
    await settle();
    assert.throws(() => g.setLimit(3), /errgroup: modify limit while 1 goroutines in the group are still active/);
    gate.resolve();
    await g.wait();
    assert.doesNotThrow(() => g.setLimit(3));
  });

  it('wait does not return between a finished task and the blocked go it frees', async () => {
    const g = new Group();
    g.setLimit(1);
    const order: string[] = [];
    const first = deferred();
    void g.go(async () => {
      await first.promise;
      order.push('first done');
    });
    void g.go(async () => {
      order.push('second started');
    });
    const waiting = g.wait().then(() => order.push('wait returned'));
    first.resolve();
    await waiting;
    assert.deepEqual(order, ['first done', 'second started', 'wait returned']);
  });

  // A task's done() gives its token back to the group's current semaphore (errgroup.go v0.25.0:
  // `if g.sem != nil { <-g.sem }`), so the order of setLimit and go matters.
  it('setLimit(n) on an unlimited group while tasks run does not throw, and wait never returns', async () => {
    const g = new Group();
    const gates = [deferred(), deferred()];
    let finished = 0;
    for (const gate of gates)
      void g.go(async () => {
        await gate.promise;
        finished++;
      });
    await settle();
    assert.doesNotThrow(() => g.setLimit(2), 'no tokens are held: len(nil) is 0');
    gates.forEach((gate) => gate.resolve());
    const waiting = g.wait();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(finished, 2, 'both functions returned');
    assert.equal(await isSettled(waiting), false, 'their done() waits for a token the new, empty semaphore never had');
  });

  it('a later go() hands its token straight to a stuck done(), starts at once, and gets stuck in turn', async () => {
    const g = new Group();
    const gate = deferred();
    void g.go(() => gate.promise);
    await settle();
    g.setLimit(1);
    gate.resolve();
    await settle();
    let ran = false;
    const started = g.go(() => {
      ran = true;
    });
    assert.equal(await isSettled(started), true, 'a receiver is waiting, so the send completes without blocking');
    assert.equal(ran, true);
    assert.equal(await isSettled(g.wait()), false, 'the new task is stuck in done() the same way');
  });

  it('after setLimit(-1), setLimit(n) while tasks run is accepted too, and wait hangs', async () => {
    const g = new Group();
    g.setLimit(2);
    const gate = deferred();
    void g.go(() => gate.promise);
    await settle();
    g.setLimit(-1);
    assert.doesNotThrow(() => g.setLimit(3));
    gate.resolve();
    assert.equal(await isSettled(g.wait()), false);
  });

  it('setLimit(-1) while tasks run removes the limit, and wait returns', async () => {
    const g = new Group();
    g.setLimit(1);
    const gate = deferred();
    void g.go(() => gate.promise);
    await settle();
    assert.doesNotThrow(() => g.setLimit(-1));
    gate.resolve();
    assert.equal(await g.wait(), undefined);
  });

  it('a go() blocked on the old limit never starts once setLimit(-1) drops that semaphore', async () => {
    const g = new Group();
    g.setLimit(1);
    const gate = deferred();
    void g.go(() => gate.promise);
    let ran = false;
    const blocked = g.go(() => {
      ran = true;
    });
    await settle();
    g.setLimit(-1);
    gate.resolve();
    assert.equal(await g.wait(), undefined, 'wait does not count a task that has not started');
    assert.equal(await isSettled(blocked), false, 'no done() gives a token back to the old semaphore');
    assert.equal(ran, false);
  });

  it('with a limit of 0 set while a task runs, a blocked go() starts when that task\'s done() meets it', async () => {
    const g = new Group();
    const gate = deferred();
    void g.go(() => gate.promise);
    await settle();
    g.setLimit(0); // an unbuffered channel: a send waits for a receive
    let ran = false;
    const blocked = g.go(() => {
      ran = true;
    });
    assert.equal(await isSettled(blocked), false);
    gate.resolve();
    assert.equal(await isSettled(blocked), true, 'the finishing task receives the token the blocked go() sends');
    await settle();
    assert.equal(ran, true);
    assert.equal(await isSettled(g.wait()), false, 'the new task\'s done() waits for a sender that never comes');
  });

  it('still throws when a limit changes while its tokens are held, naming how many', async () => {
    const g = new Group();
    g.setLimit(3);
    const gates = [deferred(), deferred()];
    for (const gate of gates) void g.go(() => gate.promise);
    await settle();
    assert.throws(() => g.setLimit(1), /errgroup: modify limit while 2 goroutines in the group are still active/);
    assert.throws(() => g.setLimit(0), /while 2 goroutines/);
    gates.forEach((gate) => gate.resolve());
    assert.equal(await g.wait(), undefined, 'the throw left the old limit in place');
  });
});
