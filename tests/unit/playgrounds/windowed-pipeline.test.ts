/**
 * The windowed-pipeline playground's ports: Go's math/rand/v2 PCG (against values Go printed),
 * the grabwindow Counter rule by rule, the naive counter's three losses (naive_test.go), and
 * the package's replay tests (window_test.go) on the same seeded stream, with the numbers the
 * article gives for it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PCG, Rand } from '../../../playgrounds/windowed-pipeline/pcg';
import { Counter, MemSink, MemStore, truncate, windowKey, type Event, type Window } from '../../../playgrounds/windowed-pipeline/window';
import { NaiveCounter, NaiveSeen } from '../../../playgrounds/windowed-pipeline/naive';
import { closedBy, oracle, stream, T0 } from '../../../playgrounds/windowed-pipeline/stream';

const MINUTE = 60_000;
const at = (min: number, sec: number): number => T0 + min * MINUTE + sec * 1000;
const TEN: Window = { start: T0 / 1000, cell: 'w21z6' };

function bookings(...ats: number[]): Event[] {
  return ats.map((t, i) => ({ id: String.fromCharCode(0x61 + i), cell: 'w21z6', at: t, logged: t + 1000, offset: i }));
}

const newCounter = (store = new MemStore(), sink = new MemSink()): Counter => new Counter(MINUTE, MINUTE, store, sink);
const totals = (c: Counter): Map<string, number> => (c.sink as MemSink).totals;

/** window_test.go's process: apply in order, flush after every 7th event and at the end. */
function process(c: Counter, events: readonly Event[]): void {
  events.forEach((e, i) => {
    c.apply(e);
    if (i % 7 === 6) c.flush();
  });
  c.flush();
}

const sameMap = (a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

describe('pcg port: math/rand/v2', () => {
  it('PCG.Uint64 gives the values Go prints for NewPCG(1, 2)', () => {
    const p = new PCG(1, 2);
    assert.deepEqual([p.uint64(), p.uint64(), p.uint64()], [14192431797130687760n, 11371241257079532652n, 14470142590855381128n]);
  });

  it('Rand.IntN and Int64N give Go\'s values, powers of two and the rejection path included', () => {
    const r = new Rand(new PCG(2, 42));
    assert.deepEqual(
      [2000, 50000, 20, 4, 5, 3000, 1 << 10, 7, 1000000007].map((n) => r.intN(n)),
      [150, 13146, 1, 2, 2, 2731, 375, 4, 3337363],
    );
    const r2 = new Rand(new PCG(3, 4));
    assert.deepEqual([r2.intN(1999), r2.int64N(1234), r2.int64N(1)], [1762, 1128, 0]);
    assert.throws(() => r2.intN(0), /invalid argument/);
  });
});

describe('window port: Counter', () => {
  it('truncates like Go\'s Time.Truncate: from the zero time, not from 1970', () => {
    assert.equal(truncate(at(0, 34) + 567, MINUTE), T0);
    assert.equal(truncate(T0, 7 * MINUTE), 1796378160000, 'Go: t0.Truncate(7*time.Minute)');
    assert.equal(truncate(T0 - 365 * 60 * 24 * 3_600_000, 7 * MINUTE), -95781900000, 'before 1970 too');
  });

  it('keys a window by its start in Unix seconds, whatever zone the event was stamped in', () => {
    const c = newCounter();
    const e: Event = { id: 'a', cell: 'w21z6', at: at(0, 10), logged: at(0, 11), offset: 0, zone: 'SGT' };
    assert.deepEqual(c.window(e), TEN);
    assert.deepEqual(c.window({ ...e, zone: 'WIB' }), TEN);
    assert.equal(windowKey(TEN), `${T0 / 1000}/w21z6`);
  });

  it('is idempotent: applying an event again, or replaying the log, changes no total', () => {
    const events = bookings(at(0, 10), at(0, 20), at(0, 30), at(2, 30));
    const once = newCounter();
    process(once, events);
    const twice = newCounter();
    process(twice, [...events.slice(0, 3), ...events.slice(0, 3).map((e) => ({ ...e })), events[3]!]);
    assert.deepEqual(totals(twice), totals(once));
    assert.equal(totals(once).get(windowKey(TEN)), 3);
  });

  it('decides lateness from the log time: logged before the window end plus the lateness counts, later is refused', () => {
    const c = newCounter();
    c.apply({ id: 'a', cell: 'w21z6', at: at(0, 58), logged: at(1, 7), offset: 0 }); // counts
    c.apply({ id: 'b', cell: 'w21z6', at: at(0, 59), logged: at(2, 0), offset: 1 }); // exactly at 10:02: refused
    c.apply({ id: 'c', cell: 'w21z6', at: at(0, 30), logged: at(2, 30), offset: 2 }); // refused
    assert.equal(c.late, 2);
    c.apply({ id: 'z', cell: 'w21z7', at: at(3, 0), logged: at(3, 0), offset: 3 });
    c.flush();
    assert.equal(totals(c).get(windowKey(TEN)), 1);
  });

  it('flushes only the windows the watermark (log time minus lateness) has closed, and keeps the rest pending', () => {
    const c = newCounter();
    c.apply({ id: 'a', cell: 'w21z6', at: at(0, 10), logged: at(0, 11), offset: 0 });
    c.apply({ id: 'b', cell: 'w21z6', at: at(1, 10), logged: at(1, 59), offset: 1 });
    c.flush();
    assert.equal(c.watermark(), at(0, 59));
    assert.equal(totals(c).size, 0, 'the 10:00 window ends at 10:01, after the watermark');
    assert.equal(c.commitOffset(), 0, 'the earliest event of an unflushed window');
    c.apply({ id: 'c', cell: 'w21z7', at: at(2, 0), logged: at(2, 0), offset: 2 });
    c.flush();
    assert.equal(totals(c).get(windowKey(TEN)), 1);
    assert.equal(c.commitOffset(), 1, 'now the 10:01 window is the earliest pending');
    assert.equal(c.lastProcessed(), 3);
  });

  it('recomputes a total from the store on every flush, so a second pod writes the full count', () => {
    const store = new MemStore();
    const sink = new MemSink();
    const first = newCounter(store, sink);
    for (const e of bookings(at(0, 10), at(0, 20), at(0, 30))) first.apply(e);
    const second = newCounter(store, sink); // nothing in memory
    second.apply({ id: 'c', cell: 'w21z6', at: at(0, 30), logged: at(0, 31), offset: 2 }); // a redelivery
    second.apply({ id: 'z', cell: 'w21z7', at: at(3, 0), logged: at(3, 0), offset: 3 });
    second.flush();
    assert.equal(sink.totals.get(windowKey(TEN)), 3);
  });
});

describe('naive port: the three losses (naive_test.go)', () => {
  it('a late event for a flushed window overwrites the stored 5 with 1; the fixed version ends at 6 (TestNaiveLateEventOverwritesTheTotal)', () => {
    const events = bookings(at(0, 10), at(0, 20), at(0, 30), at(0, 40), at(0, 50), at(1, 5), at(0, 58));
    events[6]!.logged = at(1, 7);
    const naive = new NaiveCounter(MINUTE, new NaiveSeen());
    const sink = new MemSink();
    let watermark = -Infinity; // the naive pipeline's: the latest event time seen
    for (const e of events) {
      naive.apply(e);
      watermark = Math.max(watermark, e.at);
      naive.flush(watermark, sink);
    }
    assert.equal(sink.totals.get(windowKey(TEN)), 1);
    assert.deepEqual(
      sink.puts.filter((p) => p.key === windowKey(TEN)).map((p) => p.total),
      [5, 1],
      'the sink said 5, then 1',
    );
    const c = newCounter();
    process(c, [...events, { id: 'z', cell: 'w21z7', at: at(3, 0), logged: at(3, 0), offset: 7 }]);
    assert.equal(totals(c).get(windowKey(TEN)), 6);
  });

  it('a crash before the flush leaves dedup markers, so the replay skips everything; the fixed replay writes 5 (TestNaiveReplayAfterACrashSkipsEverything)', () => {
    const events = bookings(at(0, 10), at(0, 20), at(0, 30), at(0, 40), at(0, 50), at(3, 0));
    const seen = new NaiveSeen();
    const first = new NaiveCounter(MINUTE, seen);
    for (const e of events.slice(0, 5)) first.apply(e);
    const second = new NaiveCounter(MINUTE, seen);
    const sink = new MemSink();
    for (const e of events) {
      second.apply(e);
      second.flush(e.at - MINUTE, sink);
    }
    assert.equal(sink.totals.has(windowKey(TEN)), false, 'the window is lost');

    const store = new MemStore();
    const fixedSink = new MemSink();
    const pod1 = newCounter(store, fixedSink);
    process(pod1, events.slice(0, 5));
    assert.equal(pod1.commitOffset(), 0);
    process(newCounter(store, fixedSink), events); // rewind to offset 0
    assert.equal(fixedSink.totals.get(windowKey(TEN)), 5);
  });

  it('one minute stamped in SGT, WIB and UTC is three naive keys and a total of 1; the fixed key gives 3 (TestNaiveTimeZonesSplitAWindow)', () => {
    const events = bookings(at(0, 10), at(0, 20), at(0, 30), at(2, 30));
    events[0]!.zone = 'SGT';
    events[1]!.zone = 'WIB';
    const naive = new NaiveCounter(MINUTE, new NaiveSeen());
    for (const e of events) naive.apply(e);
    assert.equal(naive.held().filter((k) => k === windowKey(TEN)).length, 3);
    const sink = new MemSink();
    naive.flush(at(2, 0), sink);
    assert.equal(sink.totals.get(windowKey(TEN)), 1);
    const c = newCounter();
    process(c, events);
    assert.equal(totals(c).get(windowKey(TEN)), 3);
  });
});

describe('stream port and the replay tests (window_test.go)', () => {
  it('replays the Go tests\' stream event for event', () => {
    const s = stream(2, 2000);
    assert.equal(s.length, 2001);
    const pick = (i: number): string => {
      const e = s[i]!;
      return `${e.id} ${e.cell} ${e.at} ${e.logged} ${e.offset}`;
    };
    // Printed by Go from window_test.go's stream(2, 2000).
    assert.equal(pick(0), 'b0 w21zk 1796378387004 1796378400150 0');
    assert.equal(pick(1), 'b1 w21z6 1796378387303 1796378401971 1');
    assert.equal(pick(2), 'b2 w21zd 1796378396944 1796378403318 2');
    assert.equal(pick(1000), 'b955 w21zd 1796379352285 1796379389128 1000');
    assert.equal(pick(2000), 'b1901 w21zk 1796380359417 1796380396071 2000');
    assert.equal(stream(1, 2000).length, 2001);
  });

  it('a single pass matches the definition, and the stream has late events (TestSinglePassMatchesTheDefinition)', () => {
    const events = stream(1, 2000);
    const c = newCounter();
    process(c, events);
    assert.ok(sameMap(totals(c), closedBy(oracle(events, MINUTE, MINUTE), c.watermark(), MINUTE)));
    assert.ok(c.late > 0);
  });

  it('the naive version gets 67 of 165 windows wrong, 1,159 bookings instead of 1,766: the article\'s numbers (TestNaiveLosesCountsOnTheRandomStream)', () => {
    const events = stream(2, 2000);
    const c = newCounter();
    process(c, events);
    const want = totals(c);
    const naive = new NaiveCounter(MINUTE, new NaiveSeen());
    const sink = new MemSink();
    let logTime = -Infinity;
    for (const e of events) {
      naive.apply(e);
      logTime = Math.max(logTime, e.logged);
      naive.flush(logTime - MINUTE, sink);
    }
    let wrong = 0;
    let total = 0;
    let naiveTotal = 0;
    for (const [w, n] of want) {
      const got = sink.totals.get(w) ?? 0;
      if (got !== n) wrong++;
      total += n;
      naiveTotal += got;
    }
    assert.deepEqual({ wrong, windows: want.size, naiveTotal, total }, { wrong: 67, windows: 165, naiveTotal: 1159, total: 1766 });
  });

  it('a crash anywhere and a restart at or before the committed offset end with the single pass\'s totals, 200 times (TestReplayFromAnEarlierOffsetMatchesASinglePass)', () => {
    const events = stream(2, 2000);
    const single = newCounter();
    process(single, events);
    const want = totals(single);
    const r = new Rand(new PCG(3, 4));
    for (let run = 0; run < 200; run++) {
      const crash = 1 + r.intN(events.length - 1);
      const store = new MemStore();
      const sink = new MemSink();
      const first = newCounter(store, sink);
      process(first, events.slice(0, crash));
      const commit = first.commitOffset();
      const restart = r.int64N(commit + 1); // anywhere up to the committed offset
      process(newCounter(store, sink), events.slice(restart));
      assert.ok(sameMap(sink.totals, want), `crash after ${crash} events, restart at ${restart} (commit ${commit}): totals differ from a single pass`);
    }
  });

  it('committing every offset processed, instead of CommitOffset, loses the window still open at the crash (TestCommittingTooFarLosesOpenWindows)', () => {
    const events: Event[] = [
      { id: 'a', cell: 'w21z6', at: at(0, 10), logged: at(0, 11), offset: 0 },
      { id: 'b', cell: 'w21z6', at: at(0, 20), logged: at(0, 21), offset: 1 },
      { id: 'c', cell: 'w21z6', at: at(0, 30), logged: at(0, 31), offset: 2 },
      { id: 'd', cell: 'w21z7', at: at(5, 0), logged: at(5, 1), offset: 3 },
    ];
    for (const [name, restartAt, want] of [
      ['CommitOffset', (c: Counter) => c.commitOffset(), 3],
      ['last processed', (c: Counter) => c.lastProcessed(), undefined],
    ] as const) {
      const store = new MemStore();
      const sink = new MemSink();
      const first = newCounter(store, sink);
      process(first, events.slice(0, 3)); // the 10:00 window is still open
      process(newCounter(store, sink), events.slice(restartAt(first)));
      assert.equal(sink.totals.get(windowKey(TEN)), want, name);
    }
  });
});
