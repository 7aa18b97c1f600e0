/**
 * The Worker that runs Go compiled to WebAssembly, inside the Go frame (go-frame.ts): either one
 * program (a fresh Worker per run) or the toolchain (one long-lived Worker that runs the real
 * cmd/compile and cmd/link, built for js/wasm, over an in-memory file system).
 *
 * Before the toolchain's own wasm_exec.js is evaluated, the Worker installs globalThis.fs (the
 * in-memory fs of go-memfs.ts, which hands stdout and stderr over as raw bytes), a process with a
 * working directory, and a path.resolve that resolves. It then adds what a browser lacks:
 * - a deadlock watchdog: js/wasm detects a deadlock only when the host resumes it (Node does it from
 *   process.on('exit')). When Go is paused with no timeouts scheduled and no call pending on two
 *   polls in a row, it is resumed with event id 0, and Go prints its own "all goroutines are
 *   asleep - deadlock!" and exits with code 2;
 * - timer clean-up: after main returns, timeouts Go had scheduled would still fire and throw "Go
 *   program has already exited"; they are cleared on exit;
 * - a memory limit, checked each time Go grows its memory.
 * A goroutine that spins without a call cannot be interrupted from inside (js/wasm has no
 * asynchronous preemption): the frame's worker.terminate() ends it, on the page's word.
 *
 * goWorkerMain runs from its source text: self-contained, given createGoFs.
 */
import { createGoFs, type GoFs } from './go-memfs';

/* eslint-disable @typescript-eslint/no-explicit-any -- wasm_exec.js's Go class is untyped */

/** How often the deadlock watchdog looks, and how many idle looks in a row mean deadlock (repeated inside installGoHost, which runs from its text). */
export const WATCHDOG_INTERVAL_MS = 50;
export const WATCHDOG_IDLE_POLLS = 2;

/** frame -> worker */
export type GoWorkerIn =
  | { gfg: 'run'; module: WebAssembly.Module; wasmExec: string; argv: string[]; env: Record<string, string>; memoryLimit: number }
  | { gfg: 'stdin'; data: Uint8Array | null }
  | { gfg: 'toolchain'; compile: WebAssembly.Module; link: WebAssembly.Module; wasmExec: string }
  | { gfg: 'files'; files: { path: string; data: ArrayBuffer }[] }
  | { gfg: 'build'; id: number; source: string; compileArgs: string[]; linkArgs: string[]; importcfg: string; importcfgLink: string };

/** worker -> frame */
export type GoWorkerOut =
  | { gfg: 'started' }
  | { gfg: 'out'; fd: number; data: Uint8Array }
  | { gfg: 'exit'; code: number; memoryBytes: number }
  | { gfg: 'memory'; bytes: number }
  | { gfg: 'crash'; message: string }
  | { gfg: 'toolchain-ready' }
  | { gfg: 'built'; id: number; ok: boolean; wasm?: ArrayBuffer; output: string; compileMs: number; linkMs: number; step: 'compile' | 'link' | 'done'; compileMemoryBytes?: number; linkMemoryBytes?: number };

export interface GoHost {
  fs: GoFs;
  /** The size of the last program's linear memory when it exited (what it grew to), in bytes. */
  lastMemoryBytes: number;
  /** Runs one Go program to its exit; resolves with its exit code. */
  runGo(module: WebAssembly.Module, argv: string[], env: Record<string, string>, options?: { watchdog?: boolean; memoryLimit?: number; onMemory?: (bytes: number) => void }): Promise<number>;
}

/**
 * Sets up globalThis for wasm_exec.js (fs, process, path), evaluates it, and returns a runner.
 * Used by the Worker below and, in Node, by the tests (with the same fs and the same wasm_exec.js).
 */
export function installGoHost(createFs: typeof createGoFs, wasmExec: string, fsOptions: Parameters<typeof createGoFs>[0] = {}): GoHost {
  const scope: any = globalThis;
  const WATCHDOG_INTERVAL_MS = 50;
  const WATCHDOG_IDLE_POLLS = 2;
  // Calls still pending (a read of standard input waiting for the reader): Go is not deadlocked then.
  let pending = 0;
  const fs = createFs({
    ...fsOptions,
    onPending: (delta: number) => {
      pending += delta;
      fsOptions.onPending?.(delta);
    },
  });
  const enosys = () => Object.assign(new Error('not implemented'), { code: 'ENOSYS' });
  scope.fs = fs;
  scope.process = {
    getuid: () => -1,
    getgid: () => -1,
    geteuid: () => -1,
    getegid: () => -1,
    getgroups() {
      throw enosys();
    },
    pid: -1,
    ppid: -1,
    umask() {
      throw enosys();
    },
    cwd: () => fs.gfg.cwd(),
    chdir: (path: string) => fs.gfg.chdir(path),
  };
  scope.path = { resolve: (...parts: string[]) => fs.gfg.resolve(...parts) };
  (0, eval)(wasmExec);
  const GoClass = scope.Go;

  function runGo(module: WebAssembly.Module, argv: string[], env: Record<string, string>, options: { watchdog?: boolean; memoryLimit?: number; onMemory?: (bytes: number) => void } = {}): Promise<number> {
    const go = new GoClass();
    go.argv = argv;
    go.env = env;
    let exitCode = 0;
    go.exit = (code: number) => {
      exitCode = code;
    };
    // eslint-disable-next-line prefer-const -- assigned after the import object that reads it is built
    let instance: WebAssembly.Instance;
    const gojs = go.importObject.gojs;
    if (options.memoryLimit) {
      const reset = gojs['runtime.resetMemoryDataView'];
      let reported = false;
      gojs['runtime.resetMemoryDataView'] = (sp: number) => {
        reset(sp);
        const bytes = (instance.exports.mem as WebAssembly.Memory).buffer.byteLength;
        if (bytes > options.memoryLimit! && !reported) {
          reported = true;
          options.onMemory?.(bytes);
          throw new Error(`the program grew its memory to ${bytes} bytes`);
        }
      };
    }
    instance = new WebAssembly.Instance(module, go.importObject);

    let watchdog: ReturnType<typeof setInterval> | undefined;
    const clearTimers = () => {
      if (watchdog !== undefined) clearInterval(watchdog);
      watchdog = undefined;
      for (const timer of go._scheduledTimeouts.values()) clearTimeout(timer);
      go._scheduledTimeouts.clear();
    };
    if (options.watchdog) {
      let idle = 0;
      watchdog = setInterval(() => {
        if (go.exited) return clearTimers();
        // Here Go is paused (this callback runs between its turns): is anything going to wake it?
        if (go._scheduledTimeouts.size > 0 || pending > 0) {
          idle = 0;
          return;
        }
        if (++idle < WATCHDOG_IDLE_POLLS) return;
        idle = 0;
        go._pendingEvent = { id: 0 }; // syscall/js: "zero indicates deadlock"
        go._resume();
      }, WATCHDOG_INTERVAL_MS);
    }
    return go.run(instance).then(
      () => {
        clearTimers();
        host.lastMemoryBytes = (instance.exports.mem as WebAssembly.Memory).buffer.byteLength;
        return exitCode;
      },
      (error: unknown) => {
        clearTimers();
        throw error;
      },
    );
  }
  const host: GoHost = { fs, runGo, lastMemoryBytes: 0 };
  return host;
}

/** The Worker's main: set up by the frame with a port (`connect`), then one program or the toolchain. */
export function goWorkerMain(createFs: typeof createGoFs, install: typeof installGoHost): void {
  const scope: any = globalThis;
  let port: MessagePort | undefined;
  let host: GoHost | undefined;
  let toolchain: { compile: WebAssembly.Module; link: WebAssembly.Module } | undefined;
  let capture: Uint8Array[] = [];
  const post = (message: GoWorkerOut, transfer: Transferable[] = []) => port?.postMessage(message, transfer);
  const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

  scope.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault();
    post({ gfg: 'crash', message: event.message || 'the Go program failed' });
  });
  scope.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
    event.preventDefault();
    post({ gfg: 'crash', message: describe(event.reason) });
  });

  const fsOptions = {
    onWrite(fd: number, bytes: Uint8Array) {
      if (toolchain) capture.push(bytes);
      else post({ gfg: 'out', fd, data: bytes }, [bytes.buffer]);
    },
    cwd: '/',
  };

  async function build(message: Extract<GoWorkerIn, { gfg: 'build' }>) {
    const fs = host!.fs;
    const text = () => {
      const total = capture.reduce((n, c) => n + c.length, 0);
      const all = new Uint8Array(total);
      let at = 0;
      for (const c of capture) {
        all.set(c, at);
        at += c.length;
      }
      capture = [];
      return new TextDecoder().decode(all);
    };
    const env = { GOOS: 'js', GOARCH: 'wasm', GOROOT: '/goroot', HOME: '/home', TMPDIR: '/tmp', PWD: '/src' };
    fs.gfg.writeFile('/src/main.go', message.source);
    fs.gfg.writeFile('/work/importcfg', message.importcfg);
    fs.gfg.writeFile('/work/importcfg.link', message.importcfgLink);
    fs.gfg.remove('/work/main.a');
    fs.gfg.remove('/work/main.wasm');
    if (!fs.gfg.exists('/tmp')) fs.gfg.writeFile('/tmp/.keep', '');
    fs.gfg.chdir('/src');
    capture = [];
    const t0 = performance.now();
    let code = await host!.runGo(toolchain!.compile, ['compile', ...message.compileArgs], env);
    const compileMs = performance.now() - t0;
    const compileMemoryBytes = host!.lastMemoryBytes;
    if (code !== 0) return post({ gfg: 'built', id: message.id, ok: false, output: text(), compileMs, linkMs: 0, step: 'compile' });
    const compileOutput = text();
    const t1 = performance.now();
    code = await host!.runGo(toolchain!.link, ['link', ...message.linkArgs], env);
    const linkMs = performance.now() - t1;
    const output = compileOutput + text();
    if (code !== 0) return post({ gfg: 'built', id: message.id, ok: false, output, compileMs, linkMs, step: 'link' });
    const wasm = fs.gfg.readFile('/work/main.wasm');
    post({ gfg: 'built', id: message.id, ok: true, wasm: wasm.buffer as ArrayBuffer, output, compileMs, linkMs, step: 'done', compileMemoryBytes, linkMemoryBytes: host!.lastMemoryBytes }, [wasm.buffer]);
  }

  function onMessage(event: MessageEvent) {
    const message = event.data as GoWorkerIn;
    if (!message || typeof message !== 'object') return;
    try {
      switch (message.gfg) {
        case 'run': {
          host = install(createFs, message.wasmExec, fsOptions);
          post({ gfg: 'started' });
          host
            .runGo(message.module, message.argv, message.env, { watchdog: true, memoryLimit: message.memoryLimit, onMemory: (bytes) => post({ gfg: 'memory', bytes }) })
            .then(
              (code) => post({ gfg: 'exit', code, memoryBytes: host!.lastMemoryBytes }),
              (error) => post({ gfg: 'crash', message: describe(error) }),
            );
          break;
        }
        case 'stdin':
          host?.fs.gfg.stdin(message.data);
          break;
        case 'toolchain':
          toolchain = { compile: message.compile, link: message.link };
          host = install(createFs, message.wasmExec, fsOptions);
          post({ gfg: 'toolchain-ready' });
          break;
        case 'files':
          for (const file of message.files) host!.fs.gfg.writeFile(file.path, new Uint8Array(file.data));
          break;
        case 'build':
          build(message).catch((error) => post({ gfg: 'built', id: message.id, ok: false, output: `the toolchain failed: ${describe(error)}\n`, compileMs: 0, linkMs: 0, step: 'compile' }));
          break;
      }
    } catch (error) {
      post({ gfg: 'crash', message: describe(error) });
    }
  }

  scope.onmessage = (event: MessageEvent) => {
    if (port || event.data?.gfg !== 'connect' || !event.ports[0]) return;
    port = event.ports[0];
    port.onmessage = onMessage;
    // Nothing else listens on the Worker's own channel: what a program posts there reaches no one.
    scope.onmessage = null;
  };
}

/** Helpers some compilers insert into a function's text (esbuild's keepNames adds __name calls). */
const HELPERS = `var __name = function (target, value) { try { Object.defineProperty(target, "name", { value: value, configurable: true }); } catch (e) {} return target; };`;

/** The Worker's script: the fs, the host, and the main, each from its source text. */
export function goWorkerSource(): string {
  return `"use strict";${HELPERS}\n(${goWorkerMain.toString()})(${createGoFs.toString()}, ${installGoHost.toString()});\n//# sourceURL=gfg-go-worker.js\n`;
}
