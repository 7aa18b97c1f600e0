/**
 * analysis.ts: a trace's user annotations grouped the way `go tool trace` groups them
 * (cmd/trace's "User-defined tasks" and "User-defined regions" pages) and the way
 * golang.org/x/exp/trace reports them:
 *
 * - A task runs from its begin event to its first end event; later ends are ignored. A task
 *   whose begin is not in the trace (it began before the trace, or before the flight
 *   recorder's window) has an empty type and no duration, as x/exp/trace reports it.
 * - A region belongs to the goroutine that began it and to the task in its context; an end
 *   closes the innermost open region of that type on that goroutine (regions nest), and an
 *   end without a begin is a region that started before the trace.
 * - Logs are grouped by category, and each is attached to its task (0: the background task).
 * - Per type: count, total and max duration of the tasks or regions that have both ends, and
 *   for tasks a latency histogram like the one the tasks page draws.
 */
import type { TraceEvent } from './runtimetrace';

export interface RegionInfo {
  type: string;
  task: number;
  g: number;
  start?: number;
  end?: number;
  /** How many regions were open on the goroutine when this one began. */
  depth: number;
}

export interface LogInfo {
  t: number;
  g: number;
  task: number;
  category: string;
  message: string;
}

export interface TaskInfo {
  id: number;
  parent: number;
  type: string;
  start?: number;
  end?: number;
  regions: RegionInfo[];
  logs: LogInfo[];
  goroutines: Set<number>;
}

export interface Analysis {
  tasks: Map<number, TaskInfo>;
  regions: RegionInfo[];
  logs: LogInfo[];
}

export function duration(x: { start?: number; end?: number }): number | undefined {
  return x.start !== undefined && x.end !== undefined ? x.end - x.start : undefined;
}

export function analyse(events: readonly TraceEvent[]): Analysis {
  const tasks = new Map<number, TaskInfo>();
  const regions: RegionInfo[] = [];
  const logs: LogInfo[] = [];
  const open = new Map<number, RegionInfo[]>(); // per goroutine, innermost last

  const taskFor = (id: number): TaskInfo => {
    let task = tasks.get(id);
    if (!task) {
      task = { id, parent: 0, type: '', regions: [], logs: [], goroutines: new Set() };
      tasks.set(id, task);
    }
    return task;
  };

  for (const e of events) {
    switch (e.kind) {
      case 'taskBegin': {
        const task = taskFor(e.task);
        task.type = e.type;
        task.parent = e.parent;
        task.start = e.t;
        task.goroutines.add(e.g);
        break;
      }
      case 'taskEnd': {
        const task = taskFor(e.task);
        task.end ??= e.t; // only the first End counts
        task.goroutines.add(e.g);
        break;
      }
      case 'regionBegin': {
        const stack = open.get(e.g) ?? [];
        const region: RegionInfo = { type: e.type, task: e.task, g: e.g, start: e.t, depth: stack.length };
        stack.push(region);
        open.set(e.g, stack);
        regions.push(region);
        if (e.task !== 0) {
          taskFor(e.task).regions.push(region);
          taskFor(e.task).goroutines.add(e.g);
        }
        break;
      }
      case 'regionEnd': {
        const stack = open.get(e.g) ?? [];
        let i = stack.length - 1;
        while (i >= 0 && stack[i]!.type !== e.type) i--;
        if (i >= 0) {
          stack[i]!.end = e.t;
          stack.splice(i, 1);
        } else {
          // began before the trace did
          const region: RegionInfo = { type: e.type, task: e.task, g: e.g, end: e.t, depth: 0 };
          regions.push(region);
          if (e.task !== 0) taskFor(e.task).regions.push(region);
        }
        break;
      }
      case 'log': {
        const entry: LogInfo = { t: e.t, g: e.g, task: e.task, category: e.category, message: e.message };
        logs.push(entry);
        if (e.task !== 0) taskFor(e.task).logs.push(entry);
        break;
      }
    }
  }
  return { tasks, regions, logs };
}

export interface TypeStats {
  type: string;
  count: number;
  /** Of those with both ends in the trace. */
  total: number;
  max: number;
}

function stats(items: { type: string; start?: number; end?: number }[]): TypeStats[] {
  const byType = new Map<string, TypeStats>();
  for (const item of items) {
    const s = byType.get(item.type) ?? { type: item.type, count: 0, total: 0, max: 0 };
    s.count++;
    const d = duration(item);
    if (d !== undefined) {
      s.total += d;
      s.max = Math.max(s.max, d);
    }
    byType.set(item.type, s);
  }
  return [...byType.values()].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

/** The "User-defined tasks" page: per task type. */
export function taskStats(a: Analysis): TypeStats[] {
  return stats([...a.tasks.values()]);
}

/** The "User-defined regions" page: per region type. */
export function regionStats(a: Analysis): TypeStats[] {
  return stats(a.regions);
}

/** Logs per category, and per message within each. */
export function logsByCategory(a: Analysis): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const log of [...a.logs].sort((x, y) => (x.category < y.category ? -1 : x.category > y.category ? 1 : 0))) {
    const messages = out.get(log.category) ?? new Map<string, number>();
    messages.set(log.message, (messages.get(log.message) ?? 0) + 1);
    out.set(log.category, messages);
  }
  return out;
}

/** How many tasks of a type took [bounds[i-1], bounds[i]) ms; the last bucket is open-ended. */
export function latencyHistogram(a: Analysis, type: string, bounds: readonly number[]): number[] {
  const counts = new Array<number>(bounds.length + 1).fill(0);
  for (const task of a.tasks.values()) {
    const d = duration(task);
    if (task.type !== type || d === undefined) continue;
    let i = 0;
    while (i < bounds.length && d >= bounds[i]!) i++;
    counts[i]!++;
  }
  return counts;
}

/** "checkout 6, payment 6": counts per type, sorted by type, as the milestones state them. */
export function countsLine(items: { type: string; count: number }[]): string {
  return items.map((s) => `${s.type || '(unknown)'} ${s.count}`).join(', ');
}
