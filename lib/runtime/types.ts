/**
 * One interface for both playground runtimes (WebContainer and the in-browser sandbox).
 *
 * No React and no xterm here: a runtime talks to whatever shows its output through
 * RuntimeTerminal, so it can be driven by the xterm component in the page, by a test, or by a
 * benchmark alike.
 */

/**
 * The runtimes there are; another adds its name here and implements Runtime. 'go-wasm' is the Go
 * original (or the reader's edit of it) as WebAssembly (lib/runtime/go-wasm.ts).
 */
export type RuntimeKind = 'webcontainer' | 'sandbox' | 'go-wasm';

/** The sandbox runtime's frame document, served by app/sandbox-frame.html/route.ts with its own CSP. */
export const SANDBOX_FRAME_PATH = '/sandbox-frame.html';

/** What a runtime needs from a terminal: somewhere to write, keystrokes, and its size. */
export interface RuntimeTerminal {
  /** Program output (stdout and stderr, ANSI escapes and trace OSC sequences included). */
  write(text: string): void;
  /** Keystrokes typed into the terminal. Returns an unsubscribe function. */
  onData(callback: (data: string) => void): () => void;
  /** The terminal's size, for programs that ask (process.stdout.columns). */
  readonly cols: number;
  readonly rows: number;
}

/** Where a run is: the playground's status line shows it. */
/** 'compiling': the Go toolchain loading or building an edited main.go in the page. */
export type RunPhase = 'booting' | 'transpiling' | 'compiling' | 'starting' | 'running';

export interface RunRequest {
  /** TypeScript sources by path, relative to a virtual root: `errgroup/main.ts`, `_shared/sleep.ts`. */
  files: Record<string, string>;
  /** The path of the program to start, a key of files. */
  entry: string;
  /** Extra environment variables; both runtimes add GFG_TRACE=1 for the timeline. */
  env?: Record<string, string>;
  /** Command-line arguments after the entry file. */
  args?: string[];
  /** Wall-clock limit: the run is ended after this many milliseconds. */
  timeLimitMs: number;
  /** Output limit: the run is ended once it has written this many bytes (UTF-16 code units). */
  outputLimitBytes: number;
  /** Memory limit for buffers (ArrayBuffers, typed arrays, WebAssembly memories); default DEFAULT_MEMORY_LIMIT_BYTES. */
  memoryLimitBytes?: number;
  /** Told when the run moves to another phase. */
  onPhase?: (phase: RunPhase) => void;
  /** Told the command line the runtime really runs (`node errgroup/main.js`), for the terminal's first line. */
  onCommand?: (commandLine: string) => void;
  /** Told something the reader should know after the run (a runtime restarted, say). */
  onNotice?: (text: string) => void;
  /** Told when the run goes to another runtime than the one asked (the container died, say), and why. */
  onFallback?: (kind: RuntimeKind, reason: string) => void;
  /** Told how a long preparation is going (the Go toolchain's download, in bytes), in a line for the status. */
  onProgress?: (text: string) => void;
}

/**
 * How a run ended:
 * - exit: the program exited by itself (exitCode says how);
 * - timeout: the wall-clock limit ended it;
 * - killed: Stop (or a new run) ended it;
 * - output-limit: it wrote more than the output limit;
 * - memory-limit: it allocated more than the memory limit;
 * - crashed: the runtime stopped answering mid-run (in practice: the browser ended the sandbox's
 *   process because the program used too much memory);
 * - error: it could not start (transpile error, runtime failure): message says why.
 */
/** A compile error at a line of one of the program's files. */
export interface RunDiagnostic {
  /** The file, as the playground names it: 'main.go'. */
  file: string;
  line: number;
  column?: number;
  message: string;
}

export type RunEndReason = 'exit' | 'timeout' | 'killed' | 'output-limit' | 'memory-limit' | 'crashed' | 'error';

export interface RunResult {
  reason: RunEndReason;
  /** The program's exit code, when it exited; null when it was ended from outside or never started. */
  exitCode: number | null;
  /** Milliseconds from the start of the program to its end (transpiling excluded). */
  durationMs: number;
  /** A plain-words explanation for anything but a normal exit. */
  message?: string;
  /** The runtime that ran it, when another than the one asked (a fallback). */
  runtime?: RuntimeKind;
  /** Compile errors at source lines (the Go runtime), for the editor to mark. */
  diagnostics?: RunDiagnostic[];
}

export interface Runtime {
  readonly kind: RuntimeKind;
  /** Get ready to run. Resolves when ready; rejects (or times out) when this runtime cannot run here. */
  boot(): Promise<void>;
  /** Run a program, streaming its output to the terminal. Never rejects: failures come back as a RunResult. */
  run(request: RunRequest, terminal: RuntimeTerminal): Promise<RunResult>;
  /** Send text to the running program's standard input. */
  writeInput(text: string): void;
  /** The terminal changed size. */
  resize(cols: number, rows: number): void;
  /** End the running program, if any; its run() resolves with reason 'killed'. */
  kill(): void;
  /** Release everything (iframes, processes, listeners). */
  dispose(): void;
}

/** Defaults shared by both runtimes and the playground format. */
export const DEFAULT_TIME_LIMIT_MS = 10_000;
export const DEFAULT_OUTPUT_LIMIT_BYTES = 400_000;
/**
 * Buffers a program may hold at once. Far above what a demo needs, and low enough that a loop
 * that keeps allocating is stopped before the reader's machine runs short (phones included).
 */
export const DEFAULT_MEMORY_LIMIT_BYTES = 500_000_000;

type LimitReason = 'timeout' | 'output-limit' | 'memory-limit' | 'crashed' | 'killed';

/** Messages shown in the terminal when a limit ends a run (kept here so both runtimes say the same). */
export function limitMessage(reason: LimitReason, request: Pick<RunRequest, 'timeLimitMs' | 'outputLimitBytes' | 'memoryLimitBytes'>): string {
  switch (reason) {
    case 'timeout':
      return `Stopped: the program ran longer than the ${formatSeconds(request.timeLimitMs)} time limit. An infinite loop? Edit the code and run it again.`;
    case 'output-limit':
      return `Stopped: the program wrote more than ${formatBytes(request.outputLimitBytes)} of output, the limit for a playground.`;
    case 'memory-limit':
      return `Stopped: the program used more than ${formatBytes(request.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES)} of memory, the limit for a playground. Does a loop keep allocating? Edit the code and run it again.`;
    case 'crashed':
      return 'Stopped: the sandbox stopped answering, so the run was ended. The usual cause is a program that uses more memory than the browser allows (a loop that keeps adding to an array, say): the browser then ends the sandbox and leaves the page alone. Edit the code and run it again.';
    case 'killed':
      return 'Stopped.';
  }
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${+(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 1_000) return `${+(bytes / 1_000).toFixed(1)} kB`;
  return `${bytes} bytes`;
}

/** ANSI helpers for messages the runtimes themselves print. */
export const ansi = {
  red: (text: string) => `\x1b[31m${text}\x1b[39m`,
  yellow: (text: string) => `\x1b[33m${text}\x1b[39m`,
  dim: (text: string) => `\x1b[2m${text}\x1b[22m`,
};
