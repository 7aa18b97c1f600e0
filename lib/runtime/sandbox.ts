/**
 * The in-browser sandbox runtime.
 *
 * The page transpiles the TypeScript (sucrase) and hands the JavaScript to a Worker that runs
 * inside a `sandbox="allow-scripts"` iframe: an opaque origin, so the program cannot read the
 * site's cookies or storage, reach the page's DOM or navigate the top window. The iframe loads
 * SANDBOX_FRAME_PATH, whose own Content-Security-Policy is the only one on the site that allows
 * eval and Blob workers. The Worker's prelude (sandbox-worker.ts) provides the Node features the
 * demos use.
 *
 * Every limit is enforced here, in the page, without trusting the sandbox: the wall-clock limit
 * and Stop remove the iframe (which ends its Worker, even in a busy loop), and the page counts
 * the output itself. A frame that stops answering mid-run (the browser ended its process, in
 * practice because the program filled the heap) is noticed by pinging it (liveness.ts). One
 * iframe serves one run; the next one is prepared as soon as a run ends, so Run never waits for
 * a Worker to start. Stop and Restart work from the moment run() is called: a run stopped while
 * it is still transpiling or waiting for its frame never starts.
 */
import { compileFiles } from './compile';
import { watchLiveness } from './liveness';
import type { SandboxOutMessage, SandboxRunMessage } from './sandbox-worker';
import { ansi, DEFAULT_MEMORY_LIMIT_BYTES, limitMessage, SANDBOX_FRAME_PATH, type RunRequest, type RunResult, type Runtime, type RuntimeTerminal } from './types';

/** How long a fresh iframe and Worker may take to report ready. */
const FRAME_START_LIMIT_MS = 5_000;
/** A frame made earlier must answer a ping this fast before it gets a program (its process may be gone). */
const FRAME_PING_LIMIT_MS = 1_000;
/** While a program runs: ping every LIVENESS_INTERVAL_MS; LIVENESS_MISSES unanswered in a row end the run. */
const LIVENESS_INTERVAL_MS = 500;
const LIVENESS_MISSES = 4;

type FrameMessage = SandboxOutMessage | { gfg: 'frame' } | { gfg: 'pong' } | { gfg: 'crash'; message: string };

interface Frame {
  iframe: HTMLIFrameElement;
  ready: Promise<void>;
  onMessage?: (message: FrameMessage) => void;
  dispose(): void;
}

interface ActiveRun {
  frame: Frame;
  end(reason: RunResult['reason'], exitCode?: number | null, message?: string): void;
}

/** Asks the frame for a pong: a frame whose process the browser ended cannot answer. */
function ping(frame: Frame): void {
  frame.iframe.contentWindow?.postMessage({ gfg: 'ping' }, '*');
}

/** Resolves when the frame answers a ping within `limitMs`; rejects otherwise. */
function answers(frame: Frame, limitMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      frame.onMessage = undefined;
      reject(new Error('the sandbox did not answer'));
    }, limitMs);
    frame.onMessage = (message) => {
      if (message.gfg !== 'pong') return;
      clearTimeout(timer);
      frame.onMessage = undefined;
      resolve();
    };
    ping(frame);
  });
}

export interface SandboxOptions {
  /** Where the hidden iframes go. Default: document.body. */
  host?: () => HTMLElement;
}

export class SandboxRuntime implements Runtime {
  readonly kind = 'sandbox' as const;
  private spare: Frame | undefined;
  private active: ActiveRun | undefined;
  /** A run between run() and its program's start: Stop cancels it. */
  private starting: { cancel(): void } | undefined;
  private disposed = false;
  private size = { cols: 80, rows: 24 };

  constructor(private readonly options: SandboxOptions = {}) {}

  boot(): Promise<void> {
    if (this.disposed) return Promise.reject(new Error('the sandbox was disposed'));
    this.spare ??= this.createFrame();
    return this.spare.ready;
  }

  private createFrame(): Frame {
    const iframe = document.createElement('iframe');
    iframe.setAttribute('sandbox', 'allow-scripts');
    iframe.title = 'Playground sandbox (runs the program; not interactive)';
    iframe.hidden = true;
    iframe.tabIndex = -1;
    iframe.setAttribute('aria-hidden', 'true');
    iframe.src = SANDBOX_FRAME_PATH;

    const frame: Frame = { iframe, ready: Promise.resolve(), dispose: () => {} };
    const listener = (event: MessageEvent) => {
      // Only this frame's messages, and only well-formed ones.
      if (event.source === null || event.source !== iframe.contentWindow) return;
      const message = event.data as FrameMessage | null;
      if (!message || typeof message !== 'object' || typeof message.gfg !== 'string') return;
      frame.onMessage?.(message);
    };
    window.addEventListener('message', listener);
    frame.dispose = () => {
      window.removeEventListener('message', listener);
      frame.onMessage = undefined;
      iframe.remove();
    };
    frame.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the sandbox did not start')), FRAME_START_LIMIT_MS);
      frame.onMessage = (message) => {
        if (message.gfg === 'ready') {
          clearTimeout(timer);
          frame.onMessage = undefined;
          resolve();
        } else if (message.gfg === 'crash') {
          clearTimeout(timer);
          reject(new Error(message.message));
        }
      };
    });
    // A rejected boot is reported by run(); nobody else has to handle it.
    frame.ready.catch(() => {});
    (this.options.host?.() ?? document.body).appendChild(iframe);
    return frame;
  }

  async run(request: RunRequest, terminal: RuntimeTerminal): Promise<RunResult> {
    this.kill();
    let cancel = () => {};
    const cancelled = new Promise<'cancelled'>((resolve) => (cancel = () => resolve('cancelled')));
    const starting = { cancel };
    this.starting = starting;
    const stopped = (frame?: Frame): RunResult => {
      frame?.dispose();
      const message = limitMessage('killed', request);
      terminal.write(`\x1b[0m${ansi.dim(message)}\r\n`);
      return { reason: 'killed', exitCode: null, durationMs: 0, message };
    };
    try {
      const sources = { ...request.files };
      request.onPhase?.('transpiling');
      const compiled = await Promise.race([compileFiles(sources, { target: 'sandbox' }), cancelled]);
      if (compiled === 'cancelled') return stopped();
      if (!compiled.ok) {
        terminal.write(compiled.text);
        return { reason: 'error', exitCode: null, durationMs: 0, message: compiled.error.message };
      }

      request.onPhase?.('starting');
      request.onCommand?.(`node ${request.entry}${request.args?.length ? ` ${request.args.join(' ')}` : ''}`);
      let frame = this.spare ?? this.createFrame();
      this.spare = undefined;
      try {
        // A spare frame may share a process that another run took down since it was made.
        const ready = await Promise.race([frame.ready.then(() => answers(frame, FRAME_PING_LIMIT_MS)), cancelled]);
        if (ready === 'cancelled') return stopped(frame);
      } catch {
        // One retry with a fresh frame, then give up with a clear message.
        frame.dispose();
        frame = this.createFrame();
        try {
          const ready = await Promise.race([frame.ready, cancelled]);
          if (ready === 'cancelled') return stopped(frame);
        } catch (err) {
          frame.dispose();
          const message = `The in-browser sandbox could not start: ${err instanceof Error ? err.message : String(err)}.`;
          terminal.write(`${ansi.red(message)}\r\n`);
          return { reason: 'error', exitCode: null, durationMs: 0, message };
        }
      }
      if (this.disposed || this.starting !== starting) return stopped(frame);
      this.starting = undefined;
      return this.start(frame, compiled, sources, request, terminal);
    } finally {
      if (this.starting === starting) this.starting = undefined;
    }
  }

  private start(frame: Frame, compiled: Extract<Awaited<ReturnType<typeof compileFiles>>, { ok: true }>, sources: Record<string, string>, request: RunRequest, terminal: RuntimeTerminal): Promise<RunResult> {
    return new Promise<RunResult>((resolve) => {
      const startedAt = performance.now();
      let written = 0;
      let finished = false;
      // No pseudo-terminal here: echo what the reader types, as a terminal in cooked mode would.
      const unsubscribeInput = terminal.onData((data) => {
        terminal.write(data.replace(/\r/g, '\r\n').replace(/\x7f/g, '\b \b'));
        this.writeInput(data);
      });

      const end = (reason: RunResult['reason'], exitCode: number | null = null, message?: string) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        liveness.stop();
        unsubscribeInput();
        frame.dispose();
        if (this.active?.frame === frame) this.active = undefined;
        const durationMs = performance.now() - startedAt;
        if (reason === 'timeout' || reason === 'output-limit' || reason === 'memory-limit' || reason === 'crashed') {
          message ??= limitMessage(reason, request);
          terminal.write(`\x1b[0m\r\n${ansi.yellow(message)}\r\n`);
        } else if (reason === 'killed') {
          message ??= limitMessage('killed', request);
          terminal.write(`\x1b[0m\r\n${ansi.dim(message)}\r\n`);
        } else if (reason === 'error' && message) {
          terminal.write(`\x1b[0m\r\n${ansi.red(message)}\r\n`);
        }
        resolve({ reason, exitCode, durationMs, message });
        // Prepare the next run's frame while the reader reads this one's output.
        if (!this.disposed) setTimeout(() => this.boot().catch(() => {}), 0);
      };

      frame.onMessage = (message) => {
        liveness.heard();
        switch (message.gfg) {
          case 'started':
            request.onPhase?.('running');
            break;
          case 'out': {
            if (typeof message.data !== 'string') return;
            const room = request.outputLimitBytes - written;
            written += message.data.length;
            if (written > request.outputLimitBytes) {
              if (room > 0) terminal.write(message.data.slice(0, room));
              end('output-limit');
            } else terminal.write(message.data);
            break;
          }
          case 'limit':
            end('output-limit');
            break;
          case 'memory':
            end('memory-limit');
            break;
          case 'exit':
            end('exit', Number(message.code) | 0);
            break;
          case 'crash':
            end('error', null, `The sandbox failed: ${message.message}`);
            break;
        }
      };

      const timer = setTimeout(() => end('timeout'), request.timeLimitMs);
      const liveness = watchLiveness({
        intervalMs: LIVENESS_INTERVAL_MS,
        misses: LIVENESS_MISSES,
        ping: () => ping(frame),
        onSilent: () => end('crashed'),
      });
      this.active = { frame, end };
      const run: SandboxRunMessage = {
        gfg: 'run',
        files: compiled.files,
        imports: compiled.imports,
        sources,
        entry: request.entry,
        argv: ['/usr/local/bin/node', `/${request.entry}`, ...(request.args ?? [])],
        env: { TERM: 'xterm-256color', HOME: '/home/reader', ...request.env, GFG_TRACE: '1' },
        cols: terminal.cols || this.size.cols,
        rows: terminal.rows || this.size.rows,
        outputLimit: request.outputLimitBytes,
        memoryLimit: request.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES,
      };
      frame.iframe.contentWindow?.postMessage(run, '*');
    });
  }

  writeInput(text: string): void {
    const active = this.active;
    if (!active) return;
    active.frame.iframe.contentWindow?.postMessage({ gfg: 'stdin', data: text.replace(/\r/g, '\n') }, '*');
  }

  resize(cols: number, rows: number): void {
    this.size = { cols, rows };
    this.active?.frame.iframe.contentWindow?.postMessage({ gfg: 'resize', cols, rows }, '*');
  }

  kill(): void {
    this.starting?.cancel();
    this.starting = undefined;
    this.active?.end('killed');
  }

  dispose(): void {
    this.disposed = true;
    this.kill();
    this.spare?.dispose();
    this.spare = undefined;
  }
}
