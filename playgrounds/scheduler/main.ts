/**
 * scheduler: the Go scheduler's queues, simulated.
 *
 * Scene 1: main starts a burst of goroutines on P0, as `for range 300 { go work() }` does, plus
 * a few ping-pong pairs that wake each other over unbuffered channels. Watch P0's 256-slot ring
 * overflow into the global queue (runqputslow), fresh Ps take their first goroutine from the
 * global queue on the 61st-tick check, empty rings refill from it in fair-share batches,
 * spinning Ms steal half of a victim's ring, a ping-pong pair share one time slice through
 * runnext until sysmon preempts it, blocking system calls lose their P to handoffp, and
 * exitsyscall keep the P, take one back, or queue the goroutine globally.
 * Scene 2: main starts one goroutine per tick; idle Ps' spinning Ms steal each new goroutine
 * from P0's runnext after the 3 µs back-off, and main itself is preempted and moves between Ps.
 * Every M switches to its g0 to run schedule() between goroutines (the M lanes' g0 spans).
 *
 * Try: SYSCALL_MS = { min: 5, max: 20 } for many handoffs; GOMAXPROCS = 1 for no stealing;
 * BURST = 200 for no overflow; WORK_MS = { min: 8, max: 25 } for many preemptions.
 *
 * What is simulated: everything this program prints. scheduler.ts is a model of
 * runtime/proc.go (Go 1.27.3), run on a virtual clock; the browser cannot show the real
 * runtime's queues. main.go runs the same model in Go (the milestones must agree), then runs
 * a real workload and prints real runtime/metrics readings, which are not milestones.
 */
import { Scheduler, type G, type M, type P, type SchedEvent, type Stats, type Step } from './scheduler';
import { VirtualClock } from '../_shared/clock';
import { createRandom } from '../_shared/random';
import { instant, milestone, span, type Span, type SpanStatus } from '../_shared/trace';
import { bold, cyan, dim, green, heading, log, magenta, pad, red, setLogClock, yellow } from '../_shared/term';
import { runMain } from '../_shared/program';

// ── Try changing these ────────────────────────────────────────────────────────────
const SEED = 1; // the same seed gives the same run
const GOMAXPROCS = 4; // Ps
const BURST = 300; // scene 1: goroutines main starts in one tick; more than 257 overflows P0's ring
const SPAWN_PER_TICK = 1; // scene 2: goroutines main starts per tick...
const SPAWN_TICKS = 150; // ...for this many ticks
const WORK_MS = { min: 1, max: 5 }; // CPU work of one worker; more than 10 ms gets it preempted
const SYSCALL_CHANCE = 0.25; // how often a worker blocks in a system call halfway through
const SYSCALL_MS = { min: 1, max: 4 }; // how long that call blocks
const PAIRS = 2; // scene 1: ping-pong pairs; each send wakes the partner into runnext
const ROUNDS = 30; // round trips per pair (1 ms of work per half)
const SCHEDTRACE_EVERY_MS = 50; // a GODEBUG=schedtrace-style line every 50 simulated ms
const MS_PER_TICK = 6; // playback: real milliseconds per simulated millisecond
const SPEED = 1; // 2 runs twice as fast; the output stays the same
// ──────────────────────────────────────────────────────────────────────────────────

const clock = new VirtualClock({ pace: 1 / SPEED });
setLogClock(clock);
const random = createRandom(SEED); // one stream for both scenes: workers' programs and steal orders

/** A worker: WORK_MS of CPU, sometimes with a blocking system call halfway. */
function workerProgram(): Step[] {
  const work = random.int(WORK_MS.min, WORK_MS.max);
  if (!random.chance(SYSCALL_CHANCE)) return [{ kind: 'cpu', ms: work }, { kind: 'done' }];
  const before = Math.max(1, Math.floor(work / 2));
  const steps: Step[] = [{ kind: 'cpu', ms: before }, { kind: 'syscall', ms: random.int(SYSCALL_MS.min, SYSCALL_MS.max) }];
  if (work - before > 0) steps.push({ kind: 'cpu', ms: work - before });
  steps.push({ kind: 'done' });
  return steps;
}

interface Scene {
  title: string;
  key: string; // milestone prefix
  pairs: number;
  perTick: number;
  ticks: number;
}

/** main: the pairs, then `perTick` workers in each of `ticks` ticks, then wg.Wait(). */
function mainProgram(sched: Scheduler, scene: Scene): Step[] {
  const chans = Array.from({ length: scene.pairs }, (_, k) => ({ ping: sched.newChan(`ping${k}`), pong: sched.newChan(`pong${k}`) }));
  const pairProgram = (i: number): Step[] => {
    const { ping, pong } = chans[Math.floor(i / 2)]!;
    const steps: Step[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      if (i % 2 === 0) steps.push({ kind: 'cpu', ms: 1 }, { kind: 'send', ch: ping }, { kind: 'recv', ch: pong });
      else steps.push({ kind: 'recv', ch: ping }, { kind: 'cpu', ms: 1 }, { kind: 'send', ch: pong });
    }
    steps.push({ kind: 'done' });
    return steps;
  };
  const steps: Step[] = [];
  if (scene.pairs > 0) steps.push({ kind: 'spawn', count: 2 * scene.pairs, name: 'pingpong', program: pairProgram });
  for (let t = 0; t < scene.ticks; t++) {
    steps.push({ kind: 'spawn', count: scene.perTick, name: 'worker', program: workerProgram }, { kind: 'cpu', ms: 1 });
  }
  steps.push({ kind: 'wait' }, { kind: 'done' });
  return steps;
}

// ── what the model does, on the timeline and in the log ──────────────────────────────

const gName = (g: G): string => (g.name === 'main' ? `G${g.id} main` : g.name === 'pingpong' ? `G${g.id} ping-pong` : `G${g.id}`);
const pLane = (p: P): string => `P${p.id}`;
const mLane = (m: M): string => `M${m.id}`;

const pSpans = new Map<number, Span>(); // what each P runs
const mSpans = new Map<number, Span>(); // what each M does: a goroutine, g0, or a system call
const shown = new Map<string, number>(); // log lines printed per kind

function endSpan(spans: Map<number, Span>, id: number, status: SpanStatus = 'ok', detail?: string): void {
  spans.get(id)?.end(status, detail);
  spans.delete(id);
}
/**
 * Each lane draws its first MAX_SPANS_PER_LANE spans, then says how many it left out: a timeline of
 * thousands of one-tick slices is unreadable, and the trace would pass the playground's output limit.
 */
const MAX_SPANS_PER_LANE = 120;
const spansPerLane = new Map<string, number>();
function beginSpan(spans: Map<number, Span>, id: number, lane: string, name: string): void {
  endSpan(spans, id);
  const n = (spansPerLane.get(lane) ?? 0) + 1;
  spansPerLane.set(lane, n);
  if (n <= MAX_SPANS_PER_LANE) spans.set(id, span(lane, name));
  else if (n === MAX_SPANS_PER_LANE + 1) instant(lane, `later spans on ${lane} are not drawn`, 'info');
}

/** Logs the first `max` events of a kind, then notes that the rest are only counted. */
function logSome(kind: string, max: number, line: string): void {
  const n = (shown.get(kind) ?? 0) + 1;
  shown.set(kind, n);
  if (n <= max) log(line);
  else if (n === max + 1) log(dim(`  (more ${kind} are counted in the summary, not printed)`));
}

function onEvent(e: SchedEvent): void {
  switch (e.type) {
    case 'newm':
      logSome('new threads', 6, dim(`newm: thread M${e.m.id} created`));
      break;
    case 'startm':
      logSome('startm', 4, `startm: M${e.m.id} gets P${e.p.id}${e.spinning ? yellow(' and spins: it will look for work to steal') : ''}`);
      break;
    case 'stopm':
      endSpan(mSpans, e.m.id, 'ok', 'found nothing: stopm, the thread sleeps');
      break;
    case 'schedule':
      // mcall/park_m, goexit0, gosched or exitsyscall: the M is on its g0 stack in schedule().
      if (mSpans.has(e.m.id)) endSpan(mSpans, e.m.id, 'ok');
      beginSpan(mSpans, e.m.id, mLane(e.m), 'g0: schedule()');
      break;
    case 'execute': {
      // execute → gogo: from g0 back to a goroutine's stack.
      const slice = e.inheritTime ? 'inherits the time slice' : `new time slice, schedtick ${e.p.schedtick}`;
      if (mSpans.has(e.m.id)) endSpan(mSpans, e.m.id, 'ok', `gogo → ${gName(e.g)}`);
      beginSpan(mSpans, e.m.id, mLane(e.m), `${gName(e.g)} on P${e.p.id}`);
      beginSpan(pSpans, e.p.id, pLane(e.p), `${gName(e.g)} (${e.source}; ${slice})`);
      break;
    }
    case 'stop': {
      const detail = { park: 'parked: waits on a channel', exit: 'done', preempted: 'preempted: to the global queue', syscall: 'system call', 'lost P': 'sysmon took the P' }[e.why];
      const status: SpanStatus = e.why === 'preempted' ? 'rejected' : e.why === 'lost P' ? 'cancelled' : 'ok';
      if (e.p) endSpan(pSpans, e.p.id, status, `${gName(e.g)} ${detail}`);
      if (e.why !== 'lost P') endSpan(mSpans, e.m.id, status, detail);
      break;
    }
    case 'overflow':
      log(red(`P${e.p.id}: ring full (256) → runqputslow moves ${e.moved} goroutines (half the ring + the new one) to the global queue`));
      instant('global queue', `runqputslow: +${e.moved}`, 'warn');
      break;
    case 'fairness':
      logSome(
        '61st-tick checks',
        4,
        `P${e.p.id}: schedtick ${e.p.schedtick} % 61 == 0 → takes ${gName(e.g)} from the global queue first` +
          (e.localWork > 0 ? yellow(` (skipping ${e.localWork} queued locally)`) : dim(' (its own queues are empty)')),
      );
      instant(pLane(e.p), 'schedtick % 61 == 0: global queue first', 'info');
      break;
    case 'steal':
      if (e.runnext) {
        logSome('runnext steals', 3, magenta(`P${e.thief.id} steals runnext ${dim('(the ring was empty, last steal pass)')} from P${e.victim.id}${e.backoff ? ' after the 3 µs back-off' : ', whose goroutine is in a system call: no back-off'}`));
      } else {
        logSome('steals', 5, `P${e.thief.id} steals ${e.count} from P${e.victim.id} ${dim('(runqgrab: half of the ring, rounded up)')}`);
      }
      instant(pLane(e.thief), `stole ${e.count} from P${e.victim.id}${e.runnext ? ' (runnext)' : ''}`, 'info');
      break;
    case 'runnext backoff':
      logSome('runnext back-offs', 2, dim(`P${e.thief.id} backs off 3 µs from P${e.victim.id}'s runnext: its M is in schedule() and runs it itself`));
      break;
    case 'spinning limit':
      logSome('spinning limits', 2, dim(`M${e.m.id}: 2 × nmspinning ≥ busy Ps → it may not spin; it drops P${e.m.p?.id} and sleeps`));
      break;
    case 'preempt':
      logSome('preemptions', 4, yellow(`sysmon: ${gName(e.g)} on P${e.p.id} has held one time slice for 10 ms → preempted, to the global queue`));
      instant('sysmon', `preempt ${gName(e.g)}`, 'warn');
      break;
    case 'entersyscall':
      endSpan(pSpans, e.p.id, 'ok', `${gName(e.g)} enters a system call`);
      beginSpan(pSpans, e.p.id, pLane(e.p), `${gName(e.g)} in syscall (P held)`);
      if (mSpans.has(e.m.id)) endSpan(mSpans, e.m.id, 'ok', 'entersyscall');
      beginSpan(mSpans, e.m.id, mLane(e.m), `syscall: ${gName(e.g)}`);
      break;
    case 'handoffp':
      logSome(
        'handoffs',
        4,
        cyan(`sysmon: M${e.from.id}'s system call outlasted a sysmon tick → takes P${e.p.id}, handoffp → `) +
          (e.to ? cyan(`M${e.to.id} runs P${e.p.id}'s queue`) : dim(`P${e.p.id} has no work: idle`)),
      );
      instant('sysmon', `handoffp P${e.p.id}`, 'info');
      break;
    case 'exitsyscall': {
      endSpan(mSpans, e.m.id, e.outcome === 'went to the global queue' ? 'rejected' : 'ok', `exitsyscall: ${e.outcome}`);
      if (e.outcome === 'kept its P' && e.p) {
        endSpan(pSpans, e.p.id, 'ok', 'exitsyscall: kept its P');
        beginSpan(pSpans, e.p.id, pLane(e.p), `${gName(e.g)} (after syscall)`);
        beginSpan(mSpans, e.m.id, mLane(e.m), `${gName(e.g)} on P${e.p.id}`);
      }
      const colour = e.outcome === 'went to the global queue' ? red : e.outcome === 'kept its P' ? green : cyan;
      logSome(`exitsyscall: ${e.outcome}`, 1, colour(`exitsyscall: ${gName(e.g)} on M${e.m.id} ${e.outcome}${e.p ? ` (P${e.p.id})` : ''}`));
      break;
    }
    case 'main done':
      break;
  }
}

async function runScene(scene: Scene): Promise<Stats> {
  heading(scene.title);
  shown.clear();
  const sched = new Scheduler({ gomaxprocs: GOMAXPROCS, random, onEvent });
  const base = clock.now();
  for (const p of sched.allp) instant(pLane(p), `procresize: P${p.id}`, 'info'); // the P lanes first, then the Ms
  sched.start(mainProgram(sched, scene));
  log(cyan(sched.schedtrace()));
  let nextTrace = SCHEDTRACE_EVERY_MS;
  while (!sched.done) {
    await clock.sleep(base + (sched.now / 1000 + 1) * MS_PER_TICK - clock.now());
    sched.tick();
    if (sched.now / 1000 >= nextTrace && !sched.done) {
      log(cyan(sched.schedtrace()));
      nextTrace += SCHEDTRACE_EVERY_MS;
    }
    if (sched.now > 100_000_000) throw new Error('the model did not finish');
  }
  for (const [id] of pSpans) endSpan(pSpans, id);
  for (const [id] of mSpans) endSpan(mSpans, id);
  const s = sched.stats;
  log(green(`main: wg.Wait() returns; main exits at ${s.finishedAtMs} simulated ms`));

  // Facts of the model, which main.go computes identically; a test compares them.
  const k = scene.key;
  milestone(`${k}: goroutines created`, s.goroutinesCreated);
  milestone(`${k}: overflow batches (runqputslow)`, s.overflows);
  milestone(`${k}: goroutines moved by runqputslow`, s.overflowMoved);
  milestone(`${k}: 61st-tick checks that took a goroutine`, s.fairnessChecks);
  milestone(`${k}: steals (runqsteal)`, s.steals);
  milestone(`${k}: goroutines stolen`, s.stolen);
  milestone(`${k}: runnext steals`, s.runnextSteals);
  milestone(`${k}: preemptions`, s.preemptions);
  milestone(`${k}: Ps handed off from system calls`, s.handoffs);
  milestone(`${k}: exitsyscall outcomes`, exitSummary(s.exits));
  milestone(`${k}: threads (Ms)`, s.threads);
  milestone(`${k}: finished at ms`, s.finishedAtMs);
  return s;
}

async function main(): Promise<void> {
  console.log(bold('the Go scheduler, simulated: run queues, runnext, stealing, system calls'));
  console.log(dim(`seed ${SEED}: GOMAXPROCS=${GOMAXPROCS}; workers need ${WORK_MS.min}-${WORK_MS.max} ms of CPU, ${Math.round(SYSCALL_CHANCE * 100)}% block in a ${SYSCALL_MS.min}-${SYSCALL_MS.max} ms system call.`));
  console.log(dim('Simulated: a model of runtime/proc.go (Go 1.27.3) in scheduler.ts, not the runtime.'));

  const burst = await runScene({ title: `scene 1: a burst: main starts ${PAIRS * 2} ping-pong goroutines and ${BURST} workers in one tick`, key: 'burst', pairs: PAIRS, perTick: BURST, ticks: 1 });
  const trickle = await runScene({ title: `scene 2: a trickle: main starts ${SPAWN_PER_TICK} worker(s) per tick for ${SPAWN_TICKS} ticks`, key: 'trickle', pairs: 0, perTick: SPAWN_PER_TICK, ticks: SPAWN_TICKS });

  heading('summary');
  const row = (label: string, a: string | number, b: string | number, note = ''): void =>
    console.log(`  ${pad(label, 38)}${pad(a, 8, 'right')}${pad(b, 9, 'right')}  ${dim(note)}`);
  row('simulated, GOMAXPROCS=' + GOMAXPROCS, 'burst', 'trickle');
  row('goroutines / main returned at ms', `${burst.goroutinesCreated}`, `${trickle.goroutinesCreated}`, `${burst.finishedAtMs} ms and ${trickle.finishedAtMs} ms`);
  row('overflow batches (runqputslow)', burst.overflows, trickle.overflows, `${burst.overflowMoved} goroutines to the global queue in the burst`);
  row('61st-tick global checks', burst.fairnessChecks, trickle.fairnessChecks, 'a P takes one from the global queue before its own');
  row('global batches (globrunqgetbatch)', burst.globalBatches, trickle.globalBatches, 'an empty ring refills with its fair share');
  row('steals (runqsteal)', burst.steals, trickle.steals, `goroutines stolen: ${burst.stolen} and ${trickle.stolen}`);
  row('  of them from runnext', burst.runnextSteals, trickle.runnextSteals, 'only with the victim\'s ring empty, after the 3 µs back-off');
  row('Ms refused spinning by the limit', burst.spinningLimited, trickle.spinningLimited, 'model Ms spin one at a time, so the limit seldom binds');
  row('preemptions (10 ms slice)', burst.preemptions, trickle.preemptions, 'to the global queue, not back to their P');
  row('blocking system calls', burst.syscalls, trickle.syscalls, `Ps handed off by sysmon: ${burst.handoffs} and ${trickle.handoffs}`);
  row('  exitsyscall kept its P', burst.exits['kept its P'], trickle.exits['kept its P'], 'sysmon had not taken it');
  row('  ...went to the global queue', burst.exits['went to the global queue'], trickle.exits['went to the global queue'], 'no P anywhere: the M sleeps');
  row('executions that inherited the slice', burst.inheritedSlices, trickle.inheritedSlices, `of ${burst.executes} and ${trickle.executes}: runnext (newproc, channel wake-ups)`);
  row('goroutines that ran on >1 P', burst.migrated, trickle.migrated, 'preempted, stolen after a run, or moved by a system call');
  row('threads (Ms)', burst.threads, trickle.threads, 'plus sysmon\'s, in schedtrace\'s threads=');
  row('scheduling rounds on g0', burst.schedules, trickle.schedules, 'mcall or gosched → g0 → schedule() → execute → gogo');
  console.log('');
  console.log(dim('  All of it is the model in scheduler.ts. main.go runs the same model in Go, then a real'));
  console.log(dim('  workload, and prints the real runtime/metrics: /sched/latencies:seconds and friends.'));
}

function exitSummary(e: Record<string, number>): string {
  return `kept P ${e['kept its P']}, old P ${e['took its old P back']}, idle P ${e['took an idle P']}, global queue ${e['went to the global queue']}`;
}

runMain(main);
