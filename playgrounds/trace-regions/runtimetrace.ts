/**
 * runtimetrace.ts: a model of Go's runtime/trace user annotations and flight recorder, as
 * shipped in Go 1.27.3 (src/runtime/trace/annotation.go, flightrecorder.go, recorder.go).
 *
 * The annotation API, rule by rule from annotation.go:
 * - newTask(ctx, type) always allocates a fresh task ID from one counter (even with tracing
 *   off), and its context carries the task; a task made from a context that carries one is
 *   its child. Task.end() emits an end event each time; analysis uses only the first.
 * - startRegion(ctx, type) returns a shared no-op region while tracing is off; otherwise it
 *   emits a begin, and Region.end() an end, on the goroutine that started it. withRegion(ctx,
 *   type, fn) emits both around fn. Within a goroutine regions must nest.
 * - log(ctx, category, message) emits a log attached to the context's task (task 0, the
 *   background task, when there is none); logf only formats when tracing is on.
 * - isEnabled() is true while trace.Start or a flight recorder is consuming the trace.
 *
 * Go to TypeScript: JavaScript has no goroutine identity, so a Context carries the goroutine
 * ID along with the task, and go(ctx, fn) runs fn as a new "goroutine" with a new ID.
 * A trace is a list of events rather than bytes.
 *
 * The flight recorder (flightrecorder.go, recorder.go): the runtime cuts the trace into
 * generations of about a second (defaultTraceAdvancePeriod in runtime/trace.go). After each
 * one ends, the recorder keeps it, then adds older generations, newest first, until the kept
 * data is larger than MaxBytes or reaches back further than MinAge: recorder.go's
 * endGeneration, ported below. MaxBytes and MinAge default to 10 MiB and 10 s. WriteTo
 * flushes the current generation first, then writes the kept ones; only one WriteTo may run
 * at a time, and a second fails with "already in progress". What a generation weighs is the
 * one thing modelled, not measured: `bytesPerSecond`, the trace data rate (the Go team's
 * post estimates a few MB a second, about 10 MB/s for a busy service).
 */

export interface Clock {
  now(): number;
}

export type TraceEvent =
  | { kind: 'taskBegin'; t: number; g: number; task: number; parent: number; type: string }
  | { kind: 'taskEnd'; t: number; g: number; task: number }
  | { kind: 'regionBegin'; t: number; g: number; task: number; type: string }
  | { kind: 'regionEnd'; t: number; g: number; task: number; type: string }
  | { kind: 'log'; t: number; g: number; task: number; category: string; message: string };

/** The background task: what logs and regions belong to when the context carries no task. */
export const BackgroundTask = 0;

export class Task {
  constructor(
    private readonly tracer: Tracer,
    readonly id: number,
    private readonly g: number,
  ) {}

  /** Marks the end of the task. Later calls emit more end events, which analysis ignores. */
  end(g = this.g): void {
    this.tracer.emit({ kind: 'taskEnd', t: this.tracer.clock.now(), g, task: this.id });
  }
}

/** What a context carries for runtime/trace: the task, and (TypeScript only) the goroutine. */
export interface Context {
  readonly task?: Task;
  readonly g: number;
}

export class Region {
  constructor(
    private readonly tracer: Tracer | undefined,
    private readonly task: number,
    private readonly g: number,
    readonly type: string,
  ) {}

  /** Ends the region, on the goroutine that started it. */
  end(): void {
    this.tracer?.emit({ kind: 'regionEnd', t: this.tracer.clock.now(), g: this.g, task: this.task, type: this.type });
  }
}

/** The shared no-op region startRegion returns while tracing is off. */
export const noopRegion = new Region(undefined, BackgroundTask, 0, '');

interface Consumer {
  event(e: TraceEvent): void;
}

/** The runtime's tracer: the annotation API, and the consumers it writes to. */
export class Tracer {
  private lastTaskID = 0;
  private lastG = 1; // the main goroutine is 1
  private consumers = new Set<Consumer>();
  private started: Consumer | undefined; // trace.Start's consumer
  private flightRecorder: FlightRecorder | undefined;
  private readonly observers: Array<(e: TraceEvent) => void> = [];

  constructor(readonly clock: Clock) {}

  /** Calls fn with every event the tracer writes while tracing is on (for the demo's timeline). */
  observe(fn: (e: TraceEvent) => void): void {
    this.observers.push(fn);
  }

  /** The context main starts with: no task, goroutine 1. */
  background(): Context {
    return { g: 1 };
  }

  /** `go fn()`: runs fn on a new goroutine, with the same task. */
  go<T>(ctx: Context, fn: (ctx: Context) => Promise<T>): Promise<T> {
    const g = ++this.lastG;
    return Promise.resolve().then(() => fn({ ...ctx, g }));
  }

  isEnabled(): boolean {
    return this.consumers.size > 0;
  }

  newTask(parent: Context, taskType: string): { ctx: Context; task: Task } {
    const pid = parent.task?.id ?? BackgroundTask;
    const id = ++this.lastTaskID;
    this.emit({ kind: 'taskBegin', t: this.clock.now(), g: parent.g, task: id, parent: pid, type: taskType });
    const task = new Task(this, id, parent.g);
    return { ctx: { ...parent, task }, task };
  }

  startRegion(ctx: Context, regionType: string): Region {
    if (!this.isEnabled()) return noopRegion;
    const task = ctx.task?.id ?? BackgroundTask;
    this.emit({ kind: 'regionBegin', t: this.clock.now(), g: ctx.g, task, type: regionType });
    return new Region(this, task, ctx.g, regionType);
  }

  async withRegion<T>(ctx: Context, regionType: string, fn: () => Promise<T> | T): Promise<T> {
    const task = ctx.task?.id ?? BackgroundTask;
    this.emit({ kind: 'regionBegin', t: this.clock.now(), g: ctx.g, task, type: regionType });
    try {
      return await fn();
    } finally {
      this.emit({ kind: 'regionEnd', t: this.clock.now(), g: ctx.g, task, type: regionType });
    }
  }

  log(ctx: Context, category: string, message: string): void {
    this.emit({ kind: 'log', t: this.clock.now(), g: ctx.g, task: ctx.task?.id ?? BackgroundTask, category, message });
  }

  /** Like log, but the message is only formatted while tracing is on. */
  logf(ctx: Context, category: string, format: () => string): void {
    if (this.isEnabled()) this.log(ctx, category, format());
  }

  /** trace.Start: from now on, every event goes to the returned list (Go: the io.Writer). */
  start(): TraceEvent[] {
    if (this.started) throw new Error('tracing is already enabled');
    const out: TraceEvent[] = [];
    this.started = { event: (e) => out.push(e) };
    this.consumers.add(this.started);
    return out;
  }

  /** trace.Stop */
  stop(): void {
    if (this.started) this.consumers.delete(this.started);
    this.started = undefined;
  }

  /** @internal the runtime side of FlightRecorder.start/stop */
  subscribeFlightRecorder(fr: FlightRecorder, consumer: Consumer): void {
    if (this.flightRecorder) throw new Error('flight recorder already enabled');
    this.flightRecorder = fr;
    this.consumers.add(consumer);
  }

  /** @internal */
  unsubscribeFlightRecorder(consumer: Consumer): void {
    this.flightRecorder = undefined;
    this.consumers.delete(consumer);
  }

  /** @internal writes an event to every consumer, if tracing is on. */
  emit(e: TraceEvent): void {
    if (this.consumers.size === 0) return;
    for (const c of this.consumers) c.event(e);
    for (const fn of this.observers) fn(e);
  }
}

export interface FlightRecorderConfig {
  /** How far back (ms) the window should reach; 0: 10 s. */
  minAgeMs?: number;
  /** Cap on the window's size in bytes, which wins over minAge; 0: 10 MiB. */
  maxBytes?: number;
}

export interface TraceRateModel {
  /** The trace data rate: what one second of trace weighs, in bytes. */
  bytesPerSecond: number;
  /** How long a generation lasts (ms). Go: about a second. */
  generationMs?: number;
}

/** One generation of trace: its events, when it began, and what it weighs. */
export interface Generation {
  gen: number;
  minTime: number;
  endTime: number;
  size: number;
  events: TraceEvent[];
}

export class FlightRecorder {
  private active: Generation | undefined;
  private ring: Generation[] = [];
  private readonly targetSize: number;
  private readonly targetPeriod: number;
  private wantSize = 0;
  private wantDur = 0;
  private on = false;
  private writing = false;
  private gen = 0;
  private readonly generationMs: number;
  private readonly consumer: Consumer = { event: (e) => this.record(e) };

  constructor(
    private readonly tracer: Tracer,
    cfg: FlightRecorderConfig,
    private readonly rate: TraceRateModel,
  ) {
    this.targetSize = cfg.maxBytes ? cfg.maxBytes : 10 << 20;
    this.targetPeriod = cfg.minAgeMs ? cfg.minAgeMs : 10_000;
    this.generationMs = rate.generationMs ?? 1000;
  }

  start(): void {
    if (this.on) throw new Error('cannot enable a enabled flight recorder');
    this.wantSize = this.targetSize;
    this.wantDur = this.targetPeriod;
    this.tracer.subscribeFlightRecorder(this, this.consumer);
    this.on = true;
    this.active = this.newGeneration(this.tracer.clock.now());
  }

  stop(): void {
    if (!this.on) return;
    this.on = false;
    this.tracer.unsubscribeFlightRecorder(this.consumer);
    this.active = undefined;
    this.ring = [];
  }

  enabled(): boolean {
    return this.on;
  }

  /** The generations kept right now, oldest first (the ring WriteTo would write after its flush). */
  kept(): readonly Generation[] {
    this.catchUp(this.tracer.clock.now());
    return this.ring;
  }

  /**
   * Snapshots the window: flushes the current generation, then hands the kept generations'
   * events to write (Go: an io.Writer), which may take its time. Returns the number of
   * events written. Rejects if the recorder is off or another writeTo is in progress.
   */
  async writeTo(write: (events: TraceEvent[]) => Promise<void> | void): Promise<number> {
    if (!this.on) throw new Error('cannot snapshot a disabled flight recorder');
    if (this.writing) throw new Error('call to WriteTo for trace.FlightRecorder already in progress');
    this.writing = true;
    try {
      const now = this.tracer.clock.now();
      this.catchUp(now);
      this.endGeneration(now); // runtime_traceAdvance: the current generation ends now
      const events = this.ring.flatMap((g) => g.events);
      await write(events);
      return events.length;
    } finally {
      this.writing = false;
    }
  }

  private newGeneration(at: number): Generation {
    return { gen: ++this.gen, minTime: at, endTime: at, size: 0, events: [] };
  }

  private record(e: TraceEvent): void {
    this.catchUp(e.t);
    this.active?.events.push(e);
  }

  /** Ends every generation whose second has passed by time t. */
  private catchUp(t: number): void {
    while (this.active && t >= this.active.minTime + this.generationMs) this.endGeneration(this.active.minTime + this.generationMs);
  }

  /** recorder.go's endGeneration: keep the new generation, then older ones while within both limits. */
  private endGeneration(now: number): void {
    const active = this.active;
    if (!active) return;
    active.endTime = now;
    active.size = Math.round(((now - active.minTime) / 1000) * this.rate.bytesPerSecond);
    const newRing = [active];
    let size = active.size;
    for (let i = this.ring.length - 1; i >= 0; i--) {
      // Stop adding older generations once the kept data exceeds either threshold.
      if (size > this.wantSize || now - newRing[newRing.length - 1]!.minTime > this.wantDur) break;
      size += this.ring[i]!.size;
      newRing.push(this.ring[i]!);
    }
    newRing.reverse();
    this.ring = newRing;
    this.active = this.newGeneration(now);
  }
}
