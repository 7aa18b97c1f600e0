/**
 * A model of the Go scheduler's queues, after runtime/proc.go in Go 1.27.3.
 *
 * Every rule below names the proc.go function it comes from; read them side by side. The
 * model keeps the data structures of the source (a 256-slot ring and a runnext slot per P,
 * the global queue, the idle-P and idle-M lists, nmspinning and needspinning, the P's
 * schedtick and syscalltick, sysmon's per-P sysmontick) and applies the same decisions to
 * them. It is a simulation, not the runtime:
 *
 * - Time moves in ticks of 1 ms. A running goroutine does 1 ms of work per tick; things that
 *   happen within a tick (a send, a park, a system call's entry or exit) take effect at its
 *   end, in the order of the Ms' ids. Scheduling itself takes no time.
 * - Threads do not race: one M acts at a time, so every CAS in the source succeeds. Where the
 *   source backs off for a race (the 3 µs sleep in runqgrab), the model applies the outcome
 *   the back-off exists for, described at that rule.
 * - Left out: the network poller, timers, the GC (no mark workers, no stop-the-world), the
 *   trace reader, locked threads and cgo. No goroutine here uses them.
 * - sysmon wakes on its own schedule in microseconds (20 µs, doubling after 50 idle rounds,
 *   up to 10 ms) and runs retake() against the state of the current tick.
 *
 * The rule methods are public so that the tests can apply one at a time. The same model is
 * written in Go in main.go (same seed, same mulberry32 random, same rules), and both
 * programs emit the same milestones.
 */
import type { Random } from '../_shared/random';

export const RUNQ_SIZE = 256; // runq [256]guintptr in runtime2.go's p struct
export const TICK_US = 1000; // one model tick
export const FORCE_PREEMPT_US = 10_000; // forcePreemptNS: the 10 ms time slice
export const SYSCALL_RETAKE_GRACE_US = 10_000; // retake: leave a syscall's P alone for up to 10 ms if nothing is queued
export const STEAL_TRIES = 4; // stealWork: const stealTries = 4

/** A step of a goroutine's program. cpu steps take ticks; the others are instantaneous. */
export type Step =
  | { kind: 'cpu'; ms: number }
  | { kind: 'syscall'; ms: number } // a blocking system call (entersyscall ... exitsyscall)
  | { kind: 'send'; ch: Chan } // unbuffered channel send
  | { kind: 'recv'; ch: Chan } // unbuffered channel receive
  | { kind: 'spawn'; count: number; name: string; program: (i: number) => Step[] } // main: `go f()` count times (newproc)
  | { kind: 'wait' } // main: wg.Wait()
  | { kind: 'done' }; // wg.Done() and return (goexit0)

export type GStatus = 'runnable' | 'running' | 'syscall' | 'waiting' | 'dead';

export interface G {
  id: number;
  name: string;
  steps: Step[];
  pc: number;
  left: number; // ms left in the current cpu or syscall step
  status: GStatus;
  lastP: number; // the P it last ran on, -1 before its first run
  psSeen: Set<number>;
  inWaitGroup: boolean;
}

/** An unbuffered channel with at most one waiting sender or receiver (enough for a pair). */
export interface Chan {
  name: string;
  recvq: G | null;
  sendq: G | null;
}

export interface SysmonTick {
  schedtick: number;
  schedwhen: number;
  syscalltick: number;
  syscallwhen: number;
}

export interface P {
  id: number;
  status: 'idle' | 'running';
  m: M | null;
  runq: (G | null)[];
  runqhead: number;
  runqtail: number;
  runnext: G | null;
  schedtick: number;
  syscalltick: number;
  sysmontick: SysmonTick;
}

export type MState = 'running' | 'syscall' | 'scheduling' | 'idle';

export interface M {
  id: number;
  p: P | null;
  nextp: P | null;
  oldp: P | null;
  curg: G | null;
  spinning: boolean;
  state: MState;
  schedules: number; // scheduling rounds run on this M's g0
}

/** Where execute() got the goroutine from. */
export type Source = 'runnext' | 'local' | 'global' | 'global (61st tick)' | 'stolen' | 'after syscall';

export type SchedEvent =
  | { type: 'newm'; m: M }
  | { type: 'startm'; m: M; p: P; spinning: boolean }
  | { type: 'stopm'; m: M }
  | { type: 'schedule'; m: M } // the M is on g0, running schedule()
  | { type: 'execute'; m: M; p: P; g: G; inheritTime: boolean; source: Source }
  | { type: 'stop'; m: M; p: P | null; g: G; why: 'park' | 'exit' | 'preempted' | 'syscall' | 'lost P' }
  | { type: 'overflow'; p: P; moved: number } // runqputslow
  | { type: 'fairness'; p: P; g: G; localWork: number } // the schedtick%61 check found a G
  | { type: 'steal'; thief: P; victim: P; count: number; runnext: boolean; backoff: boolean }
  | { type: 'runnext backoff'; thief: P; victim: P } // the owner was in schedule(): it runs its runnext
  | { type: 'spinning limit'; m: M } // findRunnable did not let this M spin
  | { type: 'preempt'; p: P; g: G }
  | { type: 'entersyscall'; m: M; p: P; g: G }
  | { type: 'handoffp'; p: P; from: M; to: M | null }
  | { type: 'exitsyscall'; m: M; g: G; outcome: ExitOutcome; p: P | null }
  | { type: 'main done' };

export type ExitOutcome = 'kept its P' | 'took its old P back' | 'took an idle P' | 'went to the global queue';

export interface Stats {
  goroutinesCreated: number;
  overflows: number; // runqputslow batches
  overflowMoved: number; // goroutines they moved
  fairnessChecks: number; // G taken by the schedtick%61 check
  fairnessWithLocalWork: number; // ...while the P had local work it skipped
  globalBatches: number; // globrunqgetbatch from findRunnable
  steals: number; // successful runqsteal
  stolen: number; // goroutines moved by stealing
  runnextSteals: number;
  runnextBackoffs: number;
  spinningLimited: number;
  preemptions: number;
  syscalls: number;
  handoffs: number; // Ps retaken from syscalls and handed off
  exits: Record<ExitOutcome, number>;
  executes: number;
  inheritedSlices: number; // execute(gp, true): runnext goroutines sharing the slice
  schedules: number;
  threads: number; // Ms created
  maxGlobal: number;
  migrated: number; // goroutines that ran on more than one P
  finishedAtMs: number;
}

export interface Config {
  gomaxprocs: number;
  random: Random;
  onEvent?: (e: SchedEvent) => void;
}

export class Scheduler {
  readonly allp: P[] = [];
  readonly allm: M[] = [];
  readonly allg: G[] = [];
  /** sched.runq: the global run queue (FIFO). */
  readonly globalq: G[] = [];
  private globalHead = 0;
  private pidle: P[] = []; // sched.pidle: a stack, pidleput pushes on the head
  private midle: M[] = []; // sched.midle: a stack, mput pushes on the head
  nmspinning = 0;
  needspinning = 0;
  /** Ms that must run schedule() at the end of this tick, in order. */
  private runQueue: M[] = [];
  private waitGroup = 0;
  private mainG: G | null = null;
  private mainWaiting = false;
  now = 0; // µs
  done = false;
  private sysmonNext = 20;
  private sysmonIdle = 0;
  private sysmonDelay = 20;
  private coprimes: number[] = [];
  readonly stats: Stats;
  private readonly random: Random;
  private readonly emit: (e: SchedEvent) => void;
  constructor(config: Config) {
    this.random = config.random;
    this.emit = config.onEvent ?? (() => {});
    this.stats = {
      goroutinesCreated: 0, overflows: 0, overflowMoved: 0, fairnessChecks: 0, fairnessWithLocalWork: 0,
      globalBatches: 0, steals: 0, stolen: 0, runnextSteals: 0, runnextBackoffs: 0, spinningLimited: 0,
      preemptions: 0, syscalls: 0, handoffs: 0,
      exits: { 'kept its P': 0, 'took its old P back': 0, 'took an idle P': 0, 'went to the global queue': 0 },
      executes: 0, inheritedSlices: 0, schedules: 0, threads: 0, maxGlobal: 0, migrated: 0, finishedAtMs: 0,
    };
    // procresize: GOMAXPROCS Ps; P0 goes to the current M, the others onto the idle list from
    // the highest id down, so pidleget hands out P1 first.
    for (let id = 0; id < config.gomaxprocs; id++) {
      this.allp.push({
        id, status: 'idle', m: null, runq: new Array<G | null>(RUNQ_SIZE).fill(null), runqhead: 0, runqtail: 0,
        runnext: null, schedtick: 0, syscalltick: 0, sysmontick: { schedtick: 0, schedwhen: 0, syscalltick: 0, syscallwhen: 0 },
      });
    }
    for (let id = config.gomaxprocs - 1; id >= 1; id--) this.pidleput(this.allp[id]!);
    // stealOrder.reset(nprocs): the numbers coprime with GOMAXPROCS.
    for (let i = 1; i <= config.gomaxprocs; i++) if (gcd(i, config.gomaxprocs) === 1) this.coprimes.push(i);
  }

  get gomaxprocs(): number {
    return this.allp.length;
  }
  get npidle(): number {
    return this.pidle.length;
  }
  get nmidle(): number {
    return this.midle.length;
  }
  get globalLength(): number {
    return this.globalq.length - this.globalHead;
  }
  runqsize(pp: P): number {
    return pp.runqtail - pp.runqhead;
  }
  /** The goroutines in pp's ring, head first. */
  runqContents(pp: P): G[] {
    const out: G[] = [];
    for (let i = pp.runqhead; i < pp.runqtail; i++) out.push(pp.runq[i % RUNQ_SIZE]!);
    return out;
  }
  globalContents(): G[] {
    return this.globalq.slice(this.globalHead);
  }

  // ── goroutines ───────────────────────────────────────────────────────────────────

  newG(name: string, steps: Step[], inWaitGroup = false): G {
    const g: G = { id: this.allg.length + 1, name, steps, pc: 0, left: 0, status: 'runnable', lastP: -1, psSeen: new Set(), inWaitGroup };
    this.allg.push(g);
    this.stats.goroutinesCreated++;
    this.loadStep(g);
    return g;
  }

  newChan(name: string): Chan {
    return { name, recvq: null, sendq: null };
  }

  private loadStep(g: G): void {
    const step = g.steps[g.pc];
    g.left = step && (step.kind === 'cpu' || step.kind === 'syscall') ? step.ms : 0;
  }

  /** Starts the program: M0 runs main on P0 (rt0_go → newproc(main) → mstart → schedule). */
  start(mainSteps: Step[]): void {
    const m0 = this.newm();
    const p0 = this.allp[0]!;
    this.acquirep(m0, p0);
    const main = this.newG('main', mainSteps);
    this.mainG = main;
    this.runqput(p0, main, true);
    this.runQueue.push(m0);
    this.runSchedulers();
  }

  // ── run queues ───────────────────────────────────────────────────────────────────

  /**
   * runqput: next=true puts gp in runnext and kicks the old runnext to the tail of the ring;
   * a full ring sends half of itself plus gp to the global queue (runqputslow).
   */
  runqput(pp: P, gp: G, next: boolean): void {
    if (next) {
      const oldnext = pp.runnext;
      pp.runnext = gp;
      if (oldnext === null) return;
      gp = oldnext; // Kick the old runnext out to the regular run queue.
    }
    const h = pp.runqhead;
    const t = pp.runqtail;
    if (t - h < RUNQ_SIZE) {
      pp.runq[t % RUNQ_SIZE] = gp;
      pp.runqtail = t + 1;
      return;
    }
    this.runqputslow(pp, gp, h, t);
  }

  /** runqputslow: moves the older half of a full ring (128) plus gp to the global queue in one batch. */
  private runqputslow(pp: P, gp: G, h: number, t: number): void {
    const n = Math.floor((t - h) / 2);
    if (n !== RUNQ_SIZE / 2) throw new Error('runqputslow: queue is not full');
    const batch: G[] = [];
    for (let i = 0; i < n; i++) batch.push(pp.runq[(h + i) % RUNQ_SIZE]!);
    pp.runqhead = h + n;
    batch.push(gp);
    for (const g of batch) this.globrunqput(g); // globrunqputbatch
    this.stats.overflows++;
    this.stats.overflowMoved += batch.length;
    this.emit({ type: 'overflow', p: pp, moved: batch.length });
  }

  /** runqputbatch: as many of q as fit, onto the tail of pp's ring. */
  private runqputbatch(pp: P, q: G[]): void {
    while (q.length > 0 && pp.runqtail - pp.runqhead < RUNQ_SIZE) {
      pp.runq[pp.runqtail % RUNQ_SIZE] = q.shift()!;
      pp.runqtail++;
    }
  }

  /** runqget: runnext first (it inherits the time slice), then the head of the ring. */
  runqget(pp: P): { gp: G; inheritTime: boolean } | null {
    const next = pp.runnext;
    if (next !== null) {
      pp.runnext = null;
      return { gp: next, inheritTime: true };
    }
    if (pp.runqtail === pp.runqhead) return null;
    const gp = pp.runq[pp.runqhead % RUNQ_SIZE]!;
    pp.runq[pp.runqhead % RUNQ_SIZE] = null;
    pp.runqhead++;
    return { gp, inheritTime: false };
  }

  /** runqempty: no goroutine in the ring and none in runnext. */
  runqempty(pp: P): boolean {
    return pp.runqhead === pp.runqtail && pp.runnext === null;
  }

  globrunqput(gp: G): void {
    this.globalq.push(gp);
    this.stats.maxGlobal = Math.max(this.stats.maxGlobal, this.globalLength);
  }

  /** globrunqget: one goroutine from the head of the global queue. */
  private globrunqget(): G | null {
    if (this.globalLength === 0) return null;
    const g = this.globalq[this.globalHead]!;
    this.globalHead++;
    this.compactGlobal();
    return g;
  }

  /**
   * globrunqgetbatch(n): n = min(n, size, size/gomaxprocs+1), the P's fair share; the first is
   * returned to run, the rest go to the P's ring.
   */
  globrunqgetbatch(max: number): { gp: G | null; q: G[] } {
    const size = this.globalLength;
    if (size === 0) return { gp: null, q: [] };
    let n = Math.min(max, size, Math.floor(size / this.gomaxprocs) + 1);
    const gp = this.globrunqget();
    n--;
    const q: G[] = [];
    for (; n > 0; n--) q.push(this.globrunqget()!);
    return { gp, q };
  }

  private compactGlobal(): void {
    if (this.globalHead > 1024 && this.globalHead * 2 > this.globalq.length) {
      this.globalq.splice(0, this.globalHead);
      this.globalHead = 0;
    }
  }

  /**
   * runqgrab: half of the victim's ring, rounded up (n - n/2). With an empty ring, on the last
   * steal pass only, the victim's runnext, and then (if the victim is running and its goroutine
   * is not in a system call) only after a 3 µs sleep that gives the owner the chance to run it
   * first. In the model the owner takes that chance exactly when its M is in schedule() right
   * now (curg is nil): the runtime's motivating case of a goroutine that readies another and
   * blocks at once. Then the steal fails. Otherwise the owner is busy and the steal succeeds
   * after the sleep.
   */
  runqgrab(victim: P, stealRunNextG: boolean, thief: P): { batch: G[]; runnext: boolean; backoff: boolean } {
    const h = victim.runqhead;
    const t = victim.runqtail;
    let n = t - h;
    n = n - Math.floor(n / 2);
    if (n === 0) {
      if (stealRunNextG && victim.runnext !== null) {
        const next = victim.runnext;
        let backoff = false;
        if (victim.status === 'running' && victim.m !== null) {
          const gp = victim.m.curg;
          if (gp === null || gp.status !== 'syscall') {
            backoff = true; // usleep(3) (osyield() where timers are coarse)
            if (gp === null) {
              this.stats.runnextBackoffs++;
              this.emit({ type: 'runnext backoff', thief, victim });
              return { batch: [], runnext: false, backoff: true };
            }
          }
        }
        victim.runnext = null;
        return { batch: [next], runnext: true, backoff };
      }
      return { batch: [], runnext: false, backoff: false };
    }
    const batch: G[] = [];
    for (let i = 0; i < n; i++) {
      batch.push(victim.runq[(h + i) % RUNQ_SIZE]!);
      victim.runq[(h + i) % RUNQ_SIZE] = null;
    }
    victim.runqhead = h + n;
    return { batch, runnext: false, backoff: false };
  }

  /** runqsteal: grabs into pp's ring and returns the last goroutine grabbed, to run now. */
  runqsteal(pp: P, p2: P, stealRunNextG: boolean): G | null {
    const { batch, runnext, backoff } = this.runqgrab(p2, stealRunNextG, pp);
    if (batch.length === 0) return null;
    const gp = batch.pop()!;
    for (const g of batch) {
      pp.runq[pp.runqtail % RUNQ_SIZE] = g;
      pp.runqtail++;
    }
    this.stats.steals++;
    this.stats.stolen += batch.length + 1;
    if (runnext) this.stats.runnextSteals++;
    this.emit({ type: 'steal', thief: pp, victim: p2, count: batch.length + 1, runnext, backoff });
    return gp;
  }

  // ── Ps and Ms ────────────────────────────────────────────────────────────────────

  /** pidleput: the P goes on the idle list (its queues must be empty). */
  pidleput(pp: P): void {
    if (!this.runqempty(pp)) throw new Error('pidleput: P has non-empty run queue');
    pp.status = 'idle';
    pp.m = null;
    this.pidle.unshift(pp);
  }

  pidleget(): P | null {
    const pp = this.pidle.shift() ?? null;
    if (pp) pp.status = 'running';
    return pp;
  }

  /** pidlegetSpinning: an idle P, or needspinning = 1 so that a non-spinning M about to drop its P spins instead. */
  private pidlegetSpinning(): P | null {
    const pp = this.pidleget();
    if (pp === null) this.needspinning = 1;
    return pp;
  }

  acquirep(mp: M, pp: P): void {
    mp.p = pp;
    pp.m = mp;
    pp.status = 'running';
  }

  private releasep(mp: M): P {
    const pp = mp.p!;
    mp.p = null;
    pp.m = null;
    return pp;
  }

  newm(): M {
    const mp: M = { id: this.allm.length, p: null, nextp: null, oldp: null, curg: null, spinning: false, state: 'idle', schedules: 0 };
    this.allm.push(mp);
    this.stats.threads++;
    this.emit({ type: 'newm', m: mp });
    return mp;
  }

  /** startm: an idle M (mget) or a new one (newm) will run pp; spinning Ms look for work to steal. */
  startm(pp: P | null, spinning: boolean): M | null {
    if (pp === null) {
      pp = this.pidleget();
      if (pp === null) return null;
    }
    const nmp = this.midle.shift() ?? this.newm();
    nmp.spinning = spinning;
    nmp.nextp = pp;
    pp.status = 'running';
    nmp.state = 'scheduling';
    this.emit({ type: 'startm', m: nmp, p: pp, spinning });
    this.runQueue.push(nmp);
    return nmp;
  }

  /** stopm: the M goes on the idle list and sleeps until startm hands it a P. */
  stopm(mp: M): void {
    if (mp.p !== null) throw new Error('stopm holding p');
    if (mp.spinning) throw new Error('stopm spinning');
    mp.state = 'idle';
    mp.curg = null;
    this.midle.unshift(mp);
    this.emit({ type: 'stopm', m: mp });
  }

  /** wakep: start one spinning M if there is an idle P and no M is spinning already. */
  wakep(): void {
    if (this.nmspinning !== 0) return;
    this.nmspinning = 1;
    const pp = this.pidlegetSpinning();
    if (pp === null) {
      this.nmspinning--;
      return;
    }
    this.startm(pp, true);
  }

  becomeSpinning(mp: M): void {
    mp.spinning = true;
    this.nmspinning++;
    this.needspinning = 0;
  }

  /** resetspinning: a spinning M found work; it stops spinning and wakes another (wakep). */
  private resetspinning(mp: M): void {
    mp.spinning = false;
    this.nmspinning--;
    if (this.nmspinning < 0) throw new Error('findRunnable: negative nmspinning');
    this.wakep();
  }

  /** handoffp: a P whose M is in a system call gets a new M if there is work for it. */
  handoffp(pp: P, from: M): void {
    const started = (spinning: boolean): void => {
      this.emit({ type: 'handoffp', p: pp, from, to: this.startm(pp, spinning) });
    };
    // if it has local work, start it straight away
    if (!this.runqempty(pp) || this.globalLength > 0) return started(false);
    // no local work, check that there are no spinning/idle M's, otherwise our help is not required
    if (this.nmspinning + this.npidle === 0) {
      this.nmspinning = 1;
      this.needspinning = 0;
      return started(true);
    }
    // If this is the last running P and nobody is polling network, need to wakeup another M to poll network.
    if (this.npidle === this.gomaxprocs - 1) return started(false);
    this.pidleput(pp);
    this.emit({ type: 'handoffp', p: pp, from, to: null });
  }

  // ── schedule ─────────────────────────────────────────────────────────────────────

  /** Runs schedule() on g0 for every M that needs it, until none does. */
  runSchedulers(): void {
    while (this.runQueue.length > 0 && !this.done) {
      const mp = this.runQueue.shift()!;
      if (mp.nextp !== null) {
        this.acquirep(mp, mp.nextp); // mstart / stopm: acquirep(gp.m.nextp)
        mp.nextp = null;
      }
      this.schedule(mp);
    }
  }

  /** schedule: on g0, find a runnable goroutine (findRunnable) and run it (execute). */
  private schedule(mp: M): void {
    mp.state = 'scheduling';
    mp.curg = null;
    mp.schedules++;
    this.stats.schedules++;
    this.emit({ type: 'schedule', m: mp });
    if (mp.spinning && mp.p !== null && !this.runqempty(mp.p)) throw new Error('schedule: spinning with local work');
    const found = this.findRunnable(mp);
    if (found === null) return; // stopm: the M sleeps
    // This thread is going to run a goroutine and is not spinning anymore.
    if (mp.spinning) this.resetspinning(mp);
    this.execute(mp, found.gp, found.inheritTime, found.source);
  }

  /**
   * findRunnable, in the source's order: the 61st-tick global check, runnext and the local
   * ring, the global queue, stealing (if the spinning limit allows), then drop the P and sleep.
   */
  findRunnable(mp: M): { gp: G; inheritTime: boolean; source: Source } | null {
    for (;;) {
      const pp = mp.p!;
      // Check the global runnable queue once in a while to ensure fairness.
      if (pp.schedtick % 61 === 0 && this.globalLength > 0) {
        const gp = this.globrunqget()!;
        const localWork = this.runqsize(pp) + (pp.runnext ? 1 : 0);
        this.stats.fairnessChecks++;
        if (localWork > 0) this.stats.fairnessWithLocalWork++;
        this.emit({ type: 'fairness', p: pp, g: gp, localWork });
        return { gp, inheritTime: false, source: 'global (61st tick)' };
      }
      // local runq
      const local = this.runqget(pp);
      if (local) return { gp: local.gp, inheritTime: local.inheritTime, source: local.inheritTime ? 'runnext' : 'local' };
      // global runq
      if (this.globalLength > 0) {
        const { gp, q } = this.globrunqgetbatch(RUNQ_SIZE / 2);
        this.runqputbatch(pp, q);
        this.stats.globalBatches++;
        return { gp: gp!, inheritTime: false, source: 'global' };
      }
      // (netpoll: no network in this model)
      // Spinning Ms: steal work from other Ps. Limit the number of spinning Ms to half the number of busy Ps.
      if (mp.spinning || 2 * this.nmspinning < this.gomaxprocs - this.npidle) {
        if (!mp.spinning) this.becomeSpinning(mp);
        const gp = this.stealWork(pp);
        if (gp) return { gp, inheritTime: false, source: 'stolen' };
      } else {
        this.stats.spinningLimited++;
        this.emit({ type: 'spinning limit', m: mp });
      }
      // return P and block
      if (this.globalLength > 0) {
        const { gp, q } = this.globrunqgetbatch(RUNQ_SIZE / 2);
        this.runqputbatch(pp, q);
        this.stats.globalBatches++;
        return { gp: gp!, inheritTime: false, source: 'global' };
      }
      if (!mp.spinning && this.needspinning === 1) {
        this.becomeSpinning(mp); // "Delicate dance": spin on behalf of whoever found work without a P
        continue;
      }
      this.pidleput(this.releasep(mp));
      if (mp.spinning) {
        mp.spinning = false;
        this.nmspinning--;
        // Check global and P runqueues again.
        if (this.globalLength > 0) {
          const pp2 = this.pidlegetSpinning();
          if (pp2 !== null) {
            const { gp, q } = this.globrunqgetbatch(RUNQ_SIZE / 2);
            this.runqputbatch(pp2, q);
            this.acquirep(mp, pp2);
            this.becomeSpinning(mp);
            this.stats.globalBatches++;
            return { gp: gp!, inheritTime: false, source: 'global' };
          }
        }
        const pp2 = this.checkRunqsNoP();
        if (pp2 !== null) {
          this.acquirep(mp, pp2);
          this.becomeSpinning(mp);
          continue; // goto top
        }
      }
      this.stopm(mp);
      return null;
    }
  }

  /** checkRunqsNoP: if some running P has queued work, get an idle P to steal it with. */
  private checkRunqsNoP(): P | null {
    for (const p2 of this.allp) {
      if (p2.status !== 'idle' && !this.runqempty(p2)) return this.pidlegetSpinning();
    }
    return null;
  }

  /** stealWork: four passes over the other Ps in a random order; runnext only on the last. */
  stealWork(pp: P): G | null {
    for (let i = 0; i < STEAL_TRIES; i++) {
      const stealRunNextG = i === STEAL_TRIES - 1;
      // stealOrder.start(cheaprand()): start anywhere, step by a number coprime with GOMAXPROCS.
      const r = Math.floor(this.random.next() * 4294967296);
      const count = this.gomaxprocs;
      let pos = r % count;
      const inc = this.coprimes[Math.floor(r / count) % this.coprimes.length]!;
      for (let k = 0; k < count; k++, pos = (pos + inc) % count) {
        const p2 = this.allp[pos]!;
        if (p2 === pp) continue;
        // Don't bother to attempt to steal if p2 is idle.
        if (p2.status === 'idle') continue;
        const gp = this.runqsteal(pp, p2, stealRunNextG);
        if (gp) return gp;
      }
    }
    return null;
  }

  /** execute: run gp on mp's P; a new time slice (schedtick++) unless it inherits the current one. */
  execute(mp: M, gp: G, inheritTime: boolean, source: Source): void {
    const pp = mp.p!;
    mp.curg = gp;
    gp.status = 'running';
    mp.state = 'running';
    if (!inheritTime) pp.schedtick++;
    else this.stats.inheritedSlices++;
    this.stats.executes++;
    this.noteRunOn(gp, pp);
    this.emit({ type: 'execute', m: mp, p: pp, g: gp, inheritTime, source });
    this.runInstant(mp);
  }

  /** Affinity bookkeeping: a goroutine that runs on a second P has migrated. */
  private noteRunOn(gp: G, pp: P): void {
    if (gp.lastP >= 0 && gp.lastP !== pp.id && gp.psSeen.size === 1) this.stats.migrated++;
    gp.lastP = pp.id;
    gp.psSeen.add(pp.id);
  }

  // ── goroutine steps ──────────────────────────────────────────────────────────────

  /** Runs the instantaneous steps at gp's pc until it reaches a cpu step, blocks or exits. */
  private runInstant(mp: M): void {
    for (;;) {
      const gp = mp.curg!;
      const pp = mp.p!;
      const step = gp.steps[gp.pc];
      if (!step || step.kind === 'done') {
        this.goexit(mp, gp);
        return;
      }
      switch (step.kind) {
        case 'cpu':
          if (gp.left > 0) return; // runs in the coming ticks
          break;
        case 'spawn':
          for (let i = 0; i < step.count; i++) this.newproc(pp, this.newG(step.name, step.program(i), true));
          break;
        case 'wait':
          if (this.waitGroup > 0) {
            gp.pc++;
            this.loadStep(gp);
            this.mainWaiting = true;
            this.park(mp, gp);
            return;
          }
          break;
        case 'send':
          if (step.ch.recvq) {
            const r = step.ch.recvq;
            step.ch.recvq = null;
            this.goready(pp, r);
          } else {
            step.ch.sendq = gp;
            gp.pc++;
            this.loadStep(gp);
            this.park(mp, gp);
            return;
          }
          break;
        case 'recv':
          if (step.ch.sendq) {
            const s = step.ch.sendq;
            step.ch.sendq = null;
            this.goready(pp, s);
          } else {
            step.ch.recvq = gp;
            gp.pc++;
            this.loadStep(gp);
            this.park(mp, gp);
            return;
          }
          break;
        case 'syscall':
          this.entersyscall(mp, gp);
          return;
      }
      gp.pc++;
      this.loadStep(gp);
    }
  }

  /** newproc: the new goroutine goes to runnext of the current P; wakep may start a spinning M. */
  newproc(pp: P, newg: G): void {
    if (newg.inWaitGroup) this.waitGroup++;
    this.runqput(pp, newg, true);
    this.wakep();
  }

  /** ready (goready): the woken goroutine goes to runnext of the waker's P. */
  private goready(pp: P, gp: G): void {
    gp.status = 'runnable';
    this.runqput(pp, gp, true);
    this.wakep();
  }

  /** gopark → mcall(park_m): the goroutine waits; the M switches to g0 and schedules. */
  private park(mp: M, gp: G): void {
    gp.status = 'waiting';
    this.emit({ type: 'stop', m: mp, p: mp.p, g: gp, why: 'park' });
    mp.curg = null;
    this.schedule(mp);
  }

  /** goexit0: the goroutine is done; wg.Done may wake main (into runnext of this P). */
  private goexit(mp: M, gp: G): void {
    gp.status = 'dead';
    this.emit({ type: 'stop', m: mp, p: mp.p, g: gp, why: 'exit' });
    mp.curg = null;
    if (gp === this.mainG) {
      this.done = true;
      this.stats.finishedAtMs = this.now / 1000;
      this.emit({ type: 'main done' });
      return;
    }
    if (gp.inWaitGroup) {
      this.waitGroup--;
      if (this.waitGroup === 0 && this.mainWaiting && this.mainG) {
        this.mainWaiting = false;
        this.goready(mp.p!, this.mainG);
      }
    }
    this.schedule(mp);
  }

  /**
   * entersyscall: the goroutine and its M block in the kernel, and the P stays with them
   * (since Go 1.26 it stays _Prunning; sysmon sees the goroutine's _Gsyscall status).
   */
  entersyscall(mp: M, gp: G): void {
    const pp = mp.p!;
    gp.status = 'syscall';
    mp.state = 'syscall';
    mp.oldp = pp;
    this.stats.syscalls++;
    this.emit({ type: 'entersyscall', m: mp, p: pp, g: gp });
  }

  /**
   * exitsyscall: keep the P if nobody took it; else take the old P back if the thread now
   * holding it is itself in a system call (exitsyscallTryGetP), else any idle P; failing both,
   * exitsyscallNoP puts the goroutine on the global queue and the M sleeps (stopm).
   */
  exitsyscall(mp: M, gp: G): void {
    gp.pc++;
    this.loadStep(gp);
    const oldp = mp.oldp;
    mp.oldp = null;
    let outcome: ExitOutcome;
    let pp = mp.p;
    if (pp !== null) {
      pp.syscalltick++;
      outcome = 'kept its P';
    } else {
      pp = null;
      if (oldp && oldp.status === 'running' && oldp.m && oldp.m.curg && oldp.m.curg.status === 'syscall' && oldp.m.p === oldp) {
        // setBlockOnExitSyscall(oldp) + takeP: the thread now holding our old P is in a syscall.
        const thread = oldp.m;
        this.emit({ type: 'stop', m: thread, p: oldp, g: thread.curg!, why: 'lost P' });
        thread.p = null;
        oldp.m = null;
        oldp.syscalltick++;
        pp = oldp;
        outcome = 'took its old P back';
      } else if (this.npidle > 0) {
        pp = this.pidleget();
        outcome = 'took an idle P';
      } else {
        outcome = 'went to the global queue';
      }
      if (pp) this.acquirep(mp, pp);
    }
    this.stats.exits[outcome]++;
    this.emit({ type: 'exitsyscall', m: mp, g: gp, outcome, p: pp });
    if (pp === null) {
      // exitsyscallNoP: no P anywhere
      gp.status = 'runnable';
      mp.curg = null;
      this.globrunqput(gp);
      this.stopm(mp);
      return;
    }
    gp.status = 'running';
    mp.state = 'running';
    if (outcome !== 'kept its P') {
      // It carries on on the P it got, without a scheduling round and without a new time slice.
      this.noteRunOn(gp, pp);
      this.emit({ type: 'execute', m: mp, p: pp, g: gp, inheritTime: true, source: 'after syscall' });
    }
    this.runInstant(mp);
  }

  /** goschedImpl(preempted): a preempted goroutine goes to the global queue, not back to its P. */
  private gopreempt(mp: M, gp: G): void {
    gp.status = 'runnable';
    this.stats.preemptions++;
    this.emit({ type: 'stop', m: mp, p: mp.p, g: gp, why: 'preempted' });
    mp.curg = null;
    this.globrunqput(gp);
    this.wakep();
    this.schedule(mp);
  }

  // ── time ─────────────────────────────────────────────────────────────────────────

  /** One tick: sysmon's wake-ups during it, then 1 ms of work on every running M, then scheduling. */
  tick(): void {
    if (this.done) return;
    const start = this.now;
    const end = start + TICK_US;
    const preempted = new Set<G>();
    // sysmon: usleep(delay); retake(now); 20 µs, doubling after 50 idle rounds, up to 10 ms.
    while (this.sysmonNext < end) {
      this.now = this.sysmonNext;
      const n = this.retake(this.now, preempted);
      // An M that handoffp started runs schedule() at once and, in the model, works the whole tick.
      this.runSchedulers();
      if (n !== 0) this.sysmonIdle = 0;
      else this.sysmonIdle++;
      if (this.sysmonIdle === 0) this.sysmonDelay = 20;
      else if (this.sysmonIdle > 50) this.sysmonDelay *= 2;
      if (this.sysmonDelay > 10_000) this.sysmonDelay = 10_000;
      this.sysmonNext = this.now + this.sysmonDelay;
    }
    this.now = end;
    // 1 ms of work on each M, in the order of their ids.
    for (const mp of this.allm) {
      if (this.done) return;
      const gp = mp.curg;
      if (gp === null) continue;
      if (mp.state === 'running' && gp.status === 'running') {
        gp.left--;
        if (gp.left <= 0) {
          gp.pc++;
          this.loadStep(gp);
          if (preempted.has(gp)) {
            // the slice ended at the same moment as the step: the preemption wins
            this.gopreempt(mp, gp);
          } else this.runInstant(mp);
        } else if (preempted.has(gp)) this.gopreempt(mp, gp);
      } else if (mp.state === 'syscall' && gp.status === 'syscall') {
        gp.left--;
        if (gp.left <= 0) this.exitsyscall(mp, gp);
      }
    }
    this.runSchedulers();
  }

  /**
   * retake (sysmon): preempt a P's goroutine whose time slice (schedtick) is 10 ms old, and
   * take the P of a goroutine that has been in a system call since sysmon's last look
   * (syscalltick unchanged), unless the P has no work, there are idle Ps or spinning Ms to
   * take new work, and the call is younger than 10 ms.
   */
  retake(now: number, preempted: Set<G>): number {
    let n = 0;
    for (const pp of this.allp) {
      if (pp.status !== 'running') continue;
      const pd = pp.sysmontick;
      let sysretake = false;
      if (pd.schedtick !== pp.schedtick) {
        pd.schedtick = pp.schedtick;
        pd.schedwhen = now;
      } else if (pd.schedwhen + FORCE_PREEMPT_US <= now) {
        // preemptone: only a goroutine running Go code can be preempted
        const mp = pp.m;
        const gp = mp?.curg;
        if (mp && gp && gp.status === 'running' && !preempted.has(gp)) {
          preempted.add(gp);
          this.emit({ type: 'preempt', p: pp, g: gp });
        }
        sysretake = true;
      }
      // setBlockOnExitSyscall: is the P's goroutine in a system call?
      const mp = pp.m;
      if (!mp || !mp.curg || mp.curg.status !== 'syscall' || mp.p !== pp) continue;
      // Retake the P if it's there for more than 1 sysmon tick (at least 20us).
      if (!sysretake && pd.syscalltick !== pp.syscalltick) {
        pd.syscalltick = pp.syscalltick;
        pd.syscallwhen = now;
        continue;
      }
      if (this.runqempty(pp) && this.nmspinning + this.npidle > 0 && pd.syscallwhen + SYSCALL_RETAKE_GRACE_US > now) continue;
      // takeP
      this.emit({ type: 'stop', m: mp, p: pp, g: mp.curg, why: 'lost P' });
      mp.p = null;
      pp.m = null;
      pp.syscalltick++;
      n++;
      this.stats.handoffs++;
      this.handoffp(pp, mp);
    }
    return n;
  }

  /** Runs until main returns (or maxTicks). */
  runToEnd(maxTicks = 100_000): void {
    for (let i = 0; i < maxTicks && !this.done; i++) this.tick();
    if (!this.done) throw new Error(`the model did not finish in ${maxTicks} ticks`);
  }

  /** A line in GODEBUG=schedtrace's format (Go 1.25 and later), from the model's state. */
  schedtrace(): string {
    const ms = Math.floor(this.now / 1000);
    const queues = this.allp.map((pp) => this.runqsize(pp)).join(' ');
    const ticks = this.allp.map((pp) => `${pp.schedtick} `).join('');
    return (
      `SCHED ${ms}ms: gomaxprocs=${this.gomaxprocs} idleprocs=${this.npidle} threads=${this.allm.length + 1} ` +
      `spinningthreads=${this.nmspinning} needspinning=${this.needspinning} idlethreads=${this.nmidle} ` +
      `runqueue=${this.globalLength} [ ${queues} ] schedticks=[ ${ticks}]`
    );
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
