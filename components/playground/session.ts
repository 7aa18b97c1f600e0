/**
 * One playground's state outside React: the reader's edits, the run in progress, the runtime
 * that ran it and why, and the trace events for the timeline. The island reads it with
 * useSyncExternalStore; actions (run, stop, reset, edit) are plain method calls.
 */
import type { TraceEvent } from '@/lib/playgrounds/trace-codec';
import { loadTranspiler } from '@/lib/runtime/compile';
import { decideRuntime, readPreference, rememberQueryPreference, type RuntimeDecision } from '@/lib/runtime/choose';
import { SandboxRuntime } from '@/lib/runtime/sandbox';
import type { RunDiagnostic, RunPhase, RunResult, Runtime, RuntimeKind, RuntimeTerminal } from '@/lib/runtime/types';
import { isAppleMobile, pageContainer, WebContainerRuntime } from '@/lib/runtime/webcontainer';
import { GoWasmRuntime } from '@/lib/runtime/go-wasm';
import { clearEdits, loadEdits, saveEdits } from './edits';
import { goReason, readLanguage, storeLanguage, type PlaygroundLanguage } from './language';
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
  /** What Run runs: the TypeScript demo or the Go original. */
  language: PlaygroundLanguage;
  /** The Go compiler's errors in main.go from the last run, for the editor. */
  diagnostics: readonly RunDiagnostic[];
  /** A line on a long preparation (the Go toolchain's download, in bytes). */
  progress?: string;
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
    this.snapshot = { status: { phase: 'idle' }, edits: loadEdits(view), generation: 0, events: [], runs: 0, language: view.go?.wasm ? readLanguage().language : 'ts', diagnostics: [] };
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

  /**
   * The playground is near the viewport (the island loads then): fetch the transpiler when the
   * page is idle, get the sandbox's first frame ready, and start the WebContainer's boot in the
   * background where it may be used, so that no Run has to wait for either.
   */
  warmUp(): void {
    rememberQueryPreference();
    const idle = typeof requestIdleCallback === 'function' ? requestIdleCallback : (fn: () => void) => setTimeout(fn, 200);
    idle(() => void loadTranspiler().catch(() => {}));
    if (this.snapshot.language === 'go') idle(() => this.prepareGo());
    this.runtime('sandbox')
      .boot()
      .catch(() => {});
    const { preference } = readPreference();
    const appleMobile = isAppleMobile(typeof navigator === 'undefined' ? undefined : navigator);
    if (preference === 'webcontainer' || (preference === 'auto' && !appleMobile && self.crossOriginIsolated)) {
      void pageContainer()
        .start({ force: preference === 'webcontainer' })
        .catch(() => {});
    }
  }

  private runtime(kind: RuntimeKind): Runtime {
    if (kind === 'go-wasm') {
      const main = this.view.files.find((f) => f.lang === 'go');
      return (this.runtimes[kind] ??= new GoWasmRuntime({ playgroundId: this.view.id, go: this.view.go ?? {}, original: main?.source ?? '' }));
    }
    return (this.runtimes[kind] ??= kind === 'sandbox' ? new SandboxRuntime() : new WebContainerRuntime({ fallback: () => this.runtime('sandbox') }));
  }

  async run(): Promise<void> {
    const terminal = this.terminal;
    if (!terminal) return;
    this.stop();
    const token = ++this.runToken;
    this.flushEvents();
    terminal.clear();
    this.update({ status: { phase: 'deciding', since: performance.now() }, events: [], runs: this.snapshot.runs + 1, diagnostics: [], progress: undefined });
    if (this.snapshot.language === 'go') return this.runGo(token, terminal);

    const { preference, source } = readPreference();
    const decision = await decideRuntime({
      preference,
      source,
      webContainer: pageContainer(),
      appleMobile: isAppleMobile(typeof navigator === 'undefined' ? undefined : navigator),
      // Only when there is a wait, and it is short (RUN_WAIT_MS): the status says what it waits for.
      onWait: () => token === this.runToken && this.update({ status: { phase: 'booting', since: performance.now() } }),
    });
    if (token !== this.runToken) return; // stopped or restarted while deciding
    const runtime = this.runtime(decision.kind);
    this.current = runtime;
    this.update({ decision });

    const { files, entry } = runFiles(this.view, this.snapshot.edits);
    let ranIn: RuntimeKind = decision.kind;
    const result = await runtime.run(
      {
        files,
        entry,
        timeLimitMs: this.view.timeLimitMs,
        outputLimitBytes: this.view.outputLimitBytes,
        onPhase: (phase) => {
          if (token === this.runToken) this.update({ status: { phase, since: performance.now(), runtime: ranIn } });
        },
        // The command the runtime really runs (the WebContainer runs the transpiled .js file).
        onCommand: (commandLine) => token === this.runToken && terminal.write(`\x1b[2m$ ${commandLine}\x1b[22m\r\n`),
        onFallback: (kind, reason) => {
          ranIn = kind;
          if (token === this.runToken) this.update({ decision: { kind, reason: `Ran in the ${kind === 'sandbox' ? 'in-browser sandbox' : kind}: ${reason}`, fellBack: true } });
        },
      },
      terminal,
    );
    if (this.current === runtime) this.current = undefined;
    if (token !== this.runToken) return;
    this.flushEvents();
    this.update({ status: { phase: 'done', result, runtime: result.runtime ?? ranIn } });
  }

  /** Runs the Go original, or the reader's edit of it, as WebAssembly (lib/runtime/go-wasm.ts). */
  private async runGo(token: number, terminal: SessionTerminal): Promise<void> {
    const main = this.view.files.find((f) => f.lang === 'go');
    const source = (main && this.snapshot.edits[main.path]) ?? main?.source ?? '';
    const edited = main !== undefined && source !== main.source;
    const runtime = this.runtime('go-wasm');
    this.current = runtime;
    this.update({ decision: { kind: 'go-wasm', reason: goReason(this.view.go, edited), fellBack: false } });
    const entry = `${this.view.id}/${main?.path ?? 'main.go'}`;
    const result = await runtime.run(
      {
        files: { [entry]: source },
        entry,
        timeLimitMs: this.view.timeLimitMs,
        outputLimitBytes: this.view.outputLimitBytes,
        onPhase: (phase) => {
          if (token === this.runToken) this.update({ status: { phase, since: performance.now(), runtime: 'go-wasm' }, ...(phase === 'compiling' ? {} : { progress: undefined }) });
        },
        onCommand: (commandLine) => token === this.runToken && terminal.write(`\x1b[2m$ ${commandLine}\x1b[22m\r\n`),
        onProgress: (text) => token === this.runToken && this.update({ progress: text }),
      },
      terminal,
    );
    if (this.current === runtime) this.current = undefined;
    if (token !== this.runToken) return;
    this.flushEvents();
    this.update({ status: { phase: 'done', result, runtime: 'go-wasm' }, diagnostics: result.diagnostics ?? [], progress: undefined });
  }

  /** Choose what Run runs (remembered in the browser for every playground). */
  setLanguage(language: PlaygroundLanguage): void {
    if (language === this.snapshot.language) return;
    this.stop();
    storeLanguage(language);
    this.update({ language, diagnostics: [] });
    if (language === 'go') this.prepareGo();
  }

  /** For a reader who runs Go: the Go frame and the program's module, ready before Run. */
  private prepareGo(): void {
    if (!this.view.go?.wasm) return;
    void (this.runtime('go-wasm') as GoWasmRuntime).prepare();
  }

  stop(): void {
    if (!this.running) return;
    const phase = this.snapshot.status.phase;
    if (this.current) this.current.kill();
    else if (phase === 'deciding' || phase === 'booting') {
      // Still deciding (at most RUN_WAIT_MS): abandon the run (a boot under way goes on).
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
    this.update({ edits: {}, generation: this.snapshot.generation + 1, events: [], status: { phase: 'idle' }, diagnostics: [] });
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
