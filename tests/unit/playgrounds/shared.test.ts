import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { getEventListeners } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VirtualClock, formatElapsed } from '../../../playgrounds/_shared/clock';
import { createRandom } from '../../../playgrounds/_shared/random';
import { sleep } from '../../../playgrounds/_shared/sleep';
import { pad, stripAnsi } from '../../../playgrounds/_shared/term';
import { Channel } from '../../../playgrounds/errgroup/channel';
import { isSettled, settle } from './helpers';

describe('_shared/sleep', () => {
  it('resolves after the time has passed', async () => {
    const started = performance.now();
    await sleep(20);
    assert.ok(performance.now() - started >= 15);
  });

  it('rejects with the signal\'s reason when it aborts, and at once when already aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled');
    const sleeping = sleep(10_000, controller.signal);
    controller.abort(reason);
    await assert.rejects(sleeping, (err) => err === reason);
    await assert.rejects(sleep(10, controller.signal), (err) => err === reason);
  });

  it('leaves no abort listener behind on a long-lived signal', async () => {
    const controller = new AbortController();
    for (let i = 0; i < 20; i++) await sleep(0, controller.signal);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });
});

describe('_shared/clock: VirtualClock', () => {
  it('wakes sleepers in order of time, ties in the order they slept, and moves now() with them', async () => {
    const clock = new VirtualClock({ pace: 0 });
    const order: string[] = [];
    const sleeper = async (name: string, ms: number): Promise<void> => {
      await clock.sleep(ms);
      order.push(`${name}@${clock.now()}`);
    };
    await Promise.all([sleeper('c', 30), sleeper('a', 10), sleeper('b1', 20), sleeper('b2', 20), sleeper('zero', 0)]);
    assert.deepEqual(order, ['zero@0', 'a@10', 'b1@20', 'b2@20', 'c@30']);
  });

  it('lets everything that one instant causes happen before the next instant', async () => {
    const clock = new VirtualClock({ pace: 0 });
    const order: string[] = [];
    await Promise.all([
      (async () => {
        await clock.sleep(10);
        await Promise.resolve();
        await Promise.resolve();
        order.push('chain after 10');
        await clock.sleep(5);
        order.push('15');
      })(),
      (async () => {
        await clock.sleep(11);
        order.push('11');
      })(),
    ]);
    assert.deepEqual(order, ['chain after 10', '11', '15']);
  });

  it('runs virtual time faster than real time with pace 0, and at real pace with pace 1', async () => {
    const fast = new VirtualClock({ pace: 0 });
    let started = performance.now();
    await fast.sleep(60_000);
    assert.equal(fast.now(), 60_000);
    assert.ok(performance.now() - started < 1000);

    const real = new VirtualClock({ pace: 1 });
    started = performance.now();
    await real.sleep(40);
    assert.ok(performance.now() - started >= 35);
  });

  it('rejects a sleep whose signal aborts, and forgets its timer', async () => {
    const clock = new VirtualClock({ pace: 0 });
    const controller = new AbortController();
    const reason = new Error('stop');
    const sleeping = clock.sleep(1000, controller.signal);
    controller.abort(reason);
    await assert.rejects(sleeping, (err) => err === reason);
    await clock.sleep(1);
    assert.equal(clock.now(), 1, 'the aborted timer did not move the clock');
  });

  it('formats elapsed times like +1.235s', () => {
    assert.equal(formatElapsed(1234.5), '+1.235s');
    assert.equal(formatElapsed(0), '+0.000s');
  });
});

describe('_shared/random', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    assert.deepEqual(
      seqA,
      Array.from({ length: 5 }, () => b.next()),
    );
    assert.notDeepEqual(
      seqA,
      Array.from({ length: 5 }, () => c.next()),
    );
  });

  it('keeps int within its bounds and reaches both ends, and picks from the array', () => {
    const r = createRandom(1);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const n = r.int(3, 6);
      assert.ok(n >= 3 && n <= 6 && Number.isInteger(n));
      seen.add(n);
    }
    assert.deepEqual([...seen].sort(), [3, 4, 5, 6]);
    assert.ok(['x', 'y'].includes(r.pick(['x', 'y'])));
    assert.throws(() => r.pick([]));
  });
});

describe('_shared/term', () => {
  it('pads by visible width, ignoring colour codes', () => {
    assert.equal(stripAnsi(pad('\x1b[31mab\x1b[39m', 4)), 'ab  ');
    assert.equal(pad(7, 3, 'right'), '  7');
  });
});

describe('_shared/program: runMain', () => {
  function runScript(body: string): { status: number | null; stderr: string; stdout: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gfg-runmain-'));
    const file = path.join(dir, 'main.ts');
    const program = path.resolve('playgrounds/_shared/program.ts');
    fs.writeFileSync(file, `import { runMain } from ${JSON.stringify(program)};\n${body}\n`);
    try {
      const result = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      return { status: result.status, stderr: result.stderr, stdout: result.stdout };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('exits 1 with the error when main throws, and reports a deadlock like Go when main can never finish', () => {
    const thrown = runScript("runMain(async () => { throw new Error('kaput'); });");
    assert.equal(thrown.status, 1);
    assert.match(thrown.stderr, /Error: kaput/);

    const stuck = runScript('runMain(() => new Promise<void>(() => {}));');
    assert.equal(stuck.status, 2);
    assert.match(stuck.stderr, /fatal error: all goroutines are asleep - deadlock!/);

    const fine = runScript("runMain(async () => { console.log('done'); });");
    assert.equal(fine.status, 0);
    assert.equal(fine.stdout, 'done\n');
  });
});

describe('errgroup/channel: a Go channel', () => {
  it('buffers up to its capacity, then blocks the sender until a receive frees a slot', async () => {
    const ch = new Channel<number>(2);
    await ch.send(1);
    await ch.send(2);
    const third = ch.send(3);
    assert.equal(await isSettled(third), false);
    assert.deepEqual(await ch.recv(), { value: 1, ok: true });
    assert.equal(await isSettled(third), true);
    assert.equal(ch.length, 2);
    assert.deepEqual(await ch.recv(), { value: 2, ok: true });
    assert.deepEqual(await ch.recv(), { value: 3, ok: true });
  });

  it('hands a value straight to a waiting receiver, unbuffered', async () => {
    const ch = new Channel<string>();
    const receiving = ch.recv();
    await ch.send('hi');
    assert.deepEqual(await receiving, { value: 'hi', ok: true });
    const sending = ch.send('blocked');
    assert.equal(await isSettled(sending), false);
    assert.deepEqual(await ch.recv(), { value: 'blocked', ok: true });
    await sending;
  });

  it('after close: drains the buffer, then gives ok=false; waiting receivers wake with ok=false; send fails', async () => {
    const ch = new Channel<number>(1);
    await ch.send(1);
    ch.close();
    assert.deepEqual(await ch.recv(), { value: 1, ok: true });
    assert.deepEqual(await ch.recv(), { value: undefined, ok: false });
    await assert.rejects(ch.send(2), /send on closed channel/);

    const other = new Channel<number>();
    const waiting = other.recv();
    other.close();
    assert.deepEqual(await waiting, { value: undefined, ok: false });
    assert.throws(() => other.close(), /close of closed channel/);
  });

  it('rejects a blocked send or receive with the signal\'s reason when it aborts, and prefers cancellation', async () => {
    const ch = new Channel<number>();
    const controller = new AbortController();
    const reason = new Error('ctx done');
    const receiving = ch.recv(controller.signal);
    controller.abort(reason);
    await assert.rejects(receiving, (err) => err === reason);
    await assert.rejects(ch.send(1, controller.signal), (err) => err === reason);

    const buffered = new Channel<number>(1);
    await buffered.send(5);
    await assert.rejects(buffered.recv(controller.signal), (err) => err === reason, 'a ready value does not beat a done context');
    assert.equal(buffered.length, 1);
    await settle();
  });
});
