import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BackgroundTask, FlightRecorder, Tracer, noopRegion, type TraceEvent } from '../../../playgrounds/trace-regions/runtimetrace';
import { analyse, countsLine, duration, latencyHistogram, logsByCategory, regionStats, taskStats } from '../../../playgrounds/trace-regions/analysis';
import { Mutex, RWMutex, WaitGroup } from '../../../playgrounds/trace-regions/sync';

function manual(start = 0) {
  let t = start;
  return { now: () => t, set: (ms: number) => (t = ms), advance: (ms: number) => (t += ms) };
}

describe('runtime/trace model: the annotation API (annotation.go)', () => {
  it('newTask allocates an ID even with tracing off, but emits nothing', () => {
    const tracer = new Tracer(manual());
    const { task } = tracer.newTask(tracer.background(), 'checkout');
    assert.equal(task.id, 1);
    const events = tracer.start();
    const { task: second } = tracer.newTask(tracer.background(), 'checkout');
    assert.equal(second.id, 2, 'one counter, whether tracing or not');
    assert.deepEqual(events.map((e) => e.kind), ['taskBegin']);
  });

  it('a task made from a context that carries one is its child', () => {
    const tracer = new Tracer(manual());
    const events = tracer.start();
    const { ctx } = tracer.newTask(tracer.background(), 'checkout');
    tracer.newTask(ctx, 'payment');
    const begins = events.filter((e) => e.kind === 'taskBegin');
    assert.deepEqual(begins.map((e) => [e.task, e.parent, e.type]), [
      [1, BackgroundTask, 'checkout'],
      [2, 1, 'payment'],
    ]);
  });

  it('startRegion is a shared no-op while tracing is off', () => {
    const tracer = new Tracer(manual());
    const region = tracer.startRegion(tracer.background(), 'x');
    assert.equal(region, noopRegion);
    const events = tracer.start();
    region.end();
    assert.equal(events.length, 0, 'ending the no-op region emits nothing, even once tracing is on');
  });

  it('withRegion emits begin and end around fn, even when fn throws, on the caller\'s goroutine', async () => {
    const clock = manual();
    const tracer = new Tracer(clock);
    const events = tracer.start();
    const { ctx } = tracer.newTask(tracer.background(), 't');
    await assert.rejects(
      tracer.withRegion(ctx, 'work', () => {
        clock.advance(5);
        throw new Error('boom');
      }),
      /boom/,
    );
    const [begin, end] = events.filter((e) => e.kind === 'regionBegin' || e.kind === 'regionEnd');
    assert.deepEqual([begin!.kind, begin!.t, begin!.g, end!.kind, end!.t, end!.g], ['regionBegin', 0, 1, 'regionEnd', 5, 1]);
  });

  it('go() runs fn on a new goroutine with the same task', async () => {
    const tracer = new Tracer(manual());
    const events = tracer.start();
    const { ctx } = tracer.newTask(tracer.background(), 't');
    const gs = await Promise.all([1, 2].map(() => tracer.go(ctx, async (g) => {
      tracer.startRegion(g, 'child').end();
      return g.g;
    })));
    assert.deepEqual(gs, [2, 3]);
    assert.deepEqual(events.filter((e) => e.kind === 'regionBegin').map((e) => [e.g, e.task]), [[2, 1], [3, 1]]);
  });

  it('log attaches to the context\'s task, or the background task; logf formats only while tracing', () => {
    const tracer = new Tracer(manual());
    let formatted = 0;
    const format = () => {
      formatted++;
      return 'expensive';
    };
    tracer.logf(tracer.background(), 'c', format);
    assert.equal(formatted, 0);
    const events = tracer.start();
    tracer.log(tracer.background(), 'startup', 'hello');
    const { ctx } = tracer.newTask(tracer.background(), 't');
    tracer.logf(ctx, 'c', format);
    assert.equal(formatted, 1);
    const logs = events.filter((e) => e.kind === 'log');
    assert.deepEqual(logs.map((e) => [e.task, e.category, e.message]), [
      [BackgroundTask, 'startup', 'hello'],
      [1, 'c', 'expensive'],
    ]);
  });

  it('isEnabled while trace.Start or a flight recorder consumes the trace', () => {
    const tracer = new Tracer(manual());
    assert.equal(tracer.isEnabled(), false);
    tracer.start();
    assert.throws(() => tracer.start(), /already enabled/);
    tracer.stop();
    assert.equal(tracer.isEnabled(), false);
    const fr = new FlightRecorder(tracer, {}, { bytesPerSecond: 1e6 });
    fr.start();
    assert.equal(tracer.isEnabled(), true);
    fr.stop();
    assert.equal(tracer.isEnabled(), false);
  });
});

describe('trace analysis: grouped like go tool trace\'s user-defined tasks and regions', () => {
  const ev = (events: Partial<TraceEvent>[]): TraceEvent[] => events as TraceEvent[];

  it('a task lasts from its begin to its first end', () => {
    const a = analyse(ev([
      { kind: 'taskBegin', t: 10, g: 1, task: 1, parent: 0, type: 'checkout' },
      { kind: 'taskEnd', t: 30, g: 1, task: 1 },
      { kind: 'taskEnd', t: 90, g: 1, task: 1 },
    ]));
    assert.equal(duration(a.tasks.get(1)!), 20);
  });

  it('regions nest per goroutine; an end closes the innermost open region of its type there', () => {
    const a = analyse(ev([
      { kind: 'regionBegin', t: 0, g: 1, task: 1, type: 'outer' },
      { kind: 'regionBegin', t: 1, g: 2, task: 1, type: 'inner' }, // another goroutine
      { kind: 'regionBegin', t: 2, g: 1, task: 1, type: 'inner' },
      { kind: 'regionEnd', t: 5, g: 1, task: 1, type: 'inner' },
      { kind: 'regionEnd', t: 7, g: 2, task: 1, type: 'inner' },
      { kind: 'regionEnd', t: 9, g: 1, task: 1, type: 'outer' },
    ]));
    assert.deepEqual(a.regions.map((r) => [r.type, r.g, r.depth, duration(r)]), [
      ['outer', 1, 0, 9],
      ['inner', 2, 0, 6],
      ['inner', 1, 1, 3],
    ]);
  });

  it('what began before the trace has no type (a task) or no start (a region), and no duration', () => {
    const a = analyse(ev([
      { kind: 'regionEnd', t: 3, g: 4, task: 7, type: 'priceItem' },
      { kind: 'taskEnd', t: 5, g: 4, task: 7 },
    ]));
    const task = a.tasks.get(7)!;
    assert.equal(task.type, '');
    assert.equal(duration(task), undefined);
    assert.equal(duration(a.regions[0]!), undefined);
    assert.deepEqual(taskStats(a), [{ type: '', count: 1, total: 0, max: 0 }]);
    assert.equal(countsLine(taskStats(a)), '(unknown) 1');
  });

  it('counts, totals and maxima per type; logs per category; the latency histogram\'s buckets', () => {
    const events: Partial<TraceEvent>[] = [];
    [50, 99, 100, 250, 400].forEach((d, i) => {
      events.push({ kind: 'taskBegin', t: 0, g: 1, task: i + 1, parent: 0, type: 'checkout' });
      events.push({ kind: 'regionBegin', t: 0, g: 1, task: i + 1, type: 'charge' });
      events.push({ kind: 'regionEnd', t: d / 2, g: 1, task: i + 1, type: 'charge' });
      events.push({ kind: 'log', t: 1, g: 1, task: i + 1, category: 'payment', message: i === 3 ? 'declined' : 'approved' });
      events.push({ kind: 'taskEnd', t: d, g: 1, task: i + 1 });
    });
    const a = analyse(ev(events));
    assert.deepEqual(taskStats(a), [{ type: 'checkout', count: 5, total: 899, max: 400 }]);
    assert.deepEqual(regionStats(a), [{ type: 'charge', count: 5, total: 449.5, max: 200 }]);
    assert.deepEqual([...logsByCategory(a).get('payment')!], [['approved', 4], ['declined', 1]]);
    assert.deepEqual(latencyHistogram(a, 'checkout', [100, 200, 300]), [2, 1, 1, 1], '100 ms goes in 100-200, not <100');
  });
});

describe('flight recorder model (flightrecorder.go, recorder.go)', () => {
  it('one recorder at a time; no snapshot while off; a second WriteTo during the first fails', async () => {
    const clock = manual();
    const tracer = new Tracer(clock);
    const fr = new FlightRecorder(tracer, {}, { bytesPerSecond: 1e6 });
    await assert.rejects(fr.writeTo(() => {}), /cannot snapshot a disabled flight recorder/);
    fr.start();
    assert.throws(() => fr.start(), /cannot enable a enabled flight recorder/);
    assert.throws(() => new FlightRecorder(tracer, {}, { bytesPerSecond: 1 }).start(), /already enabled/);
    let release!: () => void;
    const first = fr.writeTo(() => new Promise<void>((resolve) => (release = resolve)));
    await assert.rejects(fr.writeTo(() => {}), /already in progress/);
    release();
    assert.equal(typeof (await first), 'number');
    await fr.writeTo(() => {}); // free again
  });

  it('keeps the newest generation and older ones until the kept size passes MaxBytes (the one that crosses stays)', async () => {
    const clock = manual();
    const tracer = new Tracer(clock);
    const fr = new FlightRecorder(tracer, { maxBytes: 2.5e6, minAgeMs: 60_000 }, { bytesPerSecond: 1e6 });
    fr.start();
    clock.set(5500);
    await fr.writeTo(() => {});
    // the flush ends a 0.5 MB generation at 5.5 s; then 1 MB ones: 1.5, 2.5 (not over yet), 3.5 (over): stop
    assert.deepEqual(fr.kept().map((g) => [g.minTime, g.size]), [
      [2000, 1e6],
      [3000, 1e6],
      [4000, 1e6],
      [5000, 0.5e6],
    ]);
  });

  it('keeps older generations only while the window reaches back no further than MinAge', () => {
    const clock = manual();
    const tracer = new Tracer(clock);
    const fr = new FlightRecorder(tracer, { minAgeMs: 1500 }, { bytesPerSecond: 1e6 });
    fr.start();
    clock.set(5000);
    // at 5 s: keep [4 s, 5 s); it reaches back 1 s <= 1.5 s, so add [3 s, 4 s); now 2 s > 1.5 s: stop
    assert.deepEqual(fr.kept().map((g) => g.minTime), [3000, 4000]);
  });

  it('defaults: 10 MiB and 10 s; at 10 MB/s the bytes win and the window holds about a second', () => {
    const clock = manual();
    const tracer = new Tracer(clock);
    const fr = new FlightRecorder(tracer, {}, { bytesPerSecond: 10e6 });
    fr.start();
    clock.set(20_000);
    assert.deepEqual(fr.kept().map((g) => g.minTime), [18_000, 19_000], '10 MB, then 20 MB > 10 MiB: two generations');
    const slow = new FlightRecorder(new Tracer(clock), {}, { bytesPerSecond: 1000 });
    clock.set(0);
    slow.start();
    clock.set(20_000);
    assert.equal(slow.kept().length, 11, 'at 1 kB/s, MinAge decides: 10 s back, plus the generation that crosses it');
  });

  it('a snapshot holds only its window: a task that began before it has no type', async () => {
    const clock = manual();
    const tracer = new Tracer(clock);
    const fr = new FlightRecorder(tracer, { minAgeMs: 1000 }, { bytesPerSecond: 1 });
    fr.start();
    const { ctx, task } = tracer.newTask(tracer.background(), 'checkout');
    clock.set(3500);
    tracer.log(ctx, 'cart', '42');
    task.end();
    let window: TraceEvent[] = [];
    await fr.writeTo((events) => void (window = events));
    const snap = analyse(window);
    assert.equal(snap.tasks.get(task.id)!.type, '');
    assert.equal(snap.tasks.get(task.id)!.logs[0]!.message, '42');
  });
});

describe('sync model', () => {
  it('Mutex: one holder at a time, waiters in order', async () => {
    const mu = new Mutex();
    const order: number[] = [];
    await mu.lock();
    const waiters = [1, 2].map(async (n) => {
      await mu.lock();
      order.push(n);
      mu.unlock();
    });
    await Promise.resolve();
    assert.deepEqual(order, []);
    mu.unlock();
    await Promise.all(waiters);
    assert.deepEqual(order, [1, 2]);
    assert.throws(() => mu.unlock(), /unlock of unlocked mutex/);
  });

  it('RWMutex: readers share; a waiting writer keeps new readers out', async () => {
    const rw = new RWMutex();
    await rw.rLock();
    await rw.rLock();
    const events: string[] = [];
    const writer = rw.lock().then(() => events.push('writer'));
    const reader = rw.rLock().then(() => events.push('late reader'));
    rw.rUnlock();
    rw.rUnlock();
    await writer;
    assert.deepEqual(events, ['writer']);
    rw.unlock();
    await reader;
    assert.deepEqual(events, ['writer', 'late reader']);
  });

  it('WaitGroup.go and wait', async () => {
    const wg = new WaitGroup();
    let done = 0;
    for (let i = 0; i < 3; i++) wg.go(async () => void done++);
    await wg.wait();
    assert.equal(done, 3);
  });
});
