/**
 * Where a page's main-thread time goes, from a Chromium performance trace (the Trace Event format that
 * `browser.startTracing` returns): the long tasks (over 50 ms, the ones Total Blocking Time counts), and
 * for each cause (a script chunk's evaluation and calls, HTML parsing, style and layout, paint, garbage
 * collection) how much of their time and of their blocking time (the part over 50 ms) it took.
 * Pure: scripts/bench/main-thread.ts records the traces.
 */

export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number; // microseconds
  dur?: number; // microseconds
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string; frame?: string; stackTrace?: Array<{ url?: string }> } };
}

export const LONG_TASK_MS = 50;

export interface CauseTotals {
  cause: string;
  /** Time in long tasks spent on this cause, ms. */
  longTaskMs: number;
  /** The blocking part (over 50 ms) of each long task, shared among its causes by their time, ms. */
  blockingMs: number;
}

export interface MainThreadReport {
  longTasks: number;
  longTaskMs: number;
  /** Sum over long tasks of (duration - 50 ms): what Lighthouse's TBT counts after first paint, from the whole load here. */
  blockingMs: number;
  /** All main-thread task time, long or not, ms. */
  taskMs: number;
  causes: CauseTotals[];
}

/** Names a script URL for the table: chunk file name, or the label `nameScript` gives it. */
export type ScriptNamer = (url: string) => string;

const STYLE = new Set(['UpdateLayoutTree', 'RecalculateStyles', 'ScheduleStyleRecalculation', 'InvalidateLayout']);
const LAYOUT = new Set(['Layout', 'UpdateLayerTree', 'HitTest', 'IntersectionObserverController::computeIntersections']);
const PAINT = new Set(['Paint', 'PaintImage', 'RasterTask', 'CompositeLayers', 'Layerize', 'PrePaint', 'Commit']);
const GC = new Set(['MinorGC', 'MajorGC', 'V8.GC_SCAVENGER', 'V8.GC_MARK_COMPACTOR', 'BlinkGC.AtomicPhase', 'GCEvent', 'V8.GCScavenger']);
const SCRIPT = new Set(['EvaluateScript', 'v8.evaluateModule', 'FunctionCall', 'v8.compile', 'v8.compileModule', 'V8.CompileCode', 'TimerFire', 'EventDispatch', 'FireAnimationFrame', 'RunMicrotasks', 'v8.run', 'v8.callFunction']);

function scriptUrl(event: TraceEvent): string | undefined {
  return event.args?.data?.url || event.args?.data?.stackTrace?.[0]?.url || undefined;
}

/** The renderer main thread of the page: the thread named CrRendererMain that ran the most task time. */
function mainThread(events: readonly TraceEvent[]): { pid: number; tid: number } | undefined {
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  let best: { pid: number; tid: number } | undefined;
  let bestTime = -1;
  for (const m of mains) {
    const time = events.filter((e) => e.pid === m.pid && e.tid === m.tid && e.name === 'RunTask' && e.ph === 'X').reduce((sum, e) => sum + (e.dur ?? 0), 0);
    if (time > bestTime) {
      best = { pid: m.pid, tid: m.tid };
      bestTime = time;
    }
  }
  return best;
}

/**
 * The cause of one event inside a task, or undefined for an event that only wraps others. A script's
 * cause is its chunk (through `nameScript`), because the question is which code to load later or not
 * at all: React's hydration shows as the React DOM chunk, the flight payload as the Next.js runtime's.
 */
function causeOf(event: TraceEvent, nameScript: ScriptNamer, inherited: string | undefined): string | undefined {
  if (event.name === 'ParseHTML') return 'HTML parsing';
  if (STYLE.has(event.name)) return 'style';
  if (LAYOUT.has(event.name)) return 'layout';
  if (PAINT.has(event.name)) return 'paint and composite';
  if (GC.has(event.name)) return 'garbage collection';
  if (SCRIPT.has(event.name)) {
    const url = scriptUrl(event);
    return url ? `script: ${nameScript(url)}` : (inherited ?? 'script: (no URL)');
  }
  return undefined;
}

/** Splits each long task's time among the causes of the events inside it, innermost cause wins. */
export function analyzeMainThread(events: readonly TraceEvent[], nameScript: ScriptNamer = (url) => url.split('/').pop() || url): MainThreadReport {
  const thread = mainThread(events);
  const report: MainThreadReport = { longTasks: 0, longTaskMs: 0, blockingMs: 0, taskMs: 0, causes: [] };
  if (!thread) return report;
  const onThread = events.filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph === 'X' && typeof e.dur === 'number').sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const tasks = onThread.filter((e) => e.name === 'RunTask');
  const totals = new Map<string, CauseTotals>();
  const add = (cause: string, longTaskMs: number, blockingMs: number) => {
    const t = totals.get(cause) ?? { cause, longTaskMs: 0, blockingMs: 0 };
    t.longTaskMs += longTaskMs;
    t.blockingMs += blockingMs;
    totals.set(cause, t);
  };

  let cursor = 0;
  for (const task of tasks) {
    const durMs = task.dur! / 1000;
    report.taskMs += durMs;
    if (durMs <= LONG_TASK_MS) continue;
    report.longTasks++;
    report.longTaskMs += durMs;
    const blocking = durMs - LONG_TASK_MS;
    report.blockingMs += blocking;

    // Self time per cause: walk the events nested in the task with a stack of open events.
    const end = task.ts + task.dur!;
    while (cursor < onThread.length && onThread[cursor]!.ts < task.ts) cursor++;
    const self = new Map<string, number>();
    const stack: Array<{ end: number; cause: string | undefined; childTime: number; dur: number }> = [];
    const close = (until: number) => {
      while (stack.length && stack.at(-1)!.end <= until) {
        const top = stack.pop()!;
        const own = Math.max(0, top.dur - top.childTime);
        const cause = top.cause ?? 'other';
        self.set(cause, (self.get(cause) ?? 0) + own);
        if (stack.length) stack.at(-1)!.childTime += top.dur;
      }
    };
    for (let i = cursor; i < onThread.length && onThread[i]!.ts < end; i++) {
      const event = onThread[i]!;
      if (event === task) continue;
      close(event.ts);
      const parentCause = stack.at(-1)?.cause;
      stack.push({ end: event.ts + event.dur!, cause: causeOf(event, nameScript, parentCause) ?? parentCause, childTime: 0, dur: event.dur! });
    }
    close(Number.POSITIVE_INFINITY);
    const nested = [...self.values()].reduce((a, b) => a + b, 0);
    const untracked = Math.max(0, task.dur! - nested);
    if (untracked > 0) self.set('other', (self.get('other') ?? 0) + untracked);
    for (const [cause, us] of self) add(cause, us / 1000, (blocking * us) / task.dur!);
  }
  report.causes = [...totals.values()].sort((a, b) => b.blockingMs - a.blockingMs || b.longTaskMs - a.longTaskMs);
  return report;
}
