/**
 * commit-wait: why a Spanner leader waits out its clock uncertainty before it replies.
 *
 * Three Paxos groups, one table each, whose leaders run on different machines with different
 * TrueTime errors (truetime.ts). In each pair, transaction T1 commits on one group; as soon as its
 * client hears OK, T2 commits on another group. External consistency says s1 < s2, and a reader
 * that reads at spanner.ReadTimestamp(s2) must see T1. With COMMIT_WAIT the leader replies only
 * once TT.after(s) holds, and that is guaranteed; without it, a leader whose interval is wide and
 * a second leader whose interval is narrow hand out timestamps in the wrong order. main.go is the
 * same program in Go, behind the same interface that cloud.google.com/go/spanner implements.
 */
import { drawClock, formatMs, Leader, SimSpanner, type ClockSettings, type CommitRecord, type TrueTimeClock } from './truetime';
import { VirtualClock } from '../_shared/clock';
import { createRandom, type Random } from '../_shared/random';
import { instant, milestone, span, type Span } from '../_shared/trace';
import { bold, cyan, dim, green, heading, log, pad, red, setLogClock, yellow } from '../_shared/term';
import { runMain } from '../_shared/program';

// ── Try changing these ────────────────────────────────────────────────────────────
const SEED = 4; // the same seed gives the same clocks and the same pairs
const COMMIT_WAIT = true; // false: the leader replies as soon as Paxos has a majority
const PAIRS = 16; // T1-then-T2 pairs
const PAIR_EVERY_MS = 2000; // true time between pairs: 16 pairs span one 30 s poll cycle
const EPSILON_AFTER_POLL_MS = 1; // ε just after a poll of the time masters (paper: about 1 ms)
const ASSUMED_DRIFT_US_PER_S = 200; // the drift the daemon assumes between polls (paper: 200 µs/s)
const POLL_EVERY_S = 30; // how often the daemon polls the time masters (paper: 30 s)
const PAXOS_MS = [1, 4]; // a Paxos round to a majority, within one region
const THINK_MS = [0, 1]; // from T1's OK to T2's commit request
const SLOW_MOTION = 10; // real milliseconds per simulated millisecond while a pair runs
// ──────────────────────────────────────────────────────────────────────────────────

const GROUPS = [
  { leader: 'A', table: 'Friends' },
  { leader: 'B', table: 'Photos' },
  { leader: 'C', table: 'Albums' },
];
const us = (ms: number): number => Math.round(ms * 1000);
const settings: ClockSettings = {
  baseUs: us(EPSILON_AFTER_POLL_MS),
  assumedDriftUsPerS: ASSUMED_DRIFT_US_PER_S,
  syncEveryUs: POLL_EVERY_S * 1_000_000,
  horizonUs: PAIRS * us(PAIR_EVERY_MS) + 1_000_000,
};

// Virtual time paces the animation; the log shows the simulation's true time.
const clock = new VirtualClock({ pace: SLOW_MOTION });
let trueTimeUs = 0;
setLogClock({ now: () => trueTimeUs / 1000 });

interface Pair {
  n: number;
  t1: CommitRecord;
  t2: CommitRecord;
  /** A read at ReadTimestamp(s2) sees T1's write. */
  readSeesT1: boolean;
}

interface Run {
  clocks: TrueTimeClock[];
  pairs: Pair[];
}

/** One run: the clocks, then every pair, all from a fresh random source seeded with SEED. */
function simulate(commitWait: boolean): Run {
  const random: Random = createRandom(SEED);
  const clocks = GROUPS.map((g) => drawClock(g.leader, settings, random));
  const leaders = clocks.map((c, i) => new Leader(c, GROUPS[i]!.table));
  const db = new SimSpanner(leaders, () => random.int(us(PAXOS_MS[0]!), us(PAXOS_MS[1]!)), commitWait);
  const pairs: Pair[] = [];
  for (let n = 1; n <= PAIRS; n++) {
    db.advanceTo((n - 1) * us(PAIR_EVERY_MS) + random.int(0, Math.floor(us(PAIR_EVERY_MS) / 4)));
    const g1 = random.int(0, GROUPS.length - 1);
    const g2 = (g1 + random.int(1, GROUPS.length - 1)) % GROUPS.length;
    const key = `user${n}`;
    const t1 = db.commit(GROUPS[g1]!.table, key); // returns once the client has its OK
    db.advanceTo(db.now + random.int(us(THINK_MS[0]!), us(THINK_MS[1]!)));
    const t2 = db.commit(GROUPS[g2]!.table, key); // starts after T1's OK, in real time
    pairs.push({ n, t1, t2, readSeesT1: db.readAt(t2.s, t1.table, key) });
  }
  return { clocks, pairs };
}

const laneOf = (r: CommitRecord): string => `leader ${r.leader} · ${r.table}`;
const violated = (p: Pair): boolean => !(p.t1.s < p.t2.s);

/** Replays one pair's events on the virtual clock, as spans on the leaders' lanes. */
async function animate(p: Pair, commitWait: boolean): Promise<void> {
  const events: Array<{ at: number; run: () => void }> = [];
  const on = (at: number, run: () => void): void => {
    events.push({ at, run });
  };
  let pairSpan: Span | undefined;
  on(p.t1.arriveUs, () => (pairSpan = span('client', `pair ${p.n}`)));
  for (const [name, r] of [['T1', p.t1], ['T2', p.t2]] as const) {
    let paxos: Span | undefined;
    let wait: Span | undefined;
    on(r.arriveUs, () => {
      paxos = span(laneOf(r), `${name} Paxos`);
      if (commitWait) wait = span(laneOf(r), `${name} commit wait`);
      else instant(laneOf(r), `${name}: no commit wait`, 'warn');
    });
    on(r.paxosEndUs, () => paxos?.end('ok', `majority after ${formatMs(r.paxosEndUs - r.arriveUs)}`));
    if (commitWait) on(r.waitEndUs, () => wait?.end('ok', `TT.after(s) after ${formatMs(r.waitEndUs - r.arriveUs)}, 2ε = ${formatMs(2 * r.epsilonUs)}`));
    on(r.replyUs, () => instant('client', `${name} OK`));
  }
  on(p.t2.replyUs, () => {
    pairSpan?.end(violated(p) ? 'error' : 'ok');
    instant('reader', p.readSeesT1 ? `read at s2 sees T1` : `read at s2 misses T1`, p.readSeesT1 ? 'info' : 'error');
  });
  events.sort((a, b) => a.at - b.at); // stable: ties keep the order above
  let last = events[0]!.at;
  for (const e of events) {
    await clock.sleep((e.at - last) / 1000);
    last = e.at;
    trueTimeUs = e.at;
    e.run();
  }
}

function describePair(p: Pair, commitWait: boolean): string {
  const { t1, t2 } = p;
  const gap = t2.s - t1.s;
  const ms = (x: number): string => formatMs(x).replace(' ms', '');
  const verdict = violated(p) ? red('INVERSION: a read at s2 sees T2, not T1') : green('ok');
  return (
    `pair ${pad(p.n, 2, 'right')}  T1 ${pad(`${t1.table}@${t1.leader}`, 10)} ε ${ms(t1.epsilonUs)}  OK after ${pad(ms(t1.replyUs - t1.arriveUs), 6, 'right')}${commitWait ? '' : dim('*')}` +
    ` | T2 ${pad(`${t2.table}@${t2.leader}`, 10)} ε ${ms(t2.epsilonUs)} | s2-s1 ${pad(`${gap >= 0 ? '+' : ''}${ms(gap)}`, 7, 'right')}  ${verdict}`
  );
}

/** 27_712_345 µs -> "27.7 s" (truncated, as main.go prints it). */
function seconds(us: number): string {
  return `${Math.floor(us / 1_000_000)}.${Math.floor(us / 100_000) % 10} s`;
}

function printClocks(run: Run): void {
  heading('1. three leaders, three clocks: TT.now() = [clock - ε, clock + ε]');
  console.log(dim(`  ${pad('leader', 8)}${pad('group', 9)}${pad('last poll', 12, 'right')}${pad('ε now', 12, 'right')}${pad('real error', 13, 'right')}${pad('real drift', 13, 'right')}`));
  for (const c of run.clocks) {
    const group = GROUPS.find((g) => g.leader === c.name)!;
    console.log(
      `  ${pad(c.name, 8)}${pad(group.table, 9)}${pad(`${seconds(c.sinceSync(0))} ago`, 12, 'right')}` +
        `${pad(formatMs(c.epsilon(0)), 12, 'right')}${pad(formatMs(c.offset(0)), 13, 'right')}${pad(`${c.params.driftUsPerS} µs/s`, 13, 'right')}`,
    );
  }
  console.log(dim(`  ε = ${EPSILON_AFTER_POLL_MS} ms after a poll + ${ASSUMED_DRIFT_US_PER_S} µs/s since it; polls every ${POLL_EVERY_S} s; the real error always stays inside ±ε`));
}

interface WaitStats {
  commits: number;
  atLeast2Eps: number;
  meanWaitUs: number;
  minWaitUs: number;
  maxWaitUs: number;
  minEpsUs: number;
  maxEpsUs: number;
  meanBeyondPaxosUs: number;
}

function waitStats(run: Run): WaitStats {
  const commits = run.pairs.flatMap((p) => [p.t1, p.t2]);
  const waits = commits.map((r) => r.waitEndUs - r.arriveUs);
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  return {
    commits: commits.length,
    atLeast2Eps: commits.filter((r) => r.waitEndUs - r.arriveUs >= 2 * r.epsilonUs).length,
    meanWaitUs: Math.round(sum(waits) / waits.length),
    minWaitUs: Math.min(...waits),
    maxWaitUs: Math.max(...waits),
    minEpsUs: Math.min(...commits.map((r) => r.epsilonUs)),
    maxEpsUs: Math.max(...commits.map((r) => r.epsilonUs)),
    meanBeyondPaxosUs: Math.round(sum(commits.map((r) => Math.max(0, r.waitEndUs - r.paxosEndUs))) / commits.length),
  };
}

async function main(): Promise<void> {
  console.log(bold('commit wait: TrueTime intervals, commit timestamps and external consistency'));
  console.log(dim(`seed ${SEED}: ${PAIRS} pairs, ${PAIR_EVERY_MS / 1000} s apart; in each, T2 starts after T1's client heard OK, on another Paxos group`));

  const withWait = simulate(true);
  const withoutWait = simulate(false);
  const shown = COMMIT_WAIT ? withWait : withoutWait;
  printClocks(shown);

  heading(`2. T1 commits, its client hears OK, then T2 commits elsewhere (COMMIT_WAIT = ${COMMIT_WAIT})`);
  console.log(dim('  s = max(TT.now().latest, last s + 1) at the leader; then a reader reads at spanner.ReadTimestamp(s2)'));
  console.log(dim(`  times in ms; ε when s was picked${COMMIT_WAIT ? '' : '; * OK right after Paxos, no commit wait'}`));
  let explained = false;
  for (const p of shown.pairs) {
    trueTimeUs = p.t1.arriveUs;
    await animate(p, COMMIT_WAIT);
    log(describePair(p, COMMIT_WAIT));
    if (violated(p) && !explained) {
      explained = true;
      const waited = withWait.pairs[p.n - 1]!.t1;
      log(
        yellow(`  why: s1 = clock + ε on leader ${p.t1.leader} (ε ${formatMs(p.t1.epsilonUs)}); ${formatMs(p.t2.arriveUs - p.t1.arriveUs)} later leader ${p.t2.leader} (ε ${formatMs(p.t2.epsilonUs)}) ` +
          `still had latest < s1. Commit wait would have held T1's OK for ${formatMs(waited.replyUs - waited.arriveUs)}, until s1 had passed on every clock.`),
      );
    }
  }

  const stats = waitStats(withWait);
  heading(`3. how long commit wait lasts: from picking s until TT.after(s)${COMMIT_WAIT ? '' : ' (in the run with commit wait)'}`);
  log(`${stats.atLeast2Eps} of ${stats.commits} commits waited at least 2ε (ε taken when s was picked)${stats.atLeast2Eps < stats.commits ? yellow(' (the others: a poll shrank ε mid-wait)') : ''}`);
  log(`wait: min ${formatMs(stats.minWaitUs)}, mean ${formatMs(stats.meanWaitUs)}, max ${formatMs(stats.maxWaitUs)}; ε at the commits: ${formatMs(stats.minEpsUs)} to ${formatMs(stats.maxEpsUs)}`);
  log(`the part of the wait that outlasted the Paxos round: mean ${formatMs(stats.meanBeyondPaxosUs)} per commit`);

  const violationsWith = withWait.pairs.filter(violated).length;
  const violationsWithout = withoutWait.pairs.filter(violated).length;
  // Facts the Go original establishes too; a test compares them.
  milestone('violations with commit wait', violationsWith);
  milestone('violations without commit wait', violationsWithout);
  milestone('commit waits of at least 2ε', `${stats.atLeast2Eps} of ${stats.commits}`);
  milestone('mean commit wait (µs)', stats.meanWaitUs);

  heading('summary');
  const colour = (n: number): string => (n === 0 ? green(n) : red(n));
  console.log(`  with commit wait      ${colour(violationsWith)} of ${PAIRS} pairs broke s1 < s2`);
  console.log(`  without commit wait   ${colour(violationsWithout)} of ${PAIRS} pairs broke it: a read at s2 saw T2 but not T1, though T1 finished first`);
  console.log(`  commit wait lasted    ${formatMs(stats.minWaitUs)} to ${formatMs(stats.maxWaitUs)}, mean ${formatMs(stats.meanWaitUs)}: at least 2ε, on the leader's own clock`);
  console.log(`  ε at the commits      ${formatMs(stats.minEpsUs)} to ${formatMs(stats.maxEpsUs)}: the sawtooth of ${EPSILON_AFTER_POLL_MS} ms + ${ASSUMED_DRIFT_US_PER_S} µs/s since the last poll`);
  console.log(`  latency it adds       ${cyan(formatMs(stats.meanBeyondPaxosUs))} per commit on average: the rest of the wait ran alongside the Paxos round`);
}

runMain(main);
