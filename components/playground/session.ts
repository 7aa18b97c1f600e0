/**
 * One playground's state outside React: the reader's edits, the run in progress, the runtime
 * that ran it and why, and the trace events for the timeline. The island reads it with
 * useSyncExternalStore; actions (run, stop, reset, edit) are plain method calls.
 */
import type { TraceEvent } from '@/lib/playgrounds/trace-codec';
import { loadTranspiler } from '@/lib/runtime/compile';
import { decideRuntime, readPreference, type RuntimeDecision } from '@/lib/runtime/choose';
import { SandboxRuntime } from '@/lib/runtime/sandbox';
import type { RunPhase, RunResult, Runtime, RuntimeKind, RuntimeTerminal } from '@/lib/runtime/types';
import { bootWebContainer, WebContainerRuntime } from '@/lib/runtime/webcontainer';
import { clearEdits, loadEdits, saveEdits } from './edits';
import { runFiles, type PlaygroundView } from './view';

export type RunStatus =
  | { phase: 'idle' }
  | { phase: 'deciding' | RunPhase; since: number; runtime?: RuntimeKind }
  | { phase: 'done'; result: RunResult; runtime: RuntimeKind };

export interface SessionSnapshot {
  status: RunStatus;
  decision?: RuntimeDecision;
  edits: Readonly<Record<string, string>>;
  /** Bumped by Reset, so the editor rebuilds its documents. */
  generation: number;
  events: readonly TraceEvent[];
  runs: number;
}

/** The terminal as the session needs it: the runtime interface, plus clearing between runs. */
export interface SessionTerminal extends RuntimeTerminal {
  clear(): void;
}

export class PlaygroundSession {
  private snapshot: SessionSnapshot;
  private readonly listeners = new Set<() => void>();
  private terminal: SessionTerminal | undefined;
  private runtimes: Partial<Record<RuntimeKind, Runtime>> = {};
  private current: Runtime | undefined;
  private runToken = 0;
  private pendingEvents: TraceEvent[] = [];
  private eventFrame: number | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly view: PlaygroundView) {
    this.snapshot = { status: { phase: 'idle' }, edits: loadEdits(view), generation: 0, events: [], runs: 0 };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionSnapshot => this.snapshot;

  private update(patch: Partial<SessionSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    this.listeners.forEach((listener) => listener());
  }

  setTerminal(terminal: SessionTerminal | undefined): void {
    this.terminal = terminal;
  }

  get running(): boolean {
    const phase = this.snapshot.status.phase;
    return phase !== 'idle' && phase !== 'done';
  }

  /** Fetch the transpiler when the page is idle, and get the sandbox's first Worker ready, so the first Run starts at once. */
  warmUp(): void {
    const idle = typeof requestIdleCallback === 'function' ? requestIdleCallback : (fn: () => void) => setTimeout(fn, 200);
    idle(() => void loadTranspiler().catch(() => {}));
    if (readPreference().preference !== 'sandbox' && self.crossOriginIsolated) return;
    this.runtime('sandbox')
      .boot()
      .catch(() => {});
  }

  private runtime(kind: RuntimeKind): Runtime {
    return (this.runtimes[kind] ??= kind === 'sandbox' ? new SandboxRuntime() : new WebContainerRuntime());
  }

  async run(): Promise<void> {
    const terminal = this.terminal;
    if (!terminal) return;
    this.stop();
    const token = ++this.runToken;
    this.flushEvents();
    terminal.clear();
    this.update({ status: { phase: 'deciding', since: performance.now() }, events: [], runs: this.snapshot.runs + 1 });

    const { preference, source } = readPreference();
    if (preference !== 'sandbox' && !this.snapshot.decision?.fellBack) this.update({ status: { phase: 'booting', since: performance.now() } });
    const decision = await decideRuntime({ preference, source, bootWebContainer });
    if (token !== this.runToken) return; // stopped or restarted while booting
    const runtime = this.runtime(decision.kind);
    this.current = runtime;
    this.update({ decision });

    const { files, entry } = runFiles(this.view, this.snapshot.edits);
    terminal.write(`\x1b[2m$ node ${this.view.entry}\x1b[22m\r\n`);
    const result = await runtime.run(
      {
        files,
        entry,
        timeLimitMs: this.view.timeLimitMs,
        outputLimitBytes: this.view.outputLimitBytes,
        onPhase: (phase) => {
          if (token === this.runToken) this.update({ status: { phase, since: performance.now(), runtime: decision.kind } });
        },
      },
      terminal,
    );
    if (this.current === runtime) this.current = undefined;
    if (token !== this.runToken) return;
    this.flushEvents();
    this.update({ status: { phase: 'done', result, runtime: decision.kind } });
  }

  stop(): void {
    if (!this.running) return;
    const phase = this.snapshot.status.phase;
    if (this.current) this.current.kill();
    else if (phase === 'deciding' || phase === 'booting') {
      // Still waiting for the WebContainer: abandon the run (the boot itself goes on, once).
      this.runToken++;
      this.terminal?.write('\x1b[2mStopped.\x1b[22m\r\n');
      this.update({ status: { phase: 'done', result: { reason: 'killed', exitCode: null, durationMs: 0, message: 'Stopped.' }, runtime: 'sandbox' } });
    }
  }

  reset(): void {
    this.stop();
    clearTimeout(this.saveTimer);
    clearEdits(this.view);
    this.terminal?.clear();
    this.pendingEvents = [];
    this.update({ edits: {}, generation: this.snapshot.generation + 1, events: [], status: { phase: 'idle' } });
  }

  edit(path: string, text: string): void {
    const original = this.view.files.find((f) => f.path === path);
    if (!original?.editable) return;
    const edits = { ...this.snapshot.edits };
    if (text === original.source) delete edits[path];
    else edits[path] = text;
    this.update({ edits });
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => saveEdits(this.view, this.snapshot.edits), 300);
  }

  /** A trace event from the terminal's OSC handler; the timeline redraws at most once a frame. */
  trace(event: TraceEvent): void {
    this.pendingEvents.push(event);
    this.eventFrame ??= requestAnimationFrame(() => this.flushEvents());
  }

  private flushEvents(): void {
    if (this.eventFrame !== undefined) cancelAnimationFrame(this.eventFrame);
    this.eventFrame = undefined;
    if (this.pendingEvents.length === 0) return;
    const events = [...this.snapshot.events, ...this.pendingEvents];
    this.pendingEvents = [];
    this.update({ events });
  }

  resize(cols: number, rows: number): void {
    for (const runtime of Object.values(this.runtimes)) runtime?.resize(cols, rows);
  }

  dispose(): void {
    this.runToken++;
    clearTimeout(this.saveTimer);
    saveEdits(this.view, this.snapshot.edits);
    if (this.eventFrame !== undefined) cancelAnimationFrame(this.eventFrame);
    for (const runtime of Object.values(this.runtimes)) runtime?.dispose();
    this.runtimes = {};
  }
}
