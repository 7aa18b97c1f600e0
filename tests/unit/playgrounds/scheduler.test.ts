/**
 * The scheduler model (playgrounds/scheduler/scheduler.ts), rule by rule against
 * runtime/proc.go in Go 1.27.3, and the demo end to end.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RUNQ_SIZE, Scheduler, type G, type M, type P, type SchedEvent, type Step } from '../../../playgrounds/scheduler/scheduler';
import { createRandom } from '../../../playgrounds/_shared/random';
import { plain } from './helpers';

const cpu = (ms: number): Step => ({ kind: 'cpu', ms });
const done: Step = { kind: 'done' };

function model(gomaxprocs = 4, seed = 1) {
  const events: SchedEvent[] = [];
  const s = new Scheduler({ gomaxprocs, random: createRandom(seed), onEvent: (e) => events.push(e) });
  return { s, events };
}

/** A scheduler with main running on M0/P0 (and nothing else). */
function running(gomaxprocs = 4) {
  const { s, events } = model(gomaxprocs);
  s.start([cpu(1000), done]);
  const m0 = s.allm[0]!;
  const p0 = s.allp[0]!;
  assert.equal(m0.curg?.name, 'main');
  return { s, events, m0, p0 };
}

const gs = (s: Scheduler, n: number): G[] => Array.from({ length: n }, () => s.newG('worker', [cpu(1), done]));

describe('scheduler model: run queues (runqput, runqputslow, runqget)', () => {
  it('runqput with next puts the goroutine in runnext and kicks the old one to the tail of the ring', () => {
    const { s } = model();
    const p = s.allp[1]!;
    const [a, b, c] = gs(s, 3);
    s.runqput(p, a!, true);
    assert.equal(p.runnext, a);
    s.runqput(p, b!, true);
    assert.equal(p.runnext, b);
    assert.deepEqual(s.runqContents(p), [a]);
    s.runqput(p, c!, false);
    assert.deepEqual(s.runqContents(p), [a, c], 'next=false goes to the tail');
  });

  it('a full ring overflows: runqputslow moves the older half (128) plus the new goroutine to the global queue', () => {
    const { s, events } = model();
    const p = s.allp[1]!;
    const all = gs(s, 258);
    for (const g of all.slice(0, 257)) s.runqput(p, g, true);
    assert.equal(s.runqsize(p), RUNQ_SIZE, '256 in the ring and one in runnext: nothing overflowed yet');
    assert.equal(s.globalLength, 0);
    s.runqput(p, all[257]!, true); // kicks all[256] into a full ring
    assert.equal(s.globalLength, 129);
    assert.deepEqual(s.globalContents(), [...all.slice(0, 128), all[256]], 'the oldest 128, then the kicked goroutine, in one batch');
    assert.deepEqual(s.runqContents(p), all.slice(128, 256));
    assert.equal(p.runnext, all[257]);
    assert.deepEqual(events.filter((e) => e.type === 'overflow').map((e) => e.type === 'overflow' && e.moved), [129]);
  });

  it('runqget takes runnext first (inheriting the time slice), then the ring in FIFO order', () => {
    const { s } = model();
    const p = s.allp[1]!;
    const [a, b, c] = gs(s, 3);
    s.runqput(p, a!, false);
    s.runqput(p, b!, false);
    s.runqput(p, c!, true);
    assert.deepEqual(s.runqget(p), { gp: c, inheritTime: true });
    assert.deepEqual(s.runqget(p), { gp: a, inheritTime: false });
    assert.deepEqual(s.runqget(p), { gp: b, inheritTime: false });
    assert.equal(s.runqget(p), null);
    assert.ok(s.runqempty(p));
  });

  it('globrunqgetbatch takes a fair share: min(128, size, size/GOMAXPROCS + 1)', () => {
    const { s } = model(4);
    for (const g of gs(s, 129)) s.globrunqput(g);
    const first = s.globrunqgetbatch(RUNQ_SIZE / 2);
    assert.equal(first.q.length + 1, 33, '129/4 + 1');
    const { s: s2 } = model(1);
    for (const g of gs(s2, 300)) s2.globrunqput(g);
    assert.equal(s2.globrunqgetbatch(RUNQ_SIZE / 2).q.length + 1, 128, 'capped at half the ring');
  });
});

describe('scheduler model: findRunnable', () => {
  it('on a schedtick that is a multiple of 61, takes one goroutine from the global queue before its own runnext', () => {
    const { s, m0, p0 } = running();
    const [local, global] = gs(s, 2);
    s.runqput(p0, local!, true);
    s.globrunqput(global!);
    p0.schedtick = 61;
    assert.deepEqual(s.findRunnable(m0), { gp: global, inheritTime: false, source: 'global (61st tick)' });
    assert.equal(s.stats.fairnessWithLocalWork, 1);
    p0.schedtick = 62;
    s.globrunqput(global!);
    assert.equal(s.findRunnable(m0)?.gp, local, 'on other ticks runnext comes first');
  });

  it('with empty local queues, refills the ring from the global queue', () => {
    const { s, m0, p0 } = running(2);
    p0.schedtick = 1;
    const waiting = gs(s, 10);
    for (const g of waiting) s.globrunqput(g);
    const got = s.findRunnable(m0);
    assert.deepEqual(got, { gp: waiting[0], inheritTime: false, source: 'global' });
    assert.deepEqual(s.runqContents(p0), waiting.slice(1, 6), '10/2 + 1 = 6: one runs, five wait in the ring');
  });

  it('lets an M spin only while fewer than half the busy Ps have a spinning M', () => {
    const { s, m0, p0 } = running(4);
    p0.schedtick = 1;
    // Three Ps idle, P0 busy: 2 × 0 < 1, so M0 may spin; it steals nothing, drops P0 and sleeps.
    assert.equal(s.findRunnable(m0), null);
    assert.equal(s.stats.spinningLimited, 0);
    // Now two busy Ps and one M already spinning: 2 × 1 < 2 fails.
    const { s: t, m0: n0, p0: q0 } = running(4);
    q0.schedtick = 1;
    const spinner = t.newm();
    const p1 = t.pidleget()!;
    t.acquirep(spinner, p1);
    t.becomeSpinning(spinner);
    assert.equal(t.findRunnable(n0), null);
    assert.equal(t.stats.spinningLimited, 1);
    assert.equal(n0.state, 'idle', 'refused spinning, it stops (stopm)');
  });
});

describe('scheduler model: work stealing (runqgrab, runqsteal)', () => {
  it('steals half of the victim\'s ring, rounded up, and runs the last one it took', () => {
    const { s } = model();
    const [thief, victim] = [s.allp[1]!, s.allp[2]!];
    const queued = gs(s, 5);
    for (const g of queued) s.runqput(victim, g, false);
    const gp = s.runqsteal(thief, victim, false);
    assert.equal(gp, queued[2], '5 - 5/2 = 3 stolen; the third runs now');
    assert.deepEqual(s.runqContents(thief), queued.slice(0, 2));
    assert.deepEqual(s.runqContents(victim), queued.slice(3));
  });

  it('takes runnext only on the last pass and only when the ring is empty', () => {
    const { s } = model();
    const [thief, victim] = [s.allp[1]!, s.allp[2]!];
    const [next, queued] = gs(s, 2);
    s.runqput(victim, next!, true);
    assert.equal(s.runqsteal(thief, victim, false), null, 'not before the last pass');
    s.runqput(victim, queued!, false);
    assert.equal(s.runqsteal(thief, victim, true), queued, 'the ring first');
    assert.equal(victim.runnext, next);
  });

  function victimWith(curg: 'running' | 'syscall' | 'in schedule') {
    const { s, events } = model();
    const [thief, victim] = [s.allp[1]!, s.allp[2]!];
    const owner: M = s.newm();
    s.acquirep(owner, victim);
    const [next, current] = gs(s, 2);
    s.runqput(victim, next!, true);
    if (curg !== 'in schedule') {
      current!.status = curg;
      owner.curg = current!;
    }
    return { s, events, thief, victim, next: next! };
  }

  it('backs off 3 µs before taking runnext from a running P, then takes it', () => {
    const { s, events, thief, victim, next } = victimWith('running');
    assert.equal(s.runqsteal(thief, victim, true), next);
    assert.deepEqual(events.filter((e) => e.type === 'steal').map((e) => e.type === 'steal' && [e.runnext, e.backoff]), [[true, true]]);
  });

  it('takes runnext at once when the victim\'s goroutine is in a system call', () => {
    const { s, events, thief, victim, next } = victimWith('syscall');
    assert.equal(s.runqsteal(thief, victim, true), next);
    assert.deepEqual(events.filter((e) => e.type === 'steal').map((e) => e.type === 'steal' && [e.runnext, e.backoff]), [[true, false]]);
  });

  it('leaves runnext to an owner that is in schedule() during the back-off', () => {
    const { s, thief, victim, next } = victimWith('in schedule');
    assert.equal(s.runqsteal(thief, victim, true), null);
    assert.equal(victim.runnext, next);
    assert.equal(s.stats.runnextBackoffs, 1);
  });
});

describe('scheduler model: time slices, spinning Ms and system calls', () => {
  it('newproc puts the new goroutine in runnext and wakep starts one spinning M on an idle P', () => {
    const { s, events } = model(4);
    s.start([{ kind: 'spawn', count: 1, name: 'worker', program: () => [cpu(5), done] }, cpu(50), { kind: 'wait' }, done]);
    const started = events.filter((e) => e.type === 'startm');
    assert.equal(started.length >= 1, true);
    assert.equal(started[0]!.type === 'startm' && started[0]!.spinning, true);
    assert.equal(started[0]!.type === 'startm' && started[0]!.p.id, 1, 'pidleget hands out P1 first');
    const stolen = events.find((e) => e.type === 'steal');
    assert.ok(stolen && stolen.type === 'steal' && stolen.runnext, 'the spinning M took the new goroutine from P0\'s runnext');
  });

  it('a ping-pong pair shares one time slice through runnext until sysmon preempts it after 10 ms', () => {
    const { s, events } = model(1);
    const ping = s.newChan('ping');
    const pong = s.newChan('pong');
    const program = (i: number): Step[] => {
      const steps: Step[] = [];
      for (let r = 0; r < 20; r++) {
        if (i === 0) steps.push(cpu(1), { kind: 'send', ch: ping }, { kind: 'recv', ch: pong });
        else steps.push({ kind: 'recv', ch: ping }, cpu(1), { kind: 'send', ch: pong });
      }
      return [...steps, done];
    };
    s.start([{ kind: 'spawn', count: 2, name: 'pingpong', program }, { kind: 'wait' }, done]);
    s.runToEnd();
    const runs = events.filter((e) => e.type === 'execute' && e.g.name === 'pingpong');
    const inherited = runs.filter((e) => e.type === 'execute' && e.inheritTime).length;
    assert.ok(inherited > runs.length / 2, `most runs come from runnext and inherit the slice (${inherited} of ${runs.length})`);
    const preempts = events.filter((e) => e.type === 'preempt');
    assert.ok(preempts.length >= 2, 'the pair is preempted every 10-20 ms');
    const firstAt = events.findIndex((e) => e.type === 'preempt');
    assert.ok(firstAt > 0);
    assert.ok(s.stats.preemptions >= 2);
    assert.equal(s.stats.finishedAtMs, 40, '40 halves of 1 ms each on one P');
  });

  it('sysmon takes the P of a long system call and handoffp gives it to another M for the queued work', () => {
    const { s, events } = model(1);
    // The last goroutine started runs first (runnext): it blocks in a 5 ms call while the other waits in the ring.
    s.start([
      { kind: 'spawn', count: 2, name: 'worker', program: (i) => (i === 1 ? [cpu(1), { kind: 'syscall', ms: 5 }, done] : [cpu(20), done]) },
      { kind: 'wait' },
      done,
    ]);
    s.runToEnd();
    const handoff = events.find((e) => e.type === 'handoffp');
    assert.ok(handoff && handoff.type === 'handoffp' && handoff.to, 'the queued worker gets a new M');
    assert.equal(s.stats.handoffs, 1);
    assert.equal(s.stats.exits['went to the global queue'], 1, 'the only P is busy when the call returns, so the goroutine queues globally');
    assert.equal(s.stats.threads, 2);
  });

  it('a system call on a P with nothing queued keeps its P for up to 10 ms while other Ps are idle', () => {
    const { s } = model(2);
    s.start([{ kind: 'syscall', ms: 8 }, done]);
    s.runToEnd();
    assert.deepEqual([s.stats.exits['kept its P'], s.stats.handoffs], [1, 0]);
    const { s: t } = model(2);
    t.start([{ kind: 'syscall', ms: 15 }, done]);
    t.runToEnd();
    assert.equal(t.stats.handoffs, 1, 'past 10 ms sysmon takes it anyway');
    const { s: u } = model(1);
    u.start([{ kind: 'syscall', ms: 2 }, done]);
    u.runToEnd();
    assert.equal(u.stats.handoffs, 1, 'with no idle P or spinning M the grace does not apply');
  });

  it('exitsyscall takes an idle P when its own was handed off', () => {
    const { s } = model(2);
    s.start([
      { kind: 'spawn', count: 2, name: 'worker', program: (i) => (i === 0 ? [cpu(1), { kind: 'syscall', ms: 30 }, cpu(1), done] : [cpu(2), done]) },
      { kind: 'wait' },
      done,
    ]);
    s.runToEnd();
    assert.equal(s.stats.exits['took an idle P'] + s.stats.exits['kept its P'] + s.stats.exits['took its old P back'] + s.stats.exits['went to the global queue'], 1);
    assert.equal(s.stats.exits['went to the global queue'], 0);
  });

  it('exitsyscall takes its old P back from a thread that is itself in a system call', () => {
    const { s, events } = running(2);
    const p0: P = s.allp[0]!;
    const m0 = s.allm[0]!;
    // M0's goroutine enters a 5 ms call; sysmon hands P0 (with work queued) to M1, whose goroutine
    // blocks too. P0's queue is then empty and P1 idle, so sysmon leaves P0 with M1 for 10 ms.
    const first = m0.curg!;
    first.steps = [{ kind: 'syscall', ms: 5 }, done];
    first.pc = 0;
    first.left = 5;
    s.entersyscall(m0, first);
    s.runqput(p0, s.newG('worker', [{ kind: 'syscall', ms: 100 }, done]), false);
    for (let i = 0; i < 60 && s.stats.exits['took its old P back'] === 0; i++) s.tick();
    assert.equal(s.stats.exits['took its old P back'], 1, 'preferred to the idle P1');
    const exit = events.find((e) => e.type === 'exitsyscall');
    assert.ok(exit && exit.type === 'exitsyscall' && exit.p === p0 && exit.m === m0);
  });
});

describe('scheduler model: whole runs', () => {
  function burst(seed: number) {
    const { s } = model(4, seed);
    s.start([{ kind: 'spawn', count: 300, name: 'worker', program: () => [cpu(3), done] }, cpu(1), { kind: 'wait' }, done]);
    return s;
  }

  it('300 goroutines started on one P overflow its ring exactly once: 129 to the global queue (the article\'s runqueue=129)', () => {
    const s = burst(1);
    assert.equal(s.stats.overflows, 1);
    assert.equal(s.stats.overflowMoved, 129);
    assert.match(s.schedtrace(), /^SCHED 0ms: gomaxprocs=4 idleprocs=0 threads=\d+ spinningthreads=\d needspinning=\d idlethreads=\d+ runqueue=\d+ \[ \d+ \d+ \d+ \d+ \] schedticks=\[ \d+ \d+ \d+ \d+ \]$/);
    s.runToEnd();
    assert.equal(s.stats.goroutinesCreated, 301);
    assert.equal(s.allg.filter((g) => g.status === 'dead').length, 301, 'every goroutine ran to completion');
  });

  it('is deterministic for a seed', () => {
    const a = burst(7);
    const b = burst(7);
    a.runToEnd();
    b.runToEnd();
    assert.deepEqual(a.stats, b.stats);
  });

  it('the demo runs, prints the summary, and says it is simulated', () => {
    const repo = process.cwd();
    const tsx = pathToFileURL(path.join(repo, 'node_modules/tsx/dist/loader.mjs')).href;
    const result = spawnSync(process.execPath, ['--import', tsx, 'scripts/play.ts', 'scheduler'], { cwd: repo, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const text = plain(result.stdout);
    assert.ok(text.split('\n').length < 150);
    assert.match(text, /P0: ring full \(256\) → runqputslow moves 129 goroutines/);
    assert.match(text, /SCHED 0ms: gomaxprocs=4 /);
    assert.match(text, /^summary$/m);
    assert.match(text, /Simulated: a model of runtime\/proc\.go \(Go 1\.27\.3\)/);
  });
});
