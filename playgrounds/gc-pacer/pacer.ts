/**
 * A model of how the Go garbage collector paces itself, after runtime/mgcpacer.go in Go 1.27.3.
 *
 * The heap-goal part is a line-by-line port of content/go/gcpacer/pacer.go, the tested model
 * behind the article's table (its pacer_test.go pins the numbers; this file's tests pin the
 * same ones):
 * - percentGoal: gcControllerState.commit, live heap + (live heap + roots) × GOGC/100, at
 *   least the heap minimum of 4 MiB × GOGC/100; none when GOGC is off.
 * - limitGoal: memoryLimitHeapGoal for a steady heap, the limit minus non-heap memory less
 *   3% headroom (at least 1 MiB), never below the live heap.
 * - goal: heapGoalInternal, the smaller of the two.
 *
 * The trigger and assist part goes beyond that model, from the same source file:
 * - commit stores the runway the pacer wants: consMark × (1 − u)/u × scan work, with
 *   u = gcGoalUtilization = 0.25. In steady state consMark is the allocation rate per mutator
 *   CPU-second over the scan rate per GC CPU-second, so with every P busy the runway is
 *   allocRate × scanWork / (u × GOMAXPROCS × scanRate): what the program allocates while
 *   25% of the CPUs mark the scannable heap.
 * - trigger() starts the cycle at goal − runway, but never before 45/64 (about 0.7) of the way
 *   from the marked heap to the goal, nor after max(61/64 of the way, goal − 4 MiB).
 * - When the lower bound wins, background workers cannot finish the mark before the heap
 *   reaches the goal, and allocating goroutines must do the rest (gcAssistAlloc): the model's
 *   assist work is the scan work the 25% background share leaves undone in that window.
 *
 * Assumptions: every P is busy (a loaded server); a pointer-free ballast is counted as live but
 * adds no scan work (the collector marks it as one object and never scans it); the live heap is
 * the same after every cycle; no CPU limiter, no idle-time marking, no sweep-distance minimum.
 */

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

/** GOGC=off (debug.SetGCPercent(-1)). */
export const OFF = -1;

export const GC_GOAL_UTILIZATION = 0.25; // gcGoalUtilization = gcBackgroundUtilization
export const HEAP_MINIMUM = 4 * MiB; // defaultHeapMinimum for GOGC=100
export const TRIGGER_RATIO_DEN = 64; // triggerRatioDen
export const MIN_TRIGGER_RATIO_NUM = 45; // minTriggerRatioNum, ~0.7
export const MAX_TRIGGER_RATIO_NUM = 61; // maxTriggerRatioNum, ~0.95

/** What the pacer knows at the end of a mark phase. Bytes. */
export interface Heap {
  marked: number; // found live by the last mark, a ballast included
  roots: number; // scannable goroutine stacks plus scannable globals
  nonHeap: number; // runtime memory that holds no heap objects
}

/** percentGoal (commit): undefined when GOGC is off. Integer arithmetic, as uint64 in Go. */
export function percentGoal(gogc: number, h: Heap): number | undefined {
  if (gogc < 0) return undefined;
  let goal = h.marked + Math.floor(((h.marked + h.roots) * gogc) / 100);
  const minimum = Math.floor((HEAP_MINIMUM * gogc) / 100);
  if (goal < minimum) goal = minimum;
  return goal;
}

/** limitGoal (memoryLimitHeapGoal, steady state). */
export function limitGoal(limit: number, h: Heap): number {
  if (h.nonHeap >= limit) return h.marked; // non-heap memory alone exceeds the limit: collect continuously
  let goal = limit - h.nonHeap;
  const headroom = Math.max(Math.floor(goal / 100) * 3, 1 * MiB);
  if (goal < headroom || goal - headroom < headroom) goal = headroom;
  else goal -= headroom;
  return Math.max(goal, h.marked);
}

/** The two knobs. limit 0 means no GOMEMLIMIT. */
export interface Settings {
  gogc: number;
  limit: number;
}

/** heapGoalInternal: the smaller of the GOGC goal and the limit's goal; Infinity when neither applies. */
export function heapGoal(s: Settings, h: Heap): number {
  let goal = Infinity;
  const pct = percentGoal(s.gogc, h);
  if (pct !== undefined) goal = pct;
  if (s.limit > 0) goal = Math.min(goal, limitGoal(s.limit, h));
  return goal;
}

/** A steady-state service. */
export interface Service {
  live: number; // the program's own live heap
  roots: number;
  nonHeap: number;
  ballast: number; // untouched, pointer-free
  allocRate: number; // bytes per second
}

/** What a setting does to a Service: Service.Run in pacer.go. */
export interface Result {
  goal: number; // heap goal (the heap's peak), ballast included
  runway: number; // bytes allocated per cycle
  cyclesPerSecond: number; // Infinity when the runway is zero
  resident: number; // rough peak RSS: goal minus the untouched ballast, plus non-heap memory
}

export function run(svc: Service, s: Settings): Result {
  const h: Heap = { marked: svc.live + svc.ballast, roots: svc.roots, nonHeap: svc.nonHeap };
  const goal = heapGoal(s, h);
  const resident = goal === Infinity ? Infinity : goal - svc.ballast + svc.nonHeap;
  const runway = goal > h.marked ? goal - h.marked : 0;
  const cyclesPerSecond = runway === 0 ? Infinity : svc.allocRate / runway;
  return { goal, runway, cyclesPerSecond, resident };
}

/** The CPU side: how many Ps there are and how fast one CPU marks scannable memory. */
export interface Machine {
  gomaxprocs: number;
  scanRate: number; // bytes of scannable heap marked per CPU-second
}

/** One cycle's pacing: where it triggers and how much of its mark the assists must do. */
export interface Pacing {
  scanWork: number; // bytes to mark: the live heap and roots, not the pointer-free ballast
  wantedRunway: number; // commit's runway at 25% utilization
  trigger: number; // heap size at which the cycle starts
  lowerBoundWon: boolean; // the trigger was clamped to 45/64 of the way: too little runway
  markSeconds: number; // wall time from trigger to goal
  assistBytes: number; // scan work done by allocating goroutines (gcAssistAlloc)
  gcCpuSeconds: number; // all mark work, background and assists
  assistCpuSeconds: number;
}

/** trigger(): goal − runway, within [marked + 45/64 of the way, max(marked + 61/64, goal − 4 MiB)]. */
export function trigger(goal: number, marked: number, wantedRunway: number): { trigger: number; lowerBoundWon: boolean } {
  if (marked >= goal) return { trigger: goal, lowerBoundWon: true };
  const way = Math.floor((goal - marked) / TRIGGER_RATIO_DEN);
  const lower = way * MIN_TRIGGER_RATIO_NUM + marked;
  let upper = way * MAX_TRIGGER_RATIO_NUM + marked;
  if (goal > HEAP_MINIMUM && goal - HEAP_MINIMUM > upper) upper = goal - HEAP_MINIMUM;
  upper = Math.max(upper, lower);
  let t = wantedRunway > goal ? lower : goal - wantedRunway;
  t = Math.max(t, lower);
  t = Math.min(t, upper);
  return { trigger: t, lowerBoundWon: goal - wantedRunway < lower };
}

/** One cycle of svc under s on m, at allocation rate allocRate (which may differ from svc.allocRate in a traffic spike). */
export function pacing(svc: Service, s: Settings, m: Machine, allocRate = svc.allocRate): Pacing {
  const marked = svc.live + svc.ballast;
  const goal = heapGoal(s, { marked, roots: svc.roots, nonHeap: svc.nonHeap });
  const scanWork = svc.live + svc.roots;
  const background = GC_GOAL_UTILIZATION * m.gomaxprocs * m.scanRate; // bytes marked per wall second
  const wantedRunway = (allocRate * scanWork) / background;
  const { trigger: t, lowerBoundWon } = trigger(goal, marked, wantedRunway);
  const markSeconds = (goal - t) / allocRate;
  const assistBytes = Math.max(0, scanWork - background * markSeconds);
  return {
    scanWork, wantedRunway, trigger: t, lowerBoundWon, markSeconds, assistBytes,
    gcCpuSeconds: scanWork / m.scanRate,
    assistCpuSeconds: assistBytes / m.scanRate,
  };
}

/** Steady state per second: cycles, and the shares of all CPUs spent on GC and on assists. */
export function perSecond(svc: Service, s: Settings, m: Machine): { cycles: number; gcShare: number; assistShare: number; markingShare: number } {
  const r = run(svc, s);
  if (r.cyclesPerSecond === Infinity) return { cycles: Infinity, gcShare: 1, assistShare: 1 - GC_GOAL_UTILIZATION, markingShare: 1 };
  const p = pacing(svc, s, m);
  return {
    cycles: r.cyclesPerSecond,
    gcShare: Math.min(1, (r.cyclesPerSecond * p.gcCpuSeconds) / m.gomaxprocs),
    assistShare: Math.min(1, (r.cyclesPerSecond * p.assistCpuSeconds) / m.gomaxprocs),
    markingShare: Math.min(1, r.cyclesPerSecond * p.markSeconds),
  };
}

/**
 * The heap over time: it grows at the allocation rate from the marked heap; at the trigger a
 * mark phase starts; at the goal the cycle ends and the heap drops back to the marked heap
 * (plus whatever the step allocated past the goal).
 * Time steps of stepSeconds; allocRate(t) may vary (a refresh storm).
 */
export class HeapTimeline {
  heap: number;
  marking = false;
  cycles = 0;
  gcCpuSeconds = 0;
  assistCpuSeconds = 0;
  markSeconds = 0;
  peak: number;
  readonly goal: number;
  private readonly marked: number;

  constructor(
    readonly svc: Service,
    readonly settings: Settings,
    readonly machine: Machine,
  ) {
    this.marked = svc.live + svc.ballast;
    this.goal = heapGoal(settings, { marked: this.marked, roots: svc.roots, nonHeap: svc.nonHeap });
    this.heap = this.marked;
    this.peak = this.heap;
  }

  /** Advances by dt seconds at allocRate; returns 'start' or 'end' when a mark starts or a cycle ends. */
  step(dt: number, allocRate: number): Array<'start' | 'end'> {
    const out: Array<'start' | 'end'> = [];
    const p = pacing(this.svc, this.settings, this.machine, allocRate);
    this.heap += allocRate * dt;
    if (!this.marking && this.heap >= p.trigger) {
      this.marking = true;
      out.push('start');
    }
    if (this.marking) this.markSeconds += dt;
    if (this.heap >= this.goal) {
      this.peak = Math.max(this.peak, this.goal);
      this.cycles++;
      this.gcCpuSeconds += p.gcCpuSeconds;
      this.assistCpuSeconds += p.assistCpuSeconds;
      this.heap = this.marked + (this.heap - this.goal); // swept; what was allocated past the goal stays
      this.marking = false;
      out.push('end');
    } else this.peak = Math.max(this.peak, this.heap);
    return out;
  }
}

// ── formatting, as the article's table writes its numbers ─────────────────────────────

export function formatBytes(b: number): string {
  if (b === Infinity) return 'unbounded';
  return b < GiB ? `${Math.round(b / MiB)} MiB` : `${(b / GiB).toFixed(1)} GiB`;
}

/** Peak RSS, always in GiB as the article's table writes it. */
export function formatGiB(b: number): string {
  return b === Infinity ? 'unbounded' : `${(b / GiB).toFixed(1)} GiB`;
}

export function formatRate(perSec: number): string {
  if (perSec === Infinity) return 'back to back';
  if (perSec === 0) return 'none';
  if (perSec >= 10) return `${Math.round(perSec)} per second`;
  if (perSec >= 1) return `${perSec.toFixed(1)} per second`;
  return `one every ${(1 / perSec).toFixed(1)} s`;
}

