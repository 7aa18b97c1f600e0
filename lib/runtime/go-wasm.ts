/**
 * The third runtime: the playground's Go original, compiled to WebAssembly (js/wasm), run in a
 * Worker inside a Go frame (go-frame.ts): the same opaque-origin isolation and policy as the
 * TypeScript sandbox. The unedited main.go runs from the binary the build made
 * (scripts/go-wasm.ts); an edited one is compiled and linked in the page by the real Go toolchain
 * (go-toolchain.ts), loaded on the first such Run, and runs the same way.
 *
 * Limits are kept here, in the page, as the sandbox keeps them: the wall-clock limit and Stop tell
 * the frame to terminate the program's Worker (which ends even a goroutine spinning without a
 * call: js/wasm cannot preempt it); the frame counts the output and terminates the Worker past the
 * limit, and the page counts it too; the Worker stops a program whose memory grows past the limit;
 * a frame that stops answering pings is removed. stdout and stderr arrive as raw bytes and are
 * decoded per stream (a rune split across writes stays whole), so the trace OSC sequences reach
 * the terminal's handler intact and the timeline is drawn from the real Go program.
 */
import type { GoView } from '@/lib/playgrounds/go-assets';
import { fetchText, fetchWithProgress, GoFrameClient } from './go-frame-client';
import type { GoFrameOut } from './go-frame';
import { watchLiveness } from './liveness';
import { pageToolchain, type GoToolchain } from './go-toolchain';
import { ansi, DEFAULT_MEMORY_LIMIT_BYTES, formatBytes, limitMessage, type RunRequest, type RunResult, type Runtime, type RuntimeTerminal } from './types';

const LIVENESS_INTERVAL_MS = 500;
const LIVENESS_MISSES = 4;
/** A frame kept from an earlier run must answer this fast before it gets a program. */
const FRAME_PING_LIMIT_MS = 1_000;

export interface GoWasmOptions {
  /** The playground's id ('errgroup'): names its package for the toolchain. */
  playgroundId: string;
  go: GoView;
  /** The Go original as shipped: an identical main.go runs the prebuilt binary. */
  original: string;
  host?: () => HTMLElement;
  /** The toolchain to build edits with (default: the page's). */
  toolchain?: () => GoToolchain;
}

/** Timings of the last run, for the benchmark and the tests (window.gfgGoTimings in the page). */
export interface GoRunTimings {
  mode: 'prebuilt' | 'edited';
  /** performance.now() when run() was called; the other times are from it. */
  runAt: number;
  fetchMs: number;
  buildMs?: number;
  compileMs?: number;
  linkMs?: number;
  toolchainLoadMs?: number;
  moduleCompileMs: number;
  startedAt: number;
  firstOutputAt?: number;
  /** Linear memory each step grew to: the program at exit, the compiler and the linker. */
  memoryBytes?: number;
  compileMemoryBytes?: number;
  linkMemoryBytes?: number;
  exitAt?: number;
}

export class GoWasmRuntime implements Runtime {
  readonly kind = 'go-wasm' as const;
  private frame: GoFrameClient | undefined;
  /** Modules the current frame has compiled, by key. */
  private readonly compiled = new Set<string>();
  private active: { runId: number; end: (reason: RunResult['reason'], exitCode?: number | null, message?: string) => void } | undefined;
  private starting: { cancel(): void } | undefined;
  private nextRun = 1;
  private builds = 0;
  private disposed = false;
  private preparing: Promise<void> | undefined;
  lastTimings: GoRunTimings | undefined;

  constructor(private readonly options: GoWasmOptions) {}

  private getFrame(): GoFrameClient {
    if (!this.frame || this.frame.isDisposed) {
      this.frame = new GoFrameClient({ title: 'Go playground sandbox (runs the program; not interactive)', host: this.options.host });
      this.compiled.clear();
    }
    return this.frame;
  }

  private dropFrame(): void {
    this.preparing = undefined;
    this.frame?.dispose();
    this.frame = undefined;
    this.compiled.clear();
  }

  /**
   * Gets the first Run ready before it is pressed: the frame, wasm_exec.js and the program's
   * module, compiled in the frame (about 600 KB brotli). For a reader who has chosen Go.
   */
  prepare(): Promise<void> {
    if (this.preparing) return this.preparing;
    const { go } = this.options;
    if (this.disposed || !go.wasm || !go.wasmExec) return Promise.resolve();
    const key = go.wasm.url;
    this.preparing = (async () => {
      const frame = this.getFrame();
      const [bytes] = await Promise.all([fetchWithProgress(key), fetchText(go.wasmExec!.url), frame.ready]);
      if (frame.isDisposed || this.compiled.has(key)) return;
      await new Promise<void>((resolve) => {
        const off = frame.listen((message) => {
          if (message.gfg !== 'prepared' || message.key !== key) return;
          off();
          if (message.ok && this.frame === frame) this.compiled.add(key);
          resolve();
        });
        frame.post({ gfg: 'prepare', key, wasm: bytes }, [bytes]);
      });
    })().catch(() => {});
    return this.preparing;
  }

  boot(): Promise<void> {
    if (this.disposed) return Promise.reject(new Error('the Go runtime was disposed'));
    if (!this.options.go.wasm) return Promise.reject(new Error(this.options.go.unavailable ?? 'Go is not available'));
    return this.getFrame().ready;
  }

  async run(request: RunRequest, terminal: RuntimeTerminal): Promise<RunResult> {
    this.kill();
    const { go } = this.options;
    let cancel = () => {};
    const cancelled = new Promise<'cancelled'>((resolve) => (cancel = () => resolve('cancelled')));
    const starting = { cancel };
    this.starting = starting;
    const stopped = (): RunResult => {
      const message = limitMessage('killed', request);
      terminal.write(`\x1b[0m${ansi.dim(message)}\r\n`);
      return { reason: 'killed', exitCode: null, durationMs: 0, message };
    };
    const failed = (message: string, extra: Partial<RunResult> = {}): RunResult => {
      terminal.write(`${ansi.red(message)}\r\n`);
      return { reason: 'error', exitCode: null, durationMs: 0, message, ...extra };
    };
    try {
      if (!go.wasm || !go.wasmExec) return failed(go.unavailable ?? 'Go is not available in this build.');
      const source = request.files[request.entry] ?? this.options.original;
      const edited = source !== this.options.original;
      const t0 = performance.now();
      const wasmExec = await Promise.race([fetchText(go.wasmExec.url), cancelled]);
      if (wasmExec === 'cancelled') return stopped();

      let key: string;
      let bytes: ArrayBuffer | undefined;
      const timings: GoRunTimings = { mode: edited ? 'edited' : 'prebuilt', runAt: t0, fetchMs: 0, moduleCompileMs: 0, startedAt: 0 };
      if (edited) {
        if (!go.toolchain) return failed('This build has no Go toolchain for the page, so an edited main.go cannot be compiled here: press Reset to run the original, or run it with go run.');
        request.onPhase?.('compiling');
        request.onCommand?.(`go build (js/wasm, in your browser) && run ${request.entry}`);
        const toolchain = (this.options.toolchain ?? (() => pageToolchain(go.toolchain!.url, go.wasmExec!.url)))();
        const b0 = performance.now();
        const built = await Promise.race([
          toolchain.build(source, this.options.playgroundId, (progress) => request.onProgress?.(progress.text)).catch((error: Error) => ({ ok: false as const, crashed: error.message })),
          cancelled,
        ]);
        if (built === 'cancelled') return stopped();
        if ('crashed' in built) return failed(`The Go toolchain failed: ${built.crashed}. Run again to reload it.`);
        timings.buildMs = performance.now() - b0;
        timings.compileMs = built.compileMs;
        timings.linkMs = built.linkMs;
        timings.toolchainLoadMs = built.loadMs;
        if (built.ok) {
          timings.compileMemoryBytes = built.compileMemoryBytes;
          timings.linkMemoryBytes = built.linkMemoryBytes;
        }
        if (!built.ok) {
          terminal.write(built.output.replace(/\r?\n/g, '\r\n'));
          const count = built.diagnostics.length;
          const message = `main.go did not ${built.step === 'link' ? 'link' : 'compile'}${count ? `: ${count} error${count === 1 ? '' : 's'}` : ''}.`;
          terminal.write(`${ansi.red(message)}\r\n`);
          return { reason: 'error', exitCode: null, durationMs: 0, message, diagnostics: built.diagnostics };
        }
        key = `build:${++this.builds}`;
        bytes = built.wasm;
      } else {
        request.onPhase?.('starting');
        request.onCommand?.(`go run ./playgrounds/${this.options.playgroundId} (js/wasm, built with ${go.go ?? 'Go'})`);
        key = go.wasm.url;
      }

      const frame = this.getFrame();
      const ready = await Promise.race([frame.ready.then(() => frame.answers(FRAME_PING_LIMIT_MS)), cancelled]).catch(() => false);
      if (ready === 'cancelled') return stopped();
      if (!ready) {
        this.dropFrame();
        const fresh = this.getFrame();
        const again = await Promise.race([fresh.ready.then(() => true), cancelled]).catch(() => false);
        if (again === 'cancelled') return stopped();
        if (!again) return failed('The Go sandbox could not start.');
      }
      // A preparation under way (prepare()) is cheaper to wait for than to repeat.
      // (A frame that died mid-way never answers: after 10 s the run fetches the module itself.)
      if (!edited && this.preparing) await Promise.race([this.preparing, cancelled, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (!edited && !this.compiled.has(key)) {
        const f0 = performance.now();
        const fetched = await Promise.race([fetchWithProgress(go.wasm.url).catch((error: Error) => error), cancelled]);
        if (fetched === 'cancelled') return stopped();
        if (fetched instanceof Error) return failed(`Could not load ${go.wasm.url}: ${fetched.message}`);
        bytes = fetched;
        timings.fetchMs = performance.now() - f0;
      }
      if (this.disposed || this.starting !== starting) return stopped();
      this.starting = undefined;
      request.onPhase?.('starting');
      return await this.start(key, bytes, !edited, wasmExec, request, terminal, timings, t0);
    } finally {
      if (this.starting === starting) this.starting = undefined;
    }
  }

  private start(key: string, bytes: ArrayBuffer | undefined, cache: boolean, wasmExec: string, request: RunRequest, terminal: RuntimeTerminal, timings: GoRunTimings, clickedAt: number): Promise<RunResult> {
    const frame = this.frame!;
    const runId = this.nextRun++;
    return new Promise<RunResult>((resolve) => {
      let startedAt = performance.now();
      let written = 0;
      let finished = false;
      const decoders = { 1: new TextDecoder(), 2: new TextDecoder() };
      const unsubscribeInput = terminal.onData((data) => {
        // No pseudo-terminal: echo what the reader types, as a terminal in cooked mode would.
        terminal.write(data.replace(/\r/g, '\r\n').replace(/\x7f/g, '\b \b'));
        this.writeInput(data);
      });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const liveness = watchLiveness({
        intervalMs: LIVENESS_INTERVAL_MS,
        misses: LIVENESS_MISSES,
        ping: () => frame.post({ gfg: 'ping' }),
        onSilent: () => end('crashed'),
      });

      const end = (reason: RunResult['reason'], exitCode: number | null = null, message?: string) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        liveness.stop();
        unsubscribeInput();
        off();
        if (this.active?.runId === runId) this.active = undefined;
        const tail = decoders[1].decode() + decoders[2].decode();
        if (tail) terminal.write(tail);
        if (reason === 'killed' || reason === 'timeout') frame.post({ gfg: 'kill', runId });
        if (reason === 'crashed') this.dropFrame();
        const durationMs = performance.now() - startedAt;
        if (reason === 'timeout' || reason === 'output-limit' || reason === 'memory-limit' || reason === 'crashed') {
          message ??= limitMessage(reason, request);
          if (reason === 'timeout') message += ' (A goroutine that loops without a function call keeps every other goroutine from running in WebAssembly: the whole program was ended.)';
          terminal.write(`\x1b[0m\r\n${ansi.yellow(message)}\r\n`);
        } else if (reason === 'killed') {
          message ??= limitMessage('killed', request);
          terminal.write(`\x1b[0m\r\n${ansi.dim(message)}\r\n`);
        } else if (reason === 'error' && message) {
          terminal.write(`\x1b[0m\r\n${ansi.red(message)}\r\n`);
        }
        resolve({ reason, exitCode, durationMs, message });
      };

      const off = frame.listen((message: GoFrameOut) => {
        liveness.heard();
        if (!('runId' in message) || message.runId !== runId) return;
        switch (message.gfg) {
          case 'need-bytes':
            // The frame no longer has the module (it was replaced): fetch and send again.
            this.compiled.delete(key);
            if (!this.options.go.wasm) return end('error', null, 'Go is not available');
            void fetchWithProgress(this.options.go.wasm.url).then(
              (fresh) => !finished && frame.post({ ...runMessage, wasm: fresh }, [fresh]),
              (error: Error) => end('error', null, `Could not load the program: ${error.message}`),
            );
            break;
          case 'started':
            if (cache) this.compiled.add(key);
            timings.moduleCompileMs = message.compileMs;
            startedAt = performance.now();
            timings.startedAt = startedAt - clickedAt;
            request.onPhase?.('running');
            timer = setTimeout(() => end('timeout'), request.timeLimitMs);
            break;
          case 'out': {
            timings.firstOutputAt ??= performance.now() - clickedAt;
            const data = message.data;
            const room = request.outputLimitBytes - written;
            written += data.length;
            const fd = message.fd === 2 ? 2 : 1;
            const text = decoders[fd].decode(written > request.outputLimitBytes ? data.subarray(0, Math.max(0, room)) : data, { stream: true });
            if (text) terminal.write(text);
            if (written > request.outputLimitBytes) end('output-limit');
            break;
          }
          case 'limit':
            end('output-limit');
            break;
          case 'memory':
            end('memory-limit', null, `Stopped: the program's memory grew to ${formatBytes(message.bytes)}, over the ${formatBytes(request.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES)} limit for a playground. Does a loop keep allocating? Edit the code and run it again.`);
            break;
          case 'exit':
            timings.memoryBytes = message.memoryBytes;
            timings.exitAt = performance.now() - clickedAt;
            end('exit', message.code);
            break;
          case 'crash':
            end('error', null, `The Go program failed: ${message.message}`);
            break;
        }
      });

      this.active = { runId, end };
      this.lastTimings = timings;
      // For the benchmark (scripts/bench-go.ts) and debugging: the timings of the page's Go runs.
      const runs = ((globalThis as { gfgGoRuns?: GoRunTimings[] }).gfgGoRuns ??= []);
      runs.push(timings);
      if (runs.length > 50) runs.shift();
      const env: Record<string, string> = { TERM: 'xterm-256color', HOME: '/home/reader', COLUMNS: String(terminal.cols || 80), LINES: String(terminal.rows || 24), ...request.env, GFG_TRACE: '1' };
      const runMessage = {
        gfg: 'run' as const,
        runId,
        key,
        cache,
        wasmExec,
        argv: [`/tmp/go-build/${this.options.playgroundId}`, ...(request.args ?? [])],
        env,
        outputLimit: request.outputLimitBytes,
        memoryLimit: request.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES,
      };
      frame.post(bytes ? { ...runMessage, wasm: bytes } : runMessage, bytes ? [bytes] : []);
    });
  }

  writeInput(text: string): void {
    const active = this.active;
    if (!active) return;
    this.frame?.post({ gfg: 'stdin', runId: active.runId, data: new TextEncoder().encode(text.replace(/\r/g, '\n')) });
  }

  resize(): void {
    // A Go program reads its size once, from COLUMNS and LINES.
  }

  kill(): void {
    this.starting?.cancel();
    this.starting = undefined;
    this.active?.end('killed');
  }

  dispose(): void {
    this.disposed = true;
    this.kill();
    this.dropFrame();
  }
}
