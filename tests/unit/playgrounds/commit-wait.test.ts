import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { drawClock, formatMs, Leader, SimSpanner, TrueTimeClock, type ClockParams, type ClockSettings } from '../../../playgrounds/commit-wait/truetime';
import { createRandom } from '../../../playgrounds/_shared/random';

const paper: ClockSettings = { baseUs: 1000, assumedDriftUsPerS: 200, syncEveryUs: 30_000_000, horizonUs: 120_000_000 };

function clock(overrides: Partial<ClockParams> = {}): TrueTimeClock {
  return new TrueTimeClock({
    name: 'X',
    baseUs: 1000,
    assumedDriftUsPerS: 200,
    syncEveryUs: 30_000_000,
    phaseUs: 0,
    driftUsPerS: 0,
    offsetsAtSyncUs: [0, 0, 0, 0, 0],
    ...overrides,
  });
}

/** A clock with a steady ε (no assumed drift) and a fixed error. */
function steady(epsilonUs: number, offsetUs: number): TrueTimeClock {
  return clock({ baseUs: epsilonUs, assumedDriftUsPerS: 0, offsetsAtSyncUs: [offsetUs, offsetUs, offsetUs] });
}

describe('TrueTime model: the interval', () => {
  it('ε is a sawtooth: 1 ms after a poll, plus 200 µs for every second since, back to 1 ms at the next poll', () => {
    const c = clock();
    assert.equal(c.epsilon(0), 1000);
    assert.equal(c.epsilon(10_000_000), 3000);
    assert.equal(c.epsilon(29_999_999), 6999, 'about 7 ms just before the next poll');
    assert.equal(c.epsilon(30_000_000), 1000, 'the poll resets it');
    assert.equal(c.syncIndex(30_000_000), 1);
  });

  it('the phase says how long ago the last poll was at true time 0', () => {
    const c = clock({ phaseUs: 15_000_000 });
    assert.equal(c.sinceSync(0), 15_000_000);
    assert.equal(c.epsilon(0), 4000, 'half-way through the cycle: the paper\'s ε̄ of about 4 ms');
    assert.equal(c.epsilon(15_000_000), 1000);
  });

  it('TT.now() is the clock reading ± ε, and the true time is always inside it', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = createRandom(seed);
      const c = drawClock('R', paper, random);
      for (let i = 0; i < 500; i++) {
        const t = random.int(0, paper.horizonUs);
        const { earliest, latest } = c.now(t);
        assert.equal(latest - earliest, 2 * c.epsilon(t));
        assert.equal((earliest + latest) / 2, c.reading(t));
        assert.ok(earliest <= t && t <= latest, `seed ${seed}, t ${t}: ${earliest} ≤ ${t} ≤ ${latest}`);
      }
    }
  });

  it('TT.after(s) holds once earliest > s, TT.before(s) while latest < s', () => {
    const c = steady(4000, 700); // reading = t + 0.7 ms, ε = 4 ms
    const t = 1_000_000;
    const { earliest, latest } = c.now(t);
    assert.equal(c.after(earliest, t), false, 'earliest itself has not definitely passed');
    assert.equal(c.after(earliest - 1, t), true);
    assert.equal(c.before(latest, t), false);
    assert.equal(c.before(latest + 1, t), true);
  });

  it('firstAfter\'s jumps find the same first microsecond as stepping one at a time, across polls too', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const random = createRandom(seed);
      const c = drawClock('J', { ...paper, baseUs: 2000, horizonUs: 200_000_000 }, random);
      for (let i = 0; i < 30; i++) {
        const from = random.int(0, 150_000_000);
        const s = c.now(from).latest + random.int(-5000, 40_000);
        let slow = from;
        while (!c.after(s, slow)) slow++;
        assert.equal(c.firstAfter(s, from), slow, `seed ${seed}, from ${from}, s ${s}`);
      }
    }
  });

  it('firstAfter finds the first microsecond at which TT.after(s) holds', () => {
    const c = steady(4000, 0);
    const s = c.now(0).latest; // 4000
    const t = c.firstAfter(s, 0);
    assert.equal(t, 8001, 'earliest = t - 4000 must exceed 4000');
    assert.equal(c.after(s, t), true);
    assert.equal(c.after(s, t - 1), false);
  });

  it('refuses clocks whose error could leave the interval', () => {
    assert.throws(() => clock({ driftUsPerS: 201 }), /real drift exceeds the assumed drift/);
    assert.throws(() => clock({ offsetsAtSyncUs: [1001] }), /exceeds ε after a poll/);
    assert.throws(() => clock({ phaseUs: 30_000_000 }), /phase must be in/);
    assert.throws(() => clock({ offsetsAtSyncUs: [0] }).epsilon(31_000_000), /outside the modelled polls/);
  });

  it('drawClock keeps the real drift within half the assumed bound and the error within half of ε after a poll', () => {
    const random = createRandom(9);
    for (let i = 0; i < 50; i++) {
      const c = drawClock('D', paper, random);
      assert.ok(Math.abs(c.params.driftUsPerS) <= 100);
      assert.ok(c.params.offsetsAtSyncUs.every((o) => Math.abs(o) <= 500));
      assert.ok(c.params.phaseUs >= 0 && c.params.phaseUs < paper.syncEveryUs);
      c.epsilon(paper.horizonUs); // polls are modelled to the horizon
    }
  });
});

describe('TrueTime model: leaders and commit wait', () => {
  it('s is TT.now().latest when the commit arrives', () => {
    const c = steady(3000, -400);
    const r = new Leader(c, 'T').commit('k', 5_000_000, 2000, true);
    assert.equal(r.s, c.now(5_000_000).latest);
    assert.equal(r.s, 5_000_000 - 400 + 3000);
    assert.equal(r.epsilonUs, 3000);
  });

  it('timestamps increase monotonically within a leader, even for commits at the same instant', () => {
    const leader = new Leader(steady(3000, 0), 'T');
    const a = leader.commit('a', 1_000_000, 1000, true);
    const b = leader.commit('b', 1_000_000, 1000, true);
    assert.equal(b.s, a.s + 1);
  });

  it('with a steady ε of 4 ms the wait is 2ε, 8 ms, whatever the clock\'s error', () => {
    for (const offset of [-3999, -1000, 0, 2500, 4000]) {
      const r = new Leader(steady(4000, offset), 'T').commit('k', 2_000_000, 1000, true);
      assert.equal(r.waitEndUs - r.arriveUs, 8001, `offset ${offset}: 2ε plus the microsecond that makes earliest > s`);
    }
  });

  it('the wait is at least 2ε at the pick on the paper\'s sawtooth, unless a poll shrinks ε mid-wait', () => {
    let polled = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const random = createRandom(seed);
      const c = drawClock('W', paper, random);
      for (let i = 0; i < 40; i++) {
        // A fresh leader each time: the times are not in order, and a leader's s never goes back.
        const r = new Leader(c, 'T').commit(`k${i}`, random.int(0, paper.horizonUs - 1_000_000), 2000, true);
        if (r.polledDuringWait) {
          polled++;
          continue;
        }
        assert.ok(r.waitEndUs - r.arriveUs >= 2 * r.epsilonUs, `seed ${seed}: waited ${r.waitEndUs - r.arriveUs} < 2ε = ${2 * r.epsilonUs}`);
        assert.ok(r.waitEndUs - r.arriveUs <= 2 * r.epsilonUs + 10, 'and hardly more: ε grows only 200 µs/s during the wait');
      }
    }
    assert.ok(polled < 10, 'a poll inside a ~10 ms wait is rare');
  });

  it('a poll during the wait can end it early: ε drops back to 1 ms', () => {
    const c = clock({ phaseUs: 29_998_000 }); // 2 ms before the next poll, ε = 6.9996 ms
    const r = new Leader(c, 'T').commit('k', 0, 1000, true);
    assert.equal(r.polledDuringWait, true);
    assert.ok(r.waitEndUs - r.arriveUs < 2 * r.epsilonUs);
  });

  it('the reply waits for both Paxos and commit wait, or for Paxos alone without commit wait', () => {
    const quick = new Leader(steady(4000, 0), 'T').commit('k', 0, 1000, true);
    assert.equal(quick.replyUs, quick.waitEndUs, 'a 1 ms Paxos round hides inside an 8 ms wait');
    const slow = new Leader(steady(4000, 0), 'T').commit('k', 0, 20_000, true);
    assert.equal(slow.replyUs, slow.paxosEndUs, 'a 20 ms round (across regions) hides the wait');
    const off = new Leader(steady(4000, 0), 'T').commit('k', 0, 1000, false);
    assert.equal(off.replyUs, off.paxosEndUs);
    assert.equal(off.waitEndUs, quick.waitEndUs, 'TT.after(s) is still computed, for comparison');
  });
});

describe('TrueTime model: external consistency', () => {
  /** T1 on a wide-ε leader running ahead, T2 right after its OK on a narrow-ε leader running behind. */
  function inversionSetup(commitWait: boolean) {
    const wide = new Leader(steady(7000, 3000), 'Friends');
    const narrow = new Leader(steady(1000, -500), 'Photos');
    const db = new SimSpanner([wide, narrow], () => 1500, commitWait);
    db.advanceTo(1_000_000);
    const t1 = db.commit('Friends', 'alice');
    const t2 = db.commit('Photos', 'alice'); // starts the moment T1's client has its OK
    return { db, t1, t2 };
  }

  it('without commit wait, a later transaction on another leader can get the smaller timestamp', () => {
    const { db, t1, t2 } = inversionSetup(false);
    assert.ok(t2.arriveUs >= t1.replyUs, 'T2 started after T1 finished, in true time');
    assert.ok(t2.s < t1.s, `s2 ${t2.s} < s1 ${t1.s}`);
    assert.equal(db.readAt(t2.s, 'Photos', 'alice'), true);
    assert.equal(db.readAt(t2.s, 'Friends', 'alice'), false, 'a read at s2 sees T2 without T1');
  });

  it('with commit wait, the same two transactions are ordered', () => {
    const { db, t1, t2 } = inversionSetup(true);
    assert.ok(t1.s < t2.s);
    assert.equal(db.readAt(t2.s, 'Friends', 'alice'), true);
  });

  it('with commit wait, s1 < s2 for every pair where T2 starts after T1\'s OK (random clocks)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = createRandom(seed);
      const leaders = ['A', 'B', 'C'].map((name, i) => new Leader(drawClock(name, paper, random), `T${i}`));
      const db = new SimSpanner(leaders, () => random.int(500, 5000), true);
      for (let n = 0; n < 20; n++) {
        db.advanceTo(db.now + random.int(0, 3_000_000));
        const a = random.int(0, 2);
        const b = (a + random.int(1, 2)) % 3;
        const t1 = db.commit(`T${a}`, `k${n}`);
        db.advanceTo(db.now + random.int(0, 500));
        const t2 = db.commit(`T${b}`, `k${n}`);
        assert.ok(t1.s < t2.s, `seed ${seed}, pair ${n}: s1 ${t1.s} ≥ s2 ${t2.s}`);
        assert.ok(t1.s < t1.replyUs && t1.replyUs <= t2.arriveUs && t2.arriveUs <= t2.s, 's1 < true reply time ≤ T2 start ≤ s2');
      }
    }
  });

  it('readAt sees a write at or after its timestamp, and nothing for an unknown key', () => {
    const db = new SimSpanner([new Leader(steady(1000, 0), 'T')], () => 1000, true);
    const r = db.commit('T', 'k');
    assert.equal(db.readAt(r.s, 'T', 'k'), true);
    assert.equal(db.readAt(r.s - 1, 'T', 'k'), false);
    assert.equal(db.readAt(r.s, 'T', 'other'), false);
    assert.equal(db.now, r.replyUs, 'commit returns once the client has its OK');
    assert.throws(() => db.commit('Nope', 'k'), /no Paxos group holds table Nope/);
  });

  it('formatMs prints microseconds as milliseconds', () => {
    assert.equal(formatMs(8001), '8.001 ms');
    assert.equal(formatMs(-56), '-0.056 ms');
    assert.equal(formatMs(0), '0.000 ms');
  });
});
