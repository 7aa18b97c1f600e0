/**
 * The WebContainer runtime: StackBlitz's Node.js in the browser, through @webcontainer/api 1.6.4.
 *
 * A real boot has never run on the machines this was written on (no route to stackblitz.com):
 * everything here is written against the API's code and documentation and tested against a
 * scripted double of its surface (tests/unit/runtime/webcontainer-double.ts). What the real API
 * does, and what this file does about it (the last section of docs/review-responses.md answers the review):
 *
 * - Booting inserts an iframe from stackblitz.com; where that cannot load it neither resolves nor
 *   rejects. So the page never waits on it: the boot starts when a playground nears the viewport
 *   (warm()), in the background, with a generous limit; a Run waits at most RUN_WAIT_MS for it and
 *   otherwise runs in the sandbox, saying so. A failed boot is remembered in the browser for
 *   FAILURE_MEMORY_MS, so a reader whose browser cannot run WebContainers pays for it once. A
 *   boot that succeeds late is kept and used by later runs.
 * - Every call into the container is an RPC to that iframe, and an iframe whose renderer died
 *   never answers: each has a time limit (RPC_LIMIT_MS). A time-out or an `error` event tears
 *   the container down; the run goes to the sandbox with a plain message; one new boot is tried.
 * - A process in a busy loop cannot be killed in a WebContainer (webcontainer-core#1121): when one
 *   has not exited KILL_GRACE_MS after kill(), the container is torn down and a new one booted.
 * - Output can arrive after the exit promise: a run ends once its stream has closed (or after
 *   EXIT_DRAIN_MS). The API decodes each output chunk on its own, so a character split across
 *   chunks would be lost: the mounted program writes its non-ASCII bytes as escapes
 *   (TTY_MODULE) that the page turns back into bytes and decodes as one stream.
 * - Each run mounts into a folder of its own (runs/<n>), so two playgrounds never share files.
 * - The page's one container lives on globalThis, so a module re-evaluated by Fast Refresh finds
 *   it instead of booting a second one (which the API refuses).
 *
 * @webcontainer/api itself is imported dynamically, only when a boot is attempted.
 */
import type { FileSystemTree } from '@webcontainer/api';
import httpHeaders from '../http-headers.json';
import { compileFiles } from './compile';
import { MODULE_PACKAGE_JSON, toJsPath } from './modules';
import { ansi, limitMessage, type RunRequest, type RunResult, type Runtime, type RuntimeTerminal } from './types';

export { toJsPath };

/** The longest a boot may take in the background before it counts as failed (nobody waits for it). */
export const BOOT_LIMIT_MS = 30_000;
/** The longest a Run waits for a WebContainer that is still booting before it runs in the sandbox. */
export const RUN_WAIT_MS = 1_500;
/** The longest one call into the container (mount, spawn, a file operation) may take. */
export const RPC_LIMIT_MS = 8_000;
/** How long a killed process has to exit before the whole container is torn down. */
export const KILL_GRACE_MS = 1_000;
/** How long a run waits, after its exit, for the output still on its way. */
export const EXIT_DRAIN_MS = 500;
/** While a program runs, the container is asked something this often; no answer within RPC_LIMIT_MS ends the run. */
export const LIVENESS_INTERVAL_MS = 3_000;
/** How long a failed boot is remembered in the browser. */
export const FAILURE_MEMORY_MS = 24 * 60 * 60 * 1000;
/** New boots after a container died (time-out, error event): one. */
export const REBOOTS_AFTER_DEATH = 1;
/** New boots after a process that would not stop: a few, then the sandbox for the rest of the page. */
export const REBOOTS_AFTER_STUCK = 3;

export const BOOT_MEMORY_KEY = 'gfg:webcontainer-boot';

/** The StackBlitz licence client id, from configuration (inlined by Next.js at build time). */
export function webContainerClientId(): string | undefined {
  const id = process.env.NEXT_PUBLIC_WEBCONTAINER_CLIENT_ID;
  return id && id.trim() ? id.trim() : undefined;
}

// ── The API surface used here (a WebContainer has it; so does the test double) ─────────────

export interface ContainerProcess {
  output: ReadableStream<string>;
  input: WritableStream<string>;
  exit: Promise<number>;
  kill(): void;
  resize(dimensions: { cols: number; rows: number }): void;
}

export interface Container {
  mount(tree: FileSystemTree, options?: { mountPoint?: string }): Promise<void>;
  spawn(command: string, args: string[], options?: { cwd?: string; env?: Record<string, string>; terminal?: { cols: number; rows: number } }): Promise<ContainerProcess>;
  fs: {
    mkdir(path: string, options: { recursive: true }): Promise<string>;
    rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void>;
    readdir(path: string): Promise<string[]>;
  };
  on(event: 'error', listener: (error: { message: string }) => void): () => void;
  teardown(): void;
}

// ── Pure parts ─────────────────────────────────────────────────────────────────────────────

/**
 * Written into every run's folder and imported first by the entry: the process's output leaves it
 * in ASCII only, every run of bytes >= 0x80 as `ESC ] 7338 ; <hex> BEL`, so no chunk the API
 * decodes on its own can split a character. OutputDecoder turns them back.
 */
export const TTY_MODULE = `// Written by the playground (lib/runtime/webcontainer.ts): non-ASCII output travels as escapes, decoded in the page.
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = function (chunk, encoding, callback) {
    if (typeof encoding === 'function') { callback = encoding; encoding = undefined; }
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding || 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let text = '';
    for (let i = 0; i < bytes.length; ) {
      let j = i;
      while (j < bytes.length && bytes[j] < 0x80) j++;
      text += bytes.toString('latin1', i, j);
      let k = j;
      while (k < bytes.length && bytes[k] >= 0x80) k++;
      if (k > j) text += '\\x1b]7338;' + bytes.toString('hex', j, k) + '\\x07';
      i = k;
    }
    return write(text, callback);
  };
}
`;
export const TTY_MODULE_PATH = '_gfg/tty.js';

const ESCAPE_START = '\x1b]7338;';

/** Turns the output back into text: escapes into bytes, and every byte through one streaming decoder. */
export class OutputDecoder {
  private pending = '';
  private readonly decoder = new TextDecoder();
  private readonly encoder = new TextEncoder();

  push(chunk: string | Uint8Array): string {
    if (typeof chunk !== 'string') return this.decoder.decode(chunk, { stream: true });
    let text = this.pending + chunk;
    this.pending = '';
    // An escape (or the start of one) cut off at the end waits for the next chunk.
    const open = text.lastIndexOf('\x1b');
    if (open >= 0) {
      const tail = text.slice(open);
      const complete = tail.startsWith(ESCAPE_START) ? tail.includes('\x07') : !ESCAPE_START.startsWith(tail);
      if (!complete) {
        this.pending = tail;
        text = text.slice(0, open);
      }
    }
    const bytes: number[] = [];
    let out = '';
    const flushBytes = () => {
      if (bytes.length) out += this.decoder.decode(new Uint8Array(bytes.splice(0)), { stream: true });
    };
    for (let i = 0; i < text.length; ) {
      if (text.startsWith(ESCAPE_START, i)) {
        const end = text.indexOf('\x07', i);
        const hex = text.slice(i + ESCAPE_START.length, end);
        for (let h = 0; h + 1 < hex.length; h += 2) bytes.push(parseInt(hex.slice(h, h + 2), 16));
        i = end + 1;
        continue;
      }
      const code = text.charCodeAt(i);
      if (code < 0x80) bytes.push(code);
      else for (const b of this.encoder.encode(text[i]!)) bytes.push(b);
      i++;
    }
    flushBytes();
    return out;
  }

  end(): string {
    const rest = this.pending;
    this.pending = '';
    return (rest ? this.push(rest) : '') + this.decoder.decode();
  }
}

/** The files of one run, with a package.json that makes them ES modules, and the output module. */
export function buildFileTree(files: Record<string, string>): FileSystemTree {
  const tree: FileSystemTree = { 'package.json': { file: { contents: MODULE_PACKAGE_JSON } } };
  for (const [path, contents] of Object.entries({ ...files, [TTY_MODULE_PATH]: TTY_MODULE })) {
    const parts = path.split('/').filter(Boolean);
    if (parts.length === 0 || parts.some((part) => part === '..' || part === '.')) throw new Error(`invalid path in a playground: '${path}'`);
    let dir = tree;
    for (const part of parts.slice(0, -1)) {
      const node = (dir[part] ??= { directory: {} });
      if (!('directory' in node)) throw new Error(`'${part}' is both a file and a folder in the playground`);
      dir = node.directory;
    }
    dir[parts[parts.length - 1]!] = { file: { contents } };
  }
  return tree;
}

/** The entry imports the output module first (same line: line numbers stay the reader's). */
export function withTtyModule(files: Record<string, string>, entryJs: string): Record<string, string> {
  const depth = entryJs.split('/').length - 1;
  const spec = `${depth === 0 ? './' : '../'.repeat(depth)}${TTY_MODULE_PATH}`;
  return { ...files, [entryJs]: `import ${JSON.stringify(spec)};${files[entryJs] ?? ''}` };
}

/** What the container runs: `node errgroup/main.js [args]`, from the run's folder. */
export function spawnCommand(entry: string, args: readonly string[] = []): { command: string; args: string[] } {
  return { command: 'node', args: [toJsPath(entry), ...args] };
}

/** The process environment: the trace channel on, colours on (the output goes to a terminal). */
export function spawnEnv(env: Record<string, string> = {}): Record<string, string> {
  return { FORCE_COLOR: '1', TERM: 'xterm-256color', ...env, GFG_TRACE: '1' };
}

/** The `coep` boot option must match the page's Cross-Origin-Embedder-Policy header. */
export function coepFromHeaders(headers: readonly { key: string; value: string }[]): 'require-corp' | 'credentialless' | 'none' {
  const value = headers.find((h) => h.key.toLowerCase() === 'cross-origin-embedder-policy')?.value.trim();
  return value === 'require-corp' || value === 'credentialless' ? value : 'none';
}

/** iPhone and iPad (iPadOS reports itself as a Mac with a touch screen): WebContainers crash Safari there. */
export function isAppleMobile(nav: { userAgent?: string; platform?: string; maxTouchPoints?: number } | undefined): boolean {
  if (!nav) return false;
  return /iPad|iPhone|iPod/.test(nav.userAgent ?? '') || (nav.platform === 'MacIntel' && (nav.maxTouchPoints ?? 0) > 1);
}

export class TimeLimitError extends Error {
  constructor(
    readonly what: string,
    readonly limitMs: number,
  ) {
    super(`${what} did not finish within ${limitMs / 1000} s`);
    this.name = 'TimeLimitError';
  }
}

/** Kept for the boot's limit: a boot that did not finish in time. */
export class BootTimeoutError extends TimeLimitError {
  constructor(limitMs: number) {
    super('WebContainer boot', limitMs);
    this.name = 'BootTimeoutError';
    this.message = `WebContainer did not start within ${limitMs / 1000} s`;
  }
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Resolves or rejects as the promise does, or rejects with `timeoutError()` after limitMs. */
export function raceWithTimeout<T>(promise: Promise<T>, limitMs: number, timers: Timers = realTimers, timeoutError: () => Error = () => new BootTimeoutError(limitMs)): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const handle = timers.setTimeout(() => reject(timeoutError()), limitMs);
    promise.then(
      (value) => {
        timers.clearTimeout(handle);
        resolve(value);
      },
      (err: unknown) => {
        timers.clearTimeout(handle);
        reject(err);
      },
    );
  });
}

export type BootFailureReason = 'timeout' | 'error' | 'not-isolated' | 'remembered' | 'apple-mobile' | 'dead' | 'disabled';

export type BootOutcome<T> = { ok: true; value: T; ms: number } | { ok: false; reason: BootFailureReason; message: string; ms: number };

/** Why the WebContainer is not used, in plain words for the reader. */
export function describeBootFailure(outcome: Extract<BootOutcome<unknown>, { ok: false }>, limitMs = BOOT_LIMIT_MS): string {
  switch (outcome.reason) {
    case 'not-isolated':
      return 'WebContainers need a cross-origin isolated page, and this one is not (the site must send the COOP and COEP headers).';
    case 'timeout':
      return `the WebContainer did not start within ${limitMs / 1000} seconds: stackblitz.com may be unreachable or blocked from your network, third-party cookies or storage may be blocked in this browser, or this site's StackBlitz client id is not accepted for its address.`;
    case 'error':
      return `the WebContainer failed to start (${outcome.message}).`;
    case 'remembered':
      return `a WebContainer could not start in this browser within the last day (${outcome.message}), so it is not tried again until then (choose WebContainer in the runtime setting to try now).`;
    case 'apple-mobile':
      return 'WebContainers crash Safari on iPhone and iPad, so they are not started there unless you choose WebContainer in the runtime setting.';
    case 'dead':
      return `the WebContainer stopped working (${outcome.message}).`;
    case 'disabled':
      return outcome.message;
  }
}

// ── Remembering a failed boot across page loads ─────────────────────────────────────────────

export interface BootMemory {
  /** A failure recorded within FAILURE_MEMORY_MS, if any. */
  recentFailure(now: number): { at: number; message: string } | undefined;
  failed(now: number, message: string): void;
  started(now: number): void;
  succeeded(): void;
}

interface StoredBoot {
  failedAt?: number;
  message?: string;
  /** Boots started and never finished (the page closed or crashed mid-boot). */
  unfinished?: number;
  startedAt?: number;
}

/** In localStorage (or nothing, where storage is blocked: then every page load may try once). */
export function storageBootMemory(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined, ttlMs = FAILURE_MEMORY_MS): BootMemory {
  const read = (): StoredBoot => {
    try {
      return JSON.parse(storage?.getItem(BOOT_MEMORY_KEY) ?? '{}') as StoredBoot;
    } catch {
      return {};
    }
  };
  const write = (value: StoredBoot) => {
    try {
      storage?.setItem(BOOT_MEMORY_KEY, JSON.stringify(value));
    } catch {
      // storage full or blocked: the failure is remembered for this page only
    }
  };
  return {
    recentFailure(now) {
      const stored = read();
      if (stored.failedAt !== undefined && now - stored.failedAt < ttlMs) return { at: stored.failedAt, message: stored.message ?? 'unknown' };
      // Two boots in a row that never finished: the page was closed, or crashed, while booting (iOS reloads the tab).
      if ((stored.unfinished ?? 0) >= 2 && stored.startedAt !== undefined && now - stored.startedAt < ttlMs) return { at: stored.startedAt, message: 'the page closed or crashed twice while it was starting' };
      return undefined;
    },
    failed(now, message) {
      write({ failedAt: now, message });
    },
    started(now) {
      const stored = read();
      write({ ...stored, unfinished: (stored.unfinished ?? 0) + 1, startedAt: now });
    },
    succeeded() {
      try {
        storage?.removeItem(BOOT_MEMORY_KEY);
      } catch {
        // nothing to forget
      }
    },
  };
}

// ── The page's container ───────────────────────────────────────────────────────────────────

export interface ManagerOptions {
  boot: () => Promise<Container>;
  isolated: () => boolean;
  memory?: BootMemory;
  limitMs?: number;
  timers?: Timers;
  now?: () => number;
  /** Wall-clock time for the boot memory (Date.now). */
  clock?: () => number;
}

type ManagerState =
  | { status: 'idle' }
  | { status: 'booting'; outcome: Promise<BootOutcome<Container>>; since: number }
  | { status: 'ready'; container: Container; ms: number }
  | { status: 'failed'; outcome: Extract<BootOutcome<Container>, { ok: false }> };

/**
 * Boots the page's one WebContainer and keeps it: at most one boot at a time, a failure
 * remembered (for the page, and in the browser), a container that died replaced once.
 */
export class ContainerManager {
  private state: ManagerState = { status: 'idle' };
  private rebootsAfterDeath = 0;
  private rebootsAfterStuck = 0;
  private unsubscribeError: (() => void) | undefined;
  private readonly errorListeners = new Set<(message: string) => void>();
  private readonly limitMs: number;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly clock: () => number;
  /** Counts every boot(): the tests check that a failure is never booted again. */
  boots = 0;

  constructor(private readonly options: ManagerOptions) {
    this.limitMs = options.limitMs ?? BOOT_LIMIT_MS;
    this.timers = options.timers ?? realTimers;
    this.now = options.now ?? (() => performance.now());
    this.clock = options.clock ?? (() => Date.now());
  }

  /** The outcome if it is known now; undefined while booting or before the first boot. */
  current(): BootOutcome<Container> | undefined {
    if (this.state.status === 'ready') return { ok: true, value: this.state.container, ms: this.state.ms };
    if (this.state.status === 'failed') return this.state.outcome;
    return undefined;
  }

  /** How long the current boot has been going, in ms (0 when none is). */
  bootingFor(): number {
    return this.state.status === 'booting' ? this.now() - this.state.since : 0;
  }

  /**
   * Starts a boot unless one is under way, done, or failed; the outcome of the current one.
   * `force` (the reader chose WebContainer) tries despite a failure remembered from another page load.
   */
  start(options: { force?: boolean } = {}): Promise<BootOutcome<Container>> {
    const state = this.state;
    if (state.status === 'booting') return state.outcome;
    if (state.status === 'ready') return Promise.resolve({ ok: true, value: state.container, ms: state.ms });
    if (state.status === 'failed' && !(options.force && state.outcome.reason === 'remembered')) return Promise.resolve(state.outcome);
    if (!this.options.isolated()) return this.fail({ ok: false, reason: 'not-isolated', message: 'this page is not cross-origin isolated', ms: 0 });
    const remembered = options.force ? undefined : this.options.memory?.recentFailure(this.clock());
    if (remembered) return this.fail({ ok: false, reason: 'remembered', message: remembered.message, ms: 0 });
    return this.boot();
  }

  private fail(outcome: Extract<BootOutcome<Container>, { ok: false }>): Promise<BootOutcome<Container>> {
    this.state = { status: 'failed', outcome };
    return Promise.resolve(outcome);
  }

  private boot(): Promise<BootOutcome<Container>> {
    const since = this.now();
    this.boots++;
    this.options.memory?.started(this.clock());
    const attempt = Promise.resolve().then(this.options.boot);
    const outcome = raceWithTimeout(attempt, this.limitMs, this.timers).then(
      (container): BootOutcome<Container> => {
        const ms = this.now() - since;
        this.state = { status: 'ready', container, ms };
        this.options.memory?.succeeded();
        this.unsubscribeError = container.on('error', (error) => this.died(container, `it reported an internal error: ${error?.message ?? 'unknown'}`));
        return { ok: true, value: container, ms };
      },
      (err: unknown): BootOutcome<Container> => {
        const ms = this.now() - since;
        const failure: Extract<BootOutcome<Container>, { ok: false }> =
          err instanceof BootTimeoutError ? { ok: false, reason: 'timeout', message: err.message, ms } : { ok: false, reason: 'error', message: err instanceof Error ? err.message : String(err), ms };
        this.state = { status: 'failed', outcome: failure };
        this.options.memory?.failed(this.clock(), failure.message);
        // A boot that succeeds after its limit is torn down: the page has stopped waiting for it
        // and the API allows one container at a time, so leaving it would block the next boot.
        attempt.then(
          (late) => {
            try {
              late.teardown();
            } catch {
              // already gone
            }
          },
          () => {},
        );
        return failure;
      },
    );
    this.state = { status: 'booting', outcome, since };
    return outcome;
  }

  /** Told when the container reports an error (the runs in it end). */
  onError(listener: (message: string) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  private tearDown(container: Container): void {
    this.unsubscribeError?.();
    this.unsubscribeError = undefined;
    try {
      container.teardown();
    } catch {
      // already torn down
    }
  }

  /**
   * The container stopped answering or reported an error: tear it down, tell the runs, and boot
   * a new one once per page. Returns what the reader is told.
   */
  died(container: Container, why: string): string {
    if (this.state.status !== 'ready' || this.state.container !== container) return '';
    this.tearDown(container);
    for (const listener of [...this.errorListeners]) listener(why);
    if (this.rebootsAfterDeath < REBOOTS_AFTER_DEATH) {
      this.rebootsAfterDeath++;
      this.state = { status: 'idle' };
      void this.boot();
      return `The WebContainer stopped working (${why}), so it was shut down; a new one is starting for later runs, and until it is ready programs run in the in-browser sandbox.`;
    }
    this.state = { status: 'failed', outcome: { ok: false, reason: 'dead', message: why, ms: 0 } };
    return `The WebContainer stopped working again (${why}), so programs run in the in-browser sandbox for the rest of this page.`;
  }

  /** A process would not stop: the only way to end it is to tear the container down. Returns what the reader is told. */
  replace(container: Container): string {
    if (this.state.status !== 'ready' || this.state.container !== container) return '';
    this.tearDown(container);
    if (this.rebootsAfterStuck < REBOOTS_AFTER_STUCK) {
      this.rebootsAfterStuck++;
      this.state = { status: 'idle' };
      void this.boot();
      return 'The program did not stop when asked (a busy loop cannot be interrupted inside a WebContainer), so the WebContainer was shut down to stop it. A new one is starting for the next run.';
    }
    this.state = { status: 'failed', outcome: { ok: false, reason: 'disabled', message: 'programs that would not stop have ended the WebContainer several times on this page, so it is not started again', ms: 0 } };
    return 'The program did not stop when asked, so the WebContainer was shut down; programs run in the in-browser sandbox for the rest of this page.';
  }
}

let apiKeyConfigured = false;

async function bootForReal(): Promise<Container> {
  const api = await import('@webcontainer/api');
  const clientId = webContainerClientId();
  // configureAPIKey throws once any boot was called: once per page, even across re-boots.
  if (clientId && !apiKeyConfigured) {
    apiKeyConfigured = true;
    api.configureAPIKey(clientId);
  }
  return (await api.WebContainer.boot({ coep: coepFromHeaders(httpHeaders.headers), workdirName: 'playground' })) as unknown as Container;
}

function browserStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

const GLOBAL_KEY = Symbol.for('gfg.webcontainer.manager');

/** The page's one container manager; kept on globalThis so a module re-evaluated by Fast Refresh reuses it. */
export function pageContainer(): ContainerManager {
  const holder = globalThis as unknown as Record<symbol, ContainerManager | undefined>;
  return (holder[GLOBAL_KEY] ??= new ContainerManager({
    boot: bootForReal,
    isolated: () => typeof self !== 'undefined' && self.crossOriginIsolated === true,
    memory: storageBootMemory(browserStorage()),
  }));
}

// ── Runs ───────────────────────────────────────────────────────────────────────────────────

export interface WebContainerRuntimeOptions {
  manager?: ContainerManager;
  /** Where a run goes when the container cannot take it (the sandbox). */
  fallback?: () => Runtime;
  rpcLimitMs?: number;
  killGraceMs?: number;
  exitDrainMs?: number;
  livenessIntervalMs?: number;
}

interface ActiveRun {
  cancel(): void;
  writeInput(text: string): void;
  resize(cols: number, rows: number): void;
}

let runCounter = 0;

export class WebContainerRuntime implements Runtime {
  readonly kind = 'webcontainer' as const;
  private active: ActiveRun | undefined;
  private readonly manager: ContainerManager;
  private readonly rpcLimitMs: number;
  private readonly killGraceMs: number;
  private readonly exitDrainMs: number;
  private readonly livenessIntervalMs: number;

  constructor(private readonly options: WebContainerRuntimeOptions = {}) {
    this.manager = options.manager ?? pageContainer();
    this.rpcLimitMs = options.rpcLimitMs ?? RPC_LIMIT_MS;
    this.killGraceMs = options.killGraceMs ?? KILL_GRACE_MS;
    this.exitDrainMs = options.exitDrainMs ?? EXIT_DRAIN_MS;
    this.livenessIntervalMs = options.livenessIntervalMs ?? LIVENESS_INTERVAL_MS;
  }

  async boot(): Promise<void> {
    const outcome = await this.manager.start();
    if (!outcome.ok) throw new Error(describeBootFailure(outcome));
  }

  /** One call into the container, with its time limit (a released proxy throws at once: that rejects too). */
  private rpc<T>(what: string, call: () => Promise<T>): Promise<T> {
    return raceWithTimeout(Promise.resolve().then(call), this.rpcLimitMs, realTimers, () => new TimeLimitError(what, this.rpcLimitMs));
  }

  /** The run could not go to the container: it goes to the sandbox, and the reader is told why. */
  private async fallBack(request: RunRequest, terminal: RuntimeTerminal, notice: string): Promise<RunResult> {
    if (notice) terminal.write(`${ansi.yellow(notice)}\r\n`);
    const fallback = this.options.fallback?.();
    if (!fallback) return { reason: 'error', exitCode: null, durationMs: 0, message: notice || 'The WebContainer is not available.' };
    request.onFallback?.(fallback.kind, notice);
    const result = await fallback.run(request, terminal);
    return { ...result, runtime: fallback.kind };
  }

  async run(request: RunRequest, terminal: RuntimeTerminal): Promise<RunResult> {
    this.kill();
    let cancelled = false;
    let cancelRun = () => {};
    const stopped = new Promise<'cancelled'>((resolve) => (cancelRun = () => resolve('cancelled')));
    let input: (text: string) => void = () => {};
    let resize: (cols: number, rows: number) => void = () => {};
    const active: ActiveRun = {
      cancel: () => {
        cancelled = true;
        cancelRun();
      },
      writeInput: (text) => input(text),
      resize: (cols, rows) => resize(cols, rows),
    };
    this.active = active;
    const release = () => {
      if (this.active === active) this.active = undefined;
    };
    const stoppedBeforeStart = (): RunResult => {
      release();
      const message = limitMessage('killed', request);
      terminal.write(`\x1b[0m${ansi.dim(message)}\r\n`);
      return { reason: 'killed', exitCode: null, durationMs: 0, message };
    };

    const outcome = this.manager.current();
    if (!outcome?.ok) {
      release();
      return this.fallBack(request, terminal, outcome ? `WebContainer unavailable: ${describeBootFailure(outcome)}` : 'The WebContainer is still starting, so this run went to the in-browser sandbox.');
    }
    const container = outcome.value;

    request.onPhase?.('transpiling');
    const compiled = await Promise.race([compileFiles(request.files, { target: 'node' }), stopped]);
    if (compiled === 'cancelled') return stoppedBeforeStart();
    if (!compiled.ok) {
      release();
      terminal.write(compiled.text);
      return { reason: 'error', exitCode: null, durationMs: 0, message: compiled.error.message };
    }

    request.onPhase?.('starting');
    const entryJs = toJsPath(request.entry);
    const tree = buildFileTree(withTtyModule(compiled.files, entryJs));
    const dir = `runs/${++runCounter}`;
    const { command, args } = spawnCommand(request.entry, request.args);
    let proc: ContainerProcess;
    try {
      await this.rpc('creating the run folder', () => container.fs.mkdir(dir, { recursive: true }));
      await this.rpc('mounting the files', () => container.mount(tree, { mountPoint: dir }));
      if (cancelled) return stoppedBeforeStart();
      proc = await this.rpc('starting node', () => container.spawn(command, args, { cwd: dir, env: spawnEnv(request.env), terminal: { cols: terminal.cols, rows: terminal.rows } }));
    } catch (err) {
      release();
      const why = err instanceof TimeLimitError ? `${err.what} took longer than ${err.limitMs / 1000} s` : `it failed: ${err instanceof Error ? err.message : String(err)}`;
      const told = this.manager.died(container, why);
      if (cancelled) return stoppedBeforeStart();
      return this.fallBack(request, terminal, `${told || `The WebContainer could not start the program (${why}).`} This run went to the in-browser sandbox.`);
    }
    if (cancelled) {
      // Stopped while node was starting: it must not run on.
      const exited = await Promise.race([Promise.resolve().then(() => proc.kill()).then(() => proc.exit), delay(this.killGraceMs)]);
      if (exited === TIMED_OUT) terminal.write(`${ansi.yellow(this.manager.replace(container))}\r\n`);
      return stoppedBeforeStart();
    }

    request.onCommand?.(`node ${args.join(' ')}`);
    request.onPhase?.('running');
    const startedAt = performance.now();
    const writer = proc.input.getWriter();
    input = (text) => void writer.write(text).catch(() => {});
    resize = (cols, rows) => {
      try {
        proc.resize({ cols, rows });
      } catch {
        // the process is gone
      }
    };

    return new Promise<RunResult>((resolve) => {
      let finished = false;
      let written = 0;
      const decoder = new OutputDecoder();
      const abort = new AbortController();
      const unsubscribeInput = terminal.onData((data) => input(data));
      const unsubscribeError = this.manager.onError((why) => end('crashed', null, `Stopped: the WebContainer stopped working (${why}).`));
      const show = (text: string) => {
        if (finished || !text) return;
        const room = request.outputLimitBytes - written;
        written += text.length;
        if (written > request.outputLimitBytes) {
          if (room > 0) terminal.write(text.slice(0, room));
          void end('output-limit');
        } else terminal.write(text);
      };
      // The flood is cancelled at the stream (abort), not only ignored here.
      const piped = proc.output.pipeTo(new WritableStream<string>({ write: (chunk) => show(decoder.push(chunk)) }), { signal: abort.signal }).catch(() => {});
      const timer = setTimeout(() => void end('timeout'), request.timeLimitMs);
      const liveness = setInterval(() => {
        this.rpc('answering', () => container.fs.readdir(dir)).catch((err: unknown) => {
          if (err instanceof TimeLimitError) {
            const told = this.manager.died(container, 'it stopped answering while the program ran');
            void end('crashed', null, `Stopped: the WebContainer stopped answering while the program ran (the usual cause: the program used more memory than the browser allows).${told ? ` ${told}` : ''}`);
          }
        });
      }, this.livenessIntervalMs);

      active.cancel = () => {
        cancelled = true;
        void end('killed');
      };

      const end = async (reason: RunResult['reason'], exitCode: number | null = null, crashMessage?: string): Promise<void> => {
        if (finished) return;
        if (reason === 'exit') {
          // Output may still be on its way after the exit: wait for the stream to close, a little.
          await Promise.race([piped, delay(this.exitDrainMs)]);
          if (finished) return;
          show(decoder.end());
        }
        finished = true;
        clearTimeout(timer);
        clearInterval(liveness);
        unsubscribeInput();
        unsubscribeError();
        input = () => {};
        release();
        let message: string | undefined = crashMessage;
        if (reason !== 'exit') {
          abort.abort();
          if (reason !== 'crashed') {
            try {
              proc.kill();
            } catch {
              // already gone
            }
          }
        }
        if (reason === 'timeout' || reason === 'output-limit' || reason === 'killed') {
          message = limitMessage(reason, request);
          terminal.write(`\x1b[0m\r\n${reason === 'killed' ? ansi.dim(message) : ansi.yellow(message)}\r\n`);
        } else if (reason === 'crashed' && message) terminal.write(`\x1b[0m\r\n${ansi.yellow(message)}\r\n`);
        try {
          writer.releaseLock();
        } catch {
          // the stream is gone with its process
        }
        resolve({ reason, exitCode, durationMs: performance.now() - startedAt, message });
        if (reason !== 'exit' && reason !== 'crashed') {
          // Stop means stopped: a process still there after the grace period takes the container down with it.
          const exited = await Promise.race([proc.exit.then(() => true, () => true), delay(this.killGraceMs)]);
          if (exited === TIMED_OUT) {
            const told = this.manager.replace(container);
            if (told) {
              terminal.write(`${ansi.yellow(told)}\r\n`);
              request.onNotice?.(told);
            }
            return;
          }
        }
        this.rpc('removing the run folder', () => container.fs.rm(dir, { recursive: true, force: true })).catch(() => {});
      };
      proc.exit.then(
        (code) => void end('exit', code),
        () => void end('crashed', null, 'Stopped: the WebContainer lost the process.'),
      );
    });
  }

  writeInput(text: string): void {
    this.active?.writeInput(text);
  }

  resize(cols: number, rows: number): void {
    this.active?.resize(cols, rows);
  }

  kill(): void {
    this.active?.cancel();
  }

  dispose(): void {
    this.kill();
  }
}

const TIMED_OUT = Symbol('timed out');

function delay(ms: number): Promise<typeof TIMED_OUT> {
  return new Promise((resolve) => setTimeout(() => resolve(TIMED_OUT), ms));
}
