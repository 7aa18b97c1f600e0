/**
 * The WebContainer runtime: StackBlitz's Node.js in the browser, through @webcontainer/api.
 *
 * What was observed (docs/design notes): boot() inserts an iframe from stackblitz.com and, with
 * no route to it, neither resolves nor rejects, and every later boot() in the page hangs too.
 * So the page boots at most once, from a module-level promise raced against BOOT_LIMIT_MS; a
 * failure is remembered for the page and never retried. The playground mounts plain
 * JavaScript (transpiled in the page: nothing is npm-installed) and spawns `node <entry>.js`.
 *
 * The pure parts (file tree, spawn command, environment, time limit race, memoised boot) are
 * exported for tests/unit/runtime/webcontainer.test.ts, which runs them in Node without a boot.
 * @webcontainer/api itself is imported dynamically, only when a boot is attempted.
 */
import type { FileSystemTree, WebContainer, WebContainerProcess } from '@webcontainer/api';
import httpHeaders from '../http-headers.json';
import { compileFiles } from './compile';
import { ansi, limitMessage, type RunRequest, type RunResult, type Runtime, type RuntimeTerminal } from './types';

/** The longest a page waits for a WebContainer to boot before it runs programs in the sandbox. */
export const BOOT_LIMIT_MS = 8_000;

/** The StackBlitz licence client id, from configuration (inlined by Next.js at build time). */
export function webContainerClientId(): string | undefined {
  const id = process.env.NEXT_PUBLIC_WEBCONTAINER_CLIENT_ID;
  return id && id.trim() ? id.trim() : undefined;
}

// ── Pure parts ─────────────────────────────────────────────────────────────────────────────

/** 'errgroup/main.ts' -> 'errgroup/main.js' */
export function toJsPath(path: string): string {
  return path.replace(/\.ts$/, '.js');
}

/**
 * The tree to mount: every file under its folders, plus a package.json that makes the `.js`
 * files CommonJS (what sucrase's imports transform produces), whatever Node's default.
 */
export function buildFileTree(files: Record<string, string>): FileSystemTree {
  const tree: FileSystemTree = {
    'package.json': { file: { contents: `${JSON.stringify({ name: 'playground', private: true, type: 'commonjs' }, null, 2)}\n` } },
  };
  for (const [path, contents] of Object.entries(files)) {
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

/** The top-level names a tree mounts, removed before the next mount so no stale file survives. */
export function topLevelEntries(tree: FileSystemTree): string[] {
  return Object.keys(tree);
}

/** What the container runs: `node errgroup/main.js [args]`. */
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

export class BootTimeoutError extends Error {
  constructor(readonly limitMs: number) {
    super(`WebContainer did not start within ${limitMs / 1000} s`);
    this.name = 'BootTimeoutError';
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

/** Resolves or rejects as the promise does, or rejects with BootTimeoutError after limitMs. */
export function raceWithTimeout<T>(promise: Promise<T>, limitMs: number, timers: Timers = realTimers): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const handle = timers.setTimeout(() => reject(new BootTimeoutError(limitMs)), limitMs);
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

export type BootOutcome<T> =
  | { ok: true; value: T; ms: number }
  | { ok: false; reason: 'timeout' | 'error' | 'not-isolated'; message: string; ms: number };

export interface BooterOptions {
  limitMs?: number;
  /** Whether the page can host a WebContainer (self.crossOriginIsolated). */
  isolated: () => boolean;
  timers?: Timers;
  now?: () => number;
}

/**
 * Boot at most once: the first call starts boot() raced against the limit; every call, before
 * or after it settles, gets the same outcome. A failure (timeout, error, page not isolated) is
 * therefore remembered, and boot() is never called a second time.
 */
export function createBooter<T>(boot: () => Promise<T>, options: BooterOptions): () => Promise<BootOutcome<T>> {
  let outcome: Promise<BootOutcome<T>> | undefined;
  const limitMs = options.limitMs ?? BOOT_LIMIT_MS;
  const now = options.now ?? (() => performance.now());
  return () => {
    outcome ??= (async (): Promise<BootOutcome<T>> => {
      const start = now();
      if (!options.isolated()) {
        return { ok: false, reason: 'not-isolated', message: 'this page is not cross-origin isolated', ms: 0 };
      }
      try {
        const value = await raceWithTimeout(Promise.resolve().then(boot), limitMs, options.timers);
        return { ok: true, value, ms: now() - start };
      } catch (err) {
        const ms = now() - start;
        if (err instanceof BootTimeoutError) return { ok: false, reason: 'timeout', message: err.message, ms };
        return { ok: false, reason: 'error', message: err instanceof Error ? err.message : String(err), ms };
      }
    })();
    return outcome;
  };
}

/** Why the WebContainer is not used, in plain words for the reader. */
export function describeBootFailure(outcome: Extract<BootOutcome<unknown>, { ok: false }>, limitMs = BOOT_LIMIT_MS): string {
  switch (outcome.reason) {
    case 'not-isolated':
      return 'WebContainers need a cross-origin isolated page, and this one is not (the site must send the COOP and COEP headers).';
    case 'timeout':
      return `the WebContainer did not start within ${limitMs / 1000} seconds: stackblitz.com may be unreachable or blocked from your network, or third-party cookies or storage are blocked.`;
    case 'error':
      return `the WebContainer failed to start (${outcome.message}).`;
  }
}

// ── The page's one WebContainer ─────────────────────────────────────────────────────────────

async function bootForReal(): Promise<WebContainer> {
  const api = await import('@webcontainer/api');
  const clientId = webContainerClientId();
  if (clientId) api.configureAPIKey(clientId);
  return api.WebContainer.boot({ coep: coepFromHeaders(httpHeaders.headers), workdirName: 'playground' });
}

/** The page's WebContainer, booted on first use, at most once per page. */
export const bootWebContainer = createBooter(bootForReal, {
  isolated: () => typeof self !== 'undefined' && self.crossOriginIsolated === true,
});

/** File system writes and spawns go through one queue: two playgrounds on a page share the container. */
let queue: Promise<unknown> = Promise.resolve();
function serialised<T>(task: () => Promise<T>): Promise<T> {
  const result = queue.then(task, task);
  queue = result.catch(() => {});
  return result;
}

export class WebContainerRuntime implements Runtime {
  readonly kind = 'webcontainer' as const;
  private process: WebContainerProcess | undefined;
  private input: WritableStreamDefaultWriter<string> | undefined;
  private endActive: ((reason: RunResult['reason']) => void) | undefined;

  constructor(private readonly booter: () => Promise<BootOutcome<WebContainer>> = bootWebContainer) {}

  async boot(): Promise<void> {
    const outcome = await this.booter();
    if (!outcome.ok) throw new Error(describeBootFailure(outcome));
  }

  async run(request: RunRequest, terminal: RuntimeTerminal): Promise<RunResult> {
    this.kill();
    request.onPhase?.('booting');
    const outcome = await this.booter();
    if (!outcome.ok) {
      const message = `WebContainer unavailable: ${describeBootFailure(outcome)}`;
      terminal.write(`${ansi.red(message)}\r\n`);
      return { reason: 'error', exitCode: null, durationMs: 0, message };
    }
    const container = outcome.value;

    request.onPhase?.('transpiling');
    const compiled = await compileFiles(request.files, toJsPath);
    if (!compiled.ok) {
      terminal.write(compiled.text);
      return { reason: 'error', exitCode: null, durationMs: 0, message: compiled.error.message };
    }

    request.onPhase?.('starting');
    const tree = buildFileTree(compiled.files);
    const { command, args } = spawnCommand(request.entry, request.args);
    let proc: WebContainerProcess;
    try {
      proc = await serialised(async () => {
        for (const name of topLevelEntries(tree)) await container.fs.rm(name, { recursive: true, force: true });
        await container.mount(tree);
        return container.spawn(command, args, { env: spawnEnv(request.env), terminal: { cols: terminal.cols, rows: terminal.rows } });
      });
    } catch (err) {
      const message = `The WebContainer could not start the program: ${err instanceof Error ? err.message : String(err)}`;
      terminal.write(`${ansi.red(message)}\r\n`);
      return { reason: 'error', exitCode: null, durationMs: 0, message };
    }

    request.onPhase?.('running');
    this.process = proc;
    this.input = proc.input.getWriter();
    const startedAt = performance.now();

    return new Promise<RunResult>((resolve) => {
      let finished = false;
      let written = 0;
      const unsubscribeInput = terminal.onData((data) => this.writeInput(data));
      const end = (reason: RunResult['reason'], exitCode: number | null = null) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        unsubscribeInput();
        if (reason !== 'exit') proc.kill();
        this.input?.releaseLock();
        if (this.process === proc) {
          this.process = undefined;
          this.input = undefined;
          this.endActive = undefined;
        }
        let message: string | undefined;
        if (reason === 'timeout' || reason === 'output-limit' || reason === 'killed') {
          message = limitMessage(reason, request);
          terminal.write(`\x1b[0m\r\n${reason === 'killed' ? ansi.dim(message) : ansi.yellow(message)}\r\n`);
        }
        resolve({ reason, exitCode, durationMs: performance.now() - startedAt, message });
      };
      this.endActive = (reason) => end(reason);
      const timer = setTimeout(() => end('timeout'), request.timeLimitMs);
      proc.output
        .pipeTo(
          new WritableStream<string>({
            write: (chunk) => {
              if (finished) return;
              const room = request.outputLimitBytes - written;
              written += chunk.length;
              if (written > request.outputLimitBytes) {
                if (room > 0) terminal.write(chunk.slice(0, room));
                end('output-limit');
              } else terminal.write(chunk);
            },
          }),
        )
        .catch(() => {});
      proc.exit.then(
        (code) => end('exit', code),
        () => end('error'),
      );
    });
  }

  writeInput(text: string): void {
    this.input?.write(text).catch(() => {});
  }

  resize(cols: number, rows: number): void {
    this.process?.resize({ cols, rows });
  }

  kill(): void {
    this.endActive?.('killed');
  }

  dispose(): void {
    this.kill();
  }
}
